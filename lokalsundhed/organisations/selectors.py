"""Reads of the organisations' registry that pages share."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from lokalsundhed.organisations.models import Dwelling, Estate


def with_dwelling_counts(estates: QuerySet[Estate]) -> QuerySet[Estate]:
    """Each estate with its number of dwellings (`dwelling_count`), counted per estate through the
    dwellings' estate index when the estate is read: joined and grouped instead, a page of 25 would
    read every dwelling of every estate in the reader's municipality (and so would its count)."""
    per_estate = (Dwelling.objects.filter(estate=OuterRef("pk")).order_by().values("estate")
                  .annotate(n=Count("pk")).values("n"))
    return estates.annotate(dwelling_count=Coalesce(Subquery(per_estate), 0))
