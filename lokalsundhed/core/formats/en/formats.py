"""English as staff in Denmark read it: the day before the month and a 24-hour clock.

Django's "en" is American: 12/06/2026 7:18 a.m. is the 6th of December there and the 12th of June
to anyone here. British English orders the date as Danish does; the clock is the 24-hour one of
every other page and message of the platform, and weeks start on Monday."""

from django.conf.locale.en_GB.formats import *  # noqa: F403

TIME_FORMAT = "H:i"  # 07:18
DATETIME_FORMAT = "j M Y, H:i"  # 6 Dec 2026, 07:18
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 06/12/2026 07:18
