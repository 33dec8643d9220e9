"""A plain progress bar for long commands: redrawn in place on a terminal, one line when done otherwise."""

from __future__ import annotations

import sys
from typing import TextIO


class Progress:
    """`with Progress("dwellings", total) as bar: bar.advance(n)` — writes to stderr."""

    WIDTH = 30

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label, self.total, self.done = label, max(total, 0), 0
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self._shown = -1

    def advance(self, n: int = 1) -> None:
        self.done = min(self.done + n, self.total)
        percent = 100 * self.done // self.total if self.total else 100
        if self.live and percent != self._shown:  # redraw only when the figure changes
            self._shown = percent
            filled = self.WIDTH * percent // 100
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r{self.label:<14} [{bar}] {percent:3d}% {self.done:>9,}/{self.total:,}")
            self.stream.flush()

    def __enter__(self) -> Progress:
        self.advance(0)
        return self

    def __exit__(self, *exc: object) -> None:
        ending = "\n" if self.live else f"{self.label:<14} {self.done:>9,}/{self.total:,}\n"
        self.stream.write(ending)
        self.stream.flush()
