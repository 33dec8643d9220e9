"""The Danish company register number (CVR): eight digits, the last a modulus-11 check digit.

The weights 2, 7, 6, 5, 4, 3, 2, 1 times the digits add up to a multiple of 11 for every number
the register issues (e.g. 10 10 39 40, 25 31 37 63). Typing errors of one digit, and most swaps
of two neighbours, are caught.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def normalise_cvr(raw: str) -> str:
    """'DK-10 10 39 40' → '10103940': the digits, without the country prefix and spaces."""
    text = (raw or "").strip().upper().removeprefix("DK").strip(" -")
    return "".join(ch for ch in text if ch.isdigit())


def cvr_is_valid(cvr: str) -> bool:
    """Eight digits, not starting with 0, whose weighted sum is divisible by 11."""
    if len(cvr) != 8 or not cvr.isdigit() or cvr[0] == "0":
        return False
    return sum(int(digit) * weight for digit, weight in zip(cvr, WEIGHTS, strict=True)) % 11 == 0


def validate_cvr(value: str) -> None:
    """The validator for forms and models: a clear message for a number that cannot be a CVR number."""
    cvr = normalise_cvr(value)
    if len(cvr) != 8:
        raise ValidationError(_("A CVR number has 8 digits."), code="cvr_length")
    if not cvr_is_valid(cvr):
        raise ValidationError(_("%(cvr)s is not a valid CVR number: check the digits.") % {"cvr": cvr},
                              code="cvr_check_digit")
