"""iCalendar text shared by the feeds: what staff typed stays one property's text."""

from __future__ import annotations

import pytest

from lokalsundhed.core.icalendar import escape_text, fold


@pytest.mark.parametrize("brk", ["\r\n", "\r", "\n", "\x85", "\u2028", "\u2029"])
def test_every_line_break_is_written_as_an_escaped_newline(brk):
    assert escape_text(f"Café{brk}END:VEVENT") == "Café\\nEND:VEVENT"


def test_other_control_characters_become_spaces_and_a_tab_stays():
    assert escape_text("a\x00b\x0bc\x1fd\x7fe\tf") == "a b c d e\tf"


def test_backslash_semicolon_and_comma_are_escaped():
    assert escape_text("a\\b;c,d") == "a\\\\b\\;c\\,d"


def test_a_long_line_is_folded_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "ø" * 60
    folded = fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line and fold("SUMMARY:kort") == "SUMMARY:kort"
