"""What the access log's stored words mean to an auditor, in the auditor's language.

An entry keeps what was written when it was made (the seal covers it): the record's type as
the model's technical label ("referrals.referral") and the purpose in English. The auditor's
page shows the type by the model's name and the purpose translated where the catalogue knows
it: call sites mark their purposes with `gettext_noop`; a purpose whose variables are numbers
marks its template with `%s` in their place ("retention: anonymised %s errands"), and one that
names data (codes, field names) puts them after a colon, outside the marked words.
"""

from __future__ import annotations

import re
from collections import Counter

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

# Who acted when no one logged in did, stored in an entry's `actor_label` as written here (and
# translated for the reader): a resident on a public form, or behind their own private link.
RESIDENT = gettext_noop("resident")
RESIDENT_PRIVATE_LINK = gettext_noop("resident (private link)")

# Record types that are not a model of their own.
OTHER_TYPES = {
    "subject_access.resident": _("resident (subject access request)"),
}

_NUMBER = re.compile(r"\d+")


def by_resident(actor_label: str) -> bool:
    """Whether an entry without a staff member was made by the resident the record is about."""
    return actor_label in (RESIDENT, RESIDENT_PRIVATE_LINK)


def record_type_label(object_type: str) -> str:
    """The record type by its name ("Henvisning"); the stored label itself when it names no model."""
    if object_type in OTHER_TYPES:
        return capfirst(str(OTHER_TYPES[object_type]))
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return capfirst(str(model._meta.verbose_name))


def record_type_choices(types: list[str]) -> list[tuple[str, str]]:
    """The given record types by name in the current language, sorted by name; two types of one
    name (an offer of the help guide and a local offer) are told apart by their part of the platform."""
    named = [(label, record_type_label(label)) for label in types]
    counts = Counter(name for _label, name in named)
    return sorted(((label, name if counts[name] == 1 else f"{name} ({_part_of(label)})") for label, name in named),
                  key=lambda choice: choice[1].casefold())


def _part_of(object_type: str) -> str:
    try:
        return str(apps.get_app_config(object_type.partition(".")[0]).verbose_name)
    except LookupError:
        return object_type


def in_readers_language(purpose: str) -> str:
    """A purpose (or the label of a system or a resident) in the reader's language where the
    catalogue has it, else as written. A purpose that names data after a colon ("API client
    created: referrals:read") has its words before the colon translated and the data kept."""
    if not purpose:
        return ""
    translated = _translated(purpose)
    if translated is not None:
        return translated
    head, colon, data = purpose.partition(": ")
    if colon and (translated := _translated(head)) is not None:
        return f"{translated}: {data}"
    return purpose


def _translated(text: str) -> str | None:
    """`text` from the catalogue, as it stands or with its numbers as `%s`; None if it is not there."""
    translated = gettext(text)
    if translated != text:
        return translated
    numbers = _NUMBER.findall(text)
    if numbers:
        template = _NUMBER.sub("%s", text.replace("%", "%%"))
        translated = gettext(template)
        if translated != template:
            return translated % tuple(numbers)
    return None
