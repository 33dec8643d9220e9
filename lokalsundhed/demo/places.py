"""The two municipalities the demo plays in, by official code: shared by every story module."""

from __future__ import annotations

FREDERICIA, VEJLE = "0607", "0630"
