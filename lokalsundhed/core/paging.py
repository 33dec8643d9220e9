"""Pages of a list whose rows carry figures (counts, next times) that its count does not need."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class CountedPaginator(Paginator):
    """Pages of `object_list`, counted on `rows`: the same rows without the annotations, joins and
    order that only the page needs. Django counts an annotated list by wrapping the whole grouped
    query (its joins, subqueries and GROUP BY) in a COUNT; the bare rows count by index."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, rows: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self._rows = rows

    @cached_property
    def count(self) -> int:
        return self._rows.count()


class KnownCountPaginator(Paginator):
    """Pages of `object_list` whose number of rows the view already counted (with others, in one
    grouped query): no second COUNT for the pages."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, count: int, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self._known = count

    @cached_property
    def count(self) -> int:
        return self._known
