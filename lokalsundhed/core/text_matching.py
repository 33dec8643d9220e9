"""Case-insensitive matches that fold Danish letters on SQLite too.

Django's `icontains`, `iexact`, `istartswith` and `iendswith` are `LIKE … ESCAPE '\\'` on SQLite,
and SQLite's LIKE folds the case of A–Z only: "østergade" found no "Østergade", nor "åse" "Åse".
PostgreSQL's UPPER folds every letter. When the searched text holds a letter beyond ASCII that has
a case, these lookups ask SQLite's GLOB instead, with every letter written as the class of its
cases (`[øØ][sS][tT]…`) — plain SQL, so nothing of Python runs inside SQLite (a Python `like()`
deadlocked the test server's threads on a shared in-memory database). Every other match, and every
match on PostgreSQL, is Django's own.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Field, lookups

# The characters that mean something in a GLOB pattern, each written as a class of itself.
_GLOB_SPECIAL = {"*": "[*]", "?": "[?]", "[": "[[]"}


def _cases(char: str) -> str:
    """`char` in every single-letter case (ß's upper case, "SS", is two letters and stays out)."""
    variants = dict.fromkeys(c for c in (char, char.lower(), char.upper(), char.casefold(), char.title())
                             if len(c) == 1)
    return "".join(variants)


def needs_folding(text: str) -> bool:
    """Whether SQLite's LIKE would miss a case of `text`: it holds a cased letter beyond ASCII."""
    return any(not char.isascii() and len(_cases(char)) > 1 for char in text)


def glob_pattern(text: str, *, prefix: str = "", suffix: str = "") -> str:
    """A GLOB pattern matching `text` in any case of each letter, between `prefix` and `suffix`."""
    parts = []
    for char in text:
        cases = _cases(char)
        if len(cases) > 1:
            parts.append(f"[{cases}]")
        else:
            parts.append(_GLOB_SPECIAL.get(char, char))
    return f"{prefix}{''.join(parts)}{suffix}"


class _FoldedOnSQLite:
    glob_prefix = ""
    glob_suffix = ""

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        rhs = self.rhs  # type: ignore[attr-defined]
        if (not self.rhs_is_direct_value() or self.bilateral_transforms  # type: ignore[attr-defined]
                or not isinstance(rhs, str) or not needs_folding(rhs)):
            return self.as_sql(compiler, connection)  # type: ignore[attr-defined]
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)  # type: ignore[attr-defined]
        pattern = glob_pattern(rhs, prefix=self.glob_prefix, suffix=self.glob_suffix)
        return f"{lhs_sql} GLOB %s", (*lhs_params, pattern)


class IExact(_FoldedOnSQLite, lookups.IExact):
    pass


class IContains(_FoldedOnSQLite, lookups.IContains):
    glob_prefix = glob_suffix = "*"


class IStartsWith(_FoldedOnSQLite, lookups.IStartsWith):
    glob_suffix = "*"


class IEndsWith(_FoldedOnSQLite, lookups.IEndsWith):
    glob_prefix = "*"


def register() -> None:
    """Put these lookups in place of Django's (called once, from `CoreConfig.ready`)."""
    for lookup in (IExact, IContains, IStartsWith, IEndsWith):
        Field.register_lookup(lookup)
