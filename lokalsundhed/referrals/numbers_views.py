"""Numbers the partnership needs: bridge-building figures per partnership and per estate, from
the anonymous statistics only. For analysts and administrators, in the partnerships and estates
of the organisations where they hold that role."""

from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from lokalsundhed.core.access import AuthedRequest, get_for_user, require_perm, scoped
from lokalsundhed.core.db import reads_from_replica
from lokalsundhed.core.permissions import Perm
from lokalsundhed.core.spreadsheets import safe_row
from lokalsundhed.organisations.models import Estate, Partnership
from lokalsundhed.organisations.scopes import estate_q
from lokalsundhed.referrals.models import Statistic
from lokalsundhed.referrals.selectors import Numbers, csv_rows, numbers_for

PAGE_SIZE = 50


def _partnerships(request: AuthedRequest) -> QuerySet[Partnership]:
    ids = request.user.organisation_ids_with(Perm.VIEW_AGGREGATES)
    return (
        scoped(request.user, Partnership)
        .filter(Q(municipality_id__in=ids) | Q(housing_organisations__in=ids))
        .distinct()
    )


def _estates(request: AuthedRequest) -> QuerySet[Estate]:
    return scoped(request.user, Estate).filter(estate_q(request.user, Perm.VIEW_AGGREGATES))


@require_perm(Perm.VIEW_AGGREGATES)
@reads_from_replica
def numbers_index(request: AuthedRequest) -> HttpResponse:
    """The partnerships and estates whose numbers the user may see."""
    partnerships = _partnerships(request).select_related("municipality").order_by("name", "pk")
    estates = _estates(request).select_related("housing_organisation").order_by("name", "pk")
    page = Paginator(estates, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "referrals/numbers/index.html", {"partnerships": partnerships, "page": page})


def _partnership(request: AuthedRequest, pk: int) -> tuple[Partnership, Numbers]:
    partnership = get_for_user(request.user, Partnership, _partnerships(request).select_related("municipality"), pk=pk)
    rows = Statistic.objects.filter(estate__partnerships=partnership)
    return partnership, numbers_for(rows, today=timezone.localdate())


def _estate(request: AuthedRequest, pk: int) -> tuple[Estate, Numbers]:
    estate = get_for_user(request.user, Estate, _estates(request).select_related("housing_organisation"), pk=pk)
    return estate, numbers_for(Statistic.objects.filter(estate=estate), today=timezone.localdate())


def _csv(numbers: Numbers, name: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"lokalsundhed-{slugify(name) or 'tal'}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # spreadsheet programs read the Danish letters right with a byte-order mark
    csv.writer(response).writerows(map(safe_row, csv_rows(numbers)))
    return response


@require_perm(Perm.VIEW_AGGREGATES)
@reads_from_replica
def numbers_partnership(request: AuthedRequest, pk: int) -> HttpResponse:
    partnership, numbers = _partnership(request, pk)
    return render(request, "referrals/numbers/detail.html", {
        "title": partnership.name,
        "subtitle": partnership.municipality,
        "numbers": numbers,
        "csv_url_name": "referrals:numbers_partnership_csv",
        "pk": partnership.pk,
    })


@require_perm(Perm.VIEW_AGGREGATES)
@reads_from_replica
def numbers_partnership_csv(request: AuthedRequest, pk: int) -> HttpResponse:
    partnership, numbers = _partnership(request, pk)
    return _csv(numbers, partnership.name)


@require_perm(Perm.VIEW_AGGREGATES)
@reads_from_replica
def numbers_estate(request: AuthedRequest, pk: int) -> HttpResponse:
    estate, numbers = _estate(request, pk)
    return render(request, "referrals/numbers/detail.html", {
        "title": estate.name,
        "subtitle": estate.housing_organisation,
        "numbers": numbers,
        "csv_url_name": "referrals:numbers_estate_csv",
        "pk": estate.pk,
    })


@require_perm(Perm.VIEW_AGGREGATES)
@reads_from_replica
def numbers_estate_csv(request: AuthedRequest, pk: int) -> HttpResponse:
    estate, numbers = _estate(request, pk)
    return _csv(numbers, estate.name)
