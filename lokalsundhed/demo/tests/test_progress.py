from __future__ import annotations

from io import StringIO

from lokalsundhed.core.progress import Progress


class Terminal(StringIO):
    def isatty(self) -> bool:
        return True


def test_it_writes_one_line_when_not_on_a_terminal():
    stream = StringIO()
    with Progress("dwellings", 1_000, stream) as bar:
        for _ in range(10):
            bar.advance(100)
    assert stream.getvalue() == "dwellings          1,000/1,000\n"


def test_it_redraws_in_place_on_a_terminal():
    stream = Terminal()
    with Progress("dwellings", 200, stream) as bar:
        bar.advance(100)
        bar.advance(100)
    text = stream.getvalue()
    assert text.count("\r") == 3  # 0 %, 50 %, 100 %
    assert " 50%" in text and "100%" in text and text.endswith("\n")


def test_it_copes_with_nothing_to_do():
    stream = Terminal()
    with Progress("partnerships", 0, stream):
        pass
    assert "100%" in stream.getvalue()
