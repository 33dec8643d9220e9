"""Phone numbers: the one place that reads what a person typed and makes it an E.164 number.

Residents type on phones set to Arabic, Urdu or Persian (their own digits), paste from
messages (full-width, superscript or mathematical digits, no-break spaces, odd dashes) and
double the plus. `parse_phone` reads all of it as digits, asks `phonenumbers` (Google's
libphonenumber metadata) whether it is a number that can exist — Danish unless a country
code says otherwise — and answers `+4520304050`, ASCII only. What is not a phone number is
refused with a message in the reader's language.

`PhoneField` (forms) and `PhoneNumberField` (models, so the admin site uses it too) are how
every phone field of ours gets it; `core.subject_access.normalise_phone` reads through it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "DK"
_LEADING_PLUS = re.compile(r"^([\s(]*)\++")
NOT_A_PHONE_NUMBER = _("This is not a phone number we can send a message to. Write it with digits, e.g. %(example)s.")
EXAMPLE = "20 30 40 50"


def isolated(number: str) -> str:
    """A phone number kept left to right inside a sentence of any language (LRI … PDI): an Arabic or
    Urdu line would otherwise draw "20 30 40 50" as "50 40 30 20"."""
    return f"\u2066{number}\u2069"


def _refusal() -> ValidationError:
    return ValidationError(NOT_A_PHONE_NUMBER, code="phone", params={"example": isolated(EXAMPLE)})


def ascii_digits(raw: str) -> str:
    """The text with every digit (Arabic-Indic, full-width, superscript, mathematical …) in ASCII
    and every plus sign a plain `+`; other characters as NFKC leaves them."""
    out = []
    for char in unicodedata.normalize("NFKC", raw):
        digit = unicodedata.decimal(char, None)
        if digit is not None:
            out.append(str(digit))
        elif char in "+\u2795\ufe62":  # plus, heavy plus, small plus (NFKC maps the full-width one)
            out.append("+")
        else:
            out.append(char)
    return "".join(out)


def parse_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    """`raw` as an E.164 number (`+4520304050`), or a ValidationError if it is not one.

    A doubled plus in front is read as one; a plus anywhere else, letters, or a number that
    cannot exist in its country (too short, too long, no such range) is refused.
    """
    text = ascii_digits(raw).strip()
    head = _LEADING_PLUS.match(text)
    if head:  # "++45 …", "(+45) …": one plus, where it belongs
        text = head.group(1) + "+" + text[head.end():]
    if "+" in text[head.end(1) + 1 if head else 0:] or any(c.isalpha() for c in text):
        raise _refusal()
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        raise _refusal() from error
    if not phonenumbers.is_valid_number(number):
        raise _refusal()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """`+4520304050` → `20 30 40 50` for a Danish number, the international format otherwise."""
    try:
        number = phonenumbers.parse(e164, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return e164
    region = phonenumbers.region_code_for_number(number)
    style = phonenumbers.PhoneNumberFormat.NATIONAL if region == DEFAULT_REGION else \
        phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)


class PhoneField(forms.CharField):
    """A form field whose cleaned value is an E.164 number (or "" when left empty)."""


    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)  # what is typed; the stored number is at most 16
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        return parse_phone(text) if text else text

    def prepare_value(self, value: Any) -> Any:
        return display_phone(value) if isinstance(value, str) and value.startswith("+") else value


class PhoneNumberField(models.CharField):
    """A model's phone number, stored in E.164; its form field is `PhoneField`.

    It is a CharField to the database and to migrations (`deconstruct`), so adopting it
    changes no schema.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs

    def formfield(self, form_class: Any = None, choices_form_class: Any = None, **kwargs: Any) -> Any:
        return super().formfield(form_class=form_class or PhoneField, choices_form_class=choices_form_class,
                                 **{"max_length": 40, **kwargs})
