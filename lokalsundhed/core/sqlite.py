"""SQLite's LIKE with Unicode case folding, for the embedded database.

Django's case-insensitive lookups (`icontains`, `iexact`, `istartswith`…) are `LIKE … ESCAPE '\\'`
on SQLite, and SQLite's LIKE folds the case of A–Z only: "østergade" did not find "Østergade", nor
"åse" "Åse". PostgreSQL's UPPER folds every letter. On each new SQLite connection the platform
replaces SQLite's `like()` by `like` below — the same wildcards (`%` any run, `_` one character),
the same escape, NULL for NULL — comparing the lowered text, letter by letter as PostgreSQL does.
SQLite then no longer uses an index for LIKE, which it did only for a case-sensitive LIKE anyway.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=512)
def _compiled(pattern: str, escape: str | None) -> re.Pattern[str]:
    parts, escaped = [], False
    for char in pattern.lower():
        if escaped:
            parts.append(re.escape(char))
            escaped = False
        elif escape is not None and char == escape:
            escaped = True
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL)


def like(pattern: str | None, value: Any, escape: str | None = None) -> bool | None:
    """`value LIKE pattern [ESCAPE escape]`, the case of every letter folded."""
    if pattern is None or value is None:
        return None
    return _compiled(pattern, escape).fullmatch(str(value).lower()) is not None


def fold_case_in_like(sender: Any, connection: Any, **kwargs: Any) -> None:
    """On `connection_created` (connected in `CoreConfig.ready`)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, like, deterministic=True)
        connection.connection.create_function("like", 3, like, deterministic=True)
