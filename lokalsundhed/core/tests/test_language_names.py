"""Languages named for the reader: inside a sentence as the reader's language writes them."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from lokalsundhed.core.language_names import name_for_reader, names_in_a_sentence


@pytest.mark.parametrize(("reader", "expected"), [
    ("da", "Dansk og arabisk"),  # Danish writes language names in lower case inside a sentence
    ("en", "Danish and Arabic"),
])
def test_languages_are_listed_as_the_reader_writes_them_in_a_sentence(reader, expected):
    with translation.override(reader):
        assert names_in_a_sentence(["da", "ar"]) == expected


def test_a_language_on_its_own_is_named_with_a_capital_letter():
    with translation.override("da"):
        assert name_for_reader("ar") == "Arabisk"
        assert names_in_a_sentence([]) == ""


def test_the_template_filter_names_the_languages():
    with translation.override("da"):
        html = Template("{% load languages %}{{ codes|language_names }}").render(Context({"codes": ["so", "uk"]}))
    assert html == "Somali og ukrainsk"
