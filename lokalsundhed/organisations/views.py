"""Estates and partnerships, as the user's memberships let them see them."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render

from lokalsundhed.core.access import AuthedRequest, get_for_user, require_perm, scoped
from lokalsundhed.core.permissions import Perm
from lokalsundhed.organisations.models import Dwelling, Estate, Facility, Partnership
from lokalsundhed.organisations.selectors import with_dwelling_counts

PAGE_SIZE = 50


@require_perm(Perm.VIEW_ORGANISATION)
def estate_list(request: AuthedRequest) -> HttpResponse:
    estates = with_dwelling_counts(
        scoped(request.user, Estate).select_related("housing_organisation", "municipality").order_by("name", "pk")
    )
    page = Paginator(estates, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "organisations/estate_list.html", {"page": page})


@require_perm(Perm.VIEW_ORGANISATION)
def estate_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    estate = get_for_user(
        request.user, Estate, Estate.objects.select_related("housing_organisation", "municipality"), pk=pk
    )
    facilities = scoped(request.user, Facility).filter(estate=estate)
    dwellings = scoped(request.user, Dwelling).filter(estate=estate)
    page = Paginator(dwellings, PAGE_SIZE).get_page(request.GET.get("page"))
    partnerships = scoped(request.user, Partnership).filter(estates=estate)
    return render(
        request,
        "organisations/estate_detail.html",
        {
            "estate": estate,
            "facilities": facilities,
            "page": page,
            "partnerships": partnerships,
            "can_see_dwellings": request.user.has_role_perm(Perm.VIEW_DWELLINGS),
            "can_see_numbers": request.user.has_role_perm(Perm.VIEW_AGGREGATES),
        },
    )


@require_perm(Perm.VIEW_ORGANISATION)
def partnership_list(request: AuthedRequest) -> HttpResponse:
    partnerships = (
        scoped(request.user, Partnership)
        .select_related("municipality")
        .annotate(estate_count=Count("estates", distinct=True))
        .order_by("name", "pk")
    )
    return render(request, "organisations/partnership_list.html", {"partnerships": partnerships})


@require_perm(Perm.VIEW_ORGANISATION)
def partnership_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    partnership = get_for_user(
        request.user,
        Partnership,
        Partnership.objects.select_related("municipality").prefetch_related(
            "housing_organisations", "estates__housing_organisation"
        ),
        pk=pk,
    )
    return render(
        request,
        "organisations/partnership_detail.html",
        {"partnership": partnership, "can_see_numbers": request.user.has_role_perm(Perm.VIEW_AGGREGATES)},
    )
