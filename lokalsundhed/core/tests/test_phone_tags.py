"""`{% load phones %}`: a phone number reads the same on every staff page, "21 77 95 95", and
is a tel: link a phone can call."""

from __future__ import annotations

import pytest
from django.template import Context, Template


def _render(source: str, number: str) -> str:
    return Template("{% load phones %}" + source).render(Context({"number": number}))


@pytest.mark.parametrize(("number", "shown"), [
    ("+4521779595", "21 77 95 95"),  # stored E.164
    ("72 10 61 88", "72 10 61 88"),  # a help-guide number as written by its editor
    ("72106188", "72 10 61 88"),
    ("+46701234567", "+46 70 123 45 67"),  # a foreign number keeps its country code
    ("ring omstillingen", "ring omstillingen"),  # not a number: as written
    ("", ""),
])
def test_a_number_is_shown_in_the_national_style(number, shown):
    assert _render("{{ number|phone }}", number) == shown


def test_a_number_is_a_tel_link_with_the_number_a_phone_dials():
    assert _render("{% phone_link number %}", "+4521779595") == (
        '<a href="tel:+4521779595" class="phone-link" dir="ltr">21 77 95 95</a>')
    assert _render("{% phone_link number %}", "72 10 61 88") == (
        '<a href="tel:+4572106188" class="phone-link" dir="ltr">72 10 61 88</a>')
    assert _render("{% phone_link number %}", "") == ""
