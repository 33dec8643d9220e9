"""What the languages residents read are called, and which way they are written (settings.RESIDENT_LANGUAGES)."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils import translation

from lokalsundhed.core.cldr import locale

# What a resident reads in the language list: the language's own name.
_OWN_NAMES = {"so": "Soomaali"}


def resident_languages() -> list[str]:
    return list(getattr(settings, "RESIDENT_LANGUAGES", [settings.LANGUAGE_CODE]))


def own_name(code: str) -> str:
    info = LANG_INFO.get(code, {})
    return str(info.get("name_local") or _OWN_NAMES.get(code) or code).capitalize()


def name_for_reader(code: str) -> str:
    """The language's name in the reader's own language, from CLDR ("Arabisk" to a Danish
    analyst); its own name where CLDR has none."""
    return _name_in(code, translation.get_language() or settings.LANGUAGE_CODE)


@cache
def _name_in(code: str, reader_language: str) -> str:
    # A table of hundreds of rows names the same few languages again and again.
    names = locale(reader_language).languages
    name = names.get(code.replace("-", "_")) or names.get(code.split("-")[0])
    return str(name[:1].upper() + name[1:]) if name else own_name(code)


def resident_language_choices() -> list[tuple[str, str]]:
    return [(code, own_name(code)) for code in resident_languages()]


def is_rtl(code: str) -> bool:
    return bool(LANG_INFO.get(code, {}).get("bidi", False))
