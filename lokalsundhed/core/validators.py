"""The CPR guard: a Danish personal identity number must never be typed into free text.

One validator for the whole product; `core.forms.GuardedForm`/`GuardedModelForm` attach it
to every text field, and a test checks that every form of ours does.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Six digits (DDMMYY), an optional dash or space(s), four digits — not part of a longer number.
_CPR_CANDIDATE = re.compile(r"(?<![\d.,/+-])(\d{2})(\d{2})(\d{2})[ \t]*-?[ \t]*(\d{4})(?![\d.,/-]?\d)")


def _is_real_date(day: int, month: int, year2: int) -> bool:
    for century in (1900, 2000):
        try:
            date(century + year2, month, day)
        except ValueError:
            continue
        return True
    return False


def find_cpr_numbers(text: str) -> list[tuple[int, int]]:
    """Spans of what looks like a CPR number: a real birth date followed by four digits."""
    spans = []
    for match in _CPR_CANDIDATE.finditer(text or ""):
        day, month, year2 = (int(g) for g in match.groups()[:3])
        if _is_real_date(day, month, year2):
            spans.append(match.span())
    return spans


STAFF_REFUSAL = _(
    "The text seems to contain a CPR number. CPR numbers must never be written here: "
    "remove it and describe the resident by first name and address only."
)
# Residents' own forms speak to the resident, in their language.
RESIDENT_REFUSAL = _("Please do not write a CPR number here: we never need it. Remove it and try again.")


class CprGuard:
    """The validator: refuses a text holding a CPR number, with the message for its reader."""

    def __init__(self, message: StrOrPromise = STAFF_REFUSAL) -> None:
        self.message = message

    def __call__(self, value: str) -> None:
        if find_cpr_numbers(value):
            raise ValidationError(self.message, code="cpr_number")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CprGuard)

    def __hash__(self) -> int:
        return hash(CprGuard)


def refuse_cpr_number(value: str) -> None:
    """Raise a clear error when the text contains a CPR number. The rest of the input stays."""
    CprGuard()(value)
