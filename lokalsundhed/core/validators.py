"""The CPR guard: a Danish personal identity number must never be typed into free text.

One validator for the whole product; `core.forms.GuardedForm`/`GuardedModelForm` attach it
to every text field, and a test checks that every form of ours does.

How a number is found, whatever a phone, a word processor or a person made of it:

1. **Normalise.** Each character goes through Unicode NFKC (full-width, superscript,
   mathematical and circled digits become ASCII), every other decimal digit (Arabic-Indic,
   Devanagari, …) becomes its ASCII digit, invisible format characters (zero-width space,
   soft hyphen, …) are dropped, and every dash or hyphen (and an underscore, or a plus
   between digits), every kind of space, every dot (and a colon or comma) and every slash
   becomes one of four plain separators.
2. **Group.** Digits separated by at most five separator characters form one *run* of
   groups: `01.02.03 - 12 34` is one run of five groups.
3. **Match.** A CPR number is ten digits of consecutive groups of a run whose first six are
   a real date (DDMMYY in the 1900s or 2000s). Within a longer run, the ten digits must be
   set off by a space (or a full stop ending a sentence) on each side that lies inside the
   run: a dash, dot or slash binds the digits around it into one token, so `2024-010170-1234` (an invoice) and
   `1234-0101701234` (reg. and account number) are not CPR numbers, but
   `010170-1234 12 34 56 78` (a CPR number, then a phone number) is.

What stays allowed, and why it cannot be taken for a CPR number:

- phone numbers: eight digits (`12 34 56 78`); with `+45` in front they are international
  (a run after `+` is never a CPR number);
- EAN/GLN numbers: 13 digits however grouped in the GS1 way (`5 790001 234567`);
- account numbers: a 4-digit registration number followed by the account number
  (`1234-0101701234`, `1234 0101701234`);
- IBANs with a correct check sum (`DK50 0040 0440 1162 43`);
- invoice and case numbers: a year bound by a dash, dot or slash to a serial (`2024-012345`),
  or digits bound by dashes to more digits (`2024-010170-1234`);
- dates with or without a time (`24.12.2025`, `24.12.25 10.30`, `2001-01-01 10:30`): ten
  digits holding a date with a four-digit year are a date;
- amounts with thousands separators (`3.010.170.123,00 kr`).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Characters that NFKC leaves alone but people (or their keyboards) use between digit groups.
_DASHES = frozenset("\u2212\u2796\u02d7\u2043\u2e3a\u2e3b\u2010\u2011\u2012\u2013\u2014\u2015\ufe58\ufe63\uff0d~_")
# A colon or comma between digit groups reads as a dot: 010170:1234 and 010170,1234 are numbers,
# 10:30 is a time and 1.234,50 an amount either way.
_DOTS = frozenset(".:,\u00b7\u2022\u2027\u2219\u22c5\u30fb\u3002\uff61\u06d4\u060c\u066b\u066c")
_SLASHES = frozenset("/\\\u2044\u2215\u2216\u29f5\u29f8\u29f9")
_DROPPED_CATEGORIES = frozenset({"Cf", "Mn", "Me"})  # zero-width and joining characters, soft hyphen, keycaps
_SEPARATORS = " -./"

_RUN = re.compile(r"\d+(?:[ \-./]{1,5}\d+)*")
_GROUP = re.compile(r"\d+")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}(?:\.\d{2})?")  # 3.010.170.123(,00) is an amount
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")


def _normal_char(char: str) -> str:
    """One character as the guard reads it: ASCII digit, one of ' -./', or itself (NFKC)."""
    out = []
    for c in unicodedata.normalize("NFKC", char):
        category = unicodedata.category(c)
        if category in _DROPPED_CATEGORIES:
            continue
        digit = unicodedata.decimal(c, None)
        if digit is not None:
            out.append(str(digit))
        elif c.isspace() or category == "Zs":
            out.append(" ")
        elif category == "Pd" or c in _DASHES:
            out.append("-")
        elif c in _DOTS:
            out.append(".")
        elif c in _SLASHES:
            out.append("/")
        else:
            out.append(c)
    return "".join(out)


def normalise(text: str) -> tuple[str, list[int]]:
    """The text as the guard reads it, and for each of its characters the index it came from."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char.isascii() and (char.isalnum() or char in _SEPARATORS):
            chars.append(char)  # the common case, kept fast
            origin.append(index)
            continue
        if char == "+" and chars and chars[-1].isdigit():
            chars.append("-")  # 010170+1234; a plus before digits (+45) stays: a phone number
            origin.append(index)
            continue
        for c in _normal_char(char):
            chars.append(c)
            origin.append(index)
    return "".join(chars), origin


def _is_real_date(day: int, month: int, year2: int) -> bool:
    for century in (1900, 2000):
        try:
            date(century + year2, month, day)
        except ValueError:
            continue
        return True
    return False


def _is_iban(compact: str) -> bool:
    """An IBAN whose ISO 13616 check digits are right (mod 97 == 1)."""
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _mask_ibans(text: str) -> str:
    def mask(match: re.Match[str]) -> str:
        found = match.group()
        return "X" * len(found) if _is_iban(found.replace(" ", "")) else found

    return _IBAN.sub(mask, text)


def _binds(sep: str) -> bool:
    """A dash, slash or dot binds the digits around it; a space, or a full stop ending a sentence, does not."""
    mark = sep.strip()
    return bool(mark) and not (mark == "." and sep.endswith(" "))


def _is_year(group: str) -> bool:
    return len(group) == 4 and 1900 <= int(group) <= 2099


def _holds_a_full_date(groups: list[str], seps: list[str]) -> bool:
    """Three groups joined by dashes, dots or slashes that are a date with a four-digit year."""
    for k in range(len(groups) - 2):
        a, b, c = groups[k:k + 3]
        if not (seps[k].strip() and seps[k + 1].strip()):
            continue
        if len(c) == 4 and len(a) <= 2 and len(b) <= 2:
            year, month, day = int(c), int(b), int(a)
        elif len(a) == 4 and len(b) <= 2 and len(c) <= 2:
            year, month, day = int(a), int(b), int(c)
        else:
            continue
        if 1900 <= year <= 2099:
            try:
                date(year, month, day)
            except ValueError:
                continue
            return True
    return False


def _looks_like_cpr(groups: list[str], seps: list[str], i: int, j: int) -> bool:
    """Are groups i..j (inclusive) of a run, with the separators between them, a CPR number?"""
    digits = "".join(groups[i:j + 1])
    if len(digits) != 10:
        return False
    # Inside a run, the number must be set off by spaces: a dash, dot or slash binds it to more.
    if (i > 0 and _binds(seps[i - 1])) or (j < len(groups) - 1 and _binds(seps[j])):
        return False
    if i > 0 and i == j and len(groups[i - 1]) == 4:
        return False  # registration number and account number: 1234 0101701234
    lengths = [len(g) for g in groups[i:j + 1]]
    inner = seps[i:j]
    if lengths == [2, 2, 2, 2, 2] and all(s.strip() for s in inner[:2]) and not _binds(inner[2]) \
            and inner[3] == "." and int(groups[j - 1]) < 24 and int(groups[j]) < 60:
        return False  # a date and a time: 24.12.25 10.30
    if _holds_a_full_date(groups[i:j + 1], inner):
        return False  # 01.01.2000 10:30, 2001-01-01 10:30
    if i < j and _is_year(groups[i]) and _binds(inner[0]):
        return False  # a case or invoice number of a year: 2024-012345
    return _is_real_date(int(digits[:2]), int(digits[2:4]), int(digits[4:6]))


def find_cpr_numbers(text: str) -> list[tuple[int, int]]:
    """Spans (in `text`) of what looks like a CPR number: a real birth date and four digits."""
    if not text:
        return []
    normal, origin = normalise(text)
    normal = _mask_ibans(normal)
    spans = []
    for run in _RUN.finditer(normal):
        start = run.start()
        if start > 0 and normal[start - 1] == "+":
            continue  # an international phone number
        if _THOUSANDS.fullmatch(run.group()):
            continue
        matches = list(_GROUP.finditer(run.group()))
        groups = [m.group() for m in matches]
        seps = [run.group()[a.end():b.start()] for a, b in zip(matches, matches[1:], strict=False)]
        for i in range(len(groups)):
            length = 0
            for j in range(i, len(groups)):
                length += len(groups[j])
                if length > 10:
                    break
                if length == 10 and _looks_like_cpr(groups, seps, i, j):
                    first, last = start + matches[i].start(), start + matches[j].end()
                    spans.append((origin[first], origin[last - 1] + 1))
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
