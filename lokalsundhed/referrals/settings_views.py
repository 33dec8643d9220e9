"""Routing settings for municipal administrators: receiving units, the routing grid, deadlines
and the retention policy — only for the municipalities in which the user is administrator.

A housing organisation's administrator also holds MANAGE_ROUTING by role but administers no
municipality: they are refused (403), and the menu does not offer the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lokalsundhed.accounts.models import User
from lokalsundhed.core.access import AuthedRequest, get_for_user, require_perm, scoped
from lokalsundhed.core.permissions import Perm
from lokalsundhed.organisations.models import Organisation
from lokalsundhed.referrals import settings_services
from lokalsundhed.referrals.housekeeping import DEFAULT_CLOSED_REFERRAL_MONTHS
from lokalsundhed.referrals.models import (
    DeadlinePolicy,
    ReceivingUnit,
    RetentionPolicy,
    RoutingRule,
    SignCategory,
)
from lokalsundhed.referrals.settings_forms import (
    DeadlinesForm,
    RetentionForm,
    RoutingGridForm,
    UnitForm,
)


def administered_municipality_ids(user: User) -> set[int]:
    """Municipalities in which the user may manage routing (from the loaded memberships: no query)."""
    allowed = user.organisation_ids_with(Perm.MANAGE_ROUTING)
    return {m.organisation_id for m in user.active_memberships
            if m.organisation_id in allowed and m.organisation.is_municipality}


def _administered_or_403(request: AuthedRequest) -> set[int]:
    ids = administered_municipality_ids(request.user)
    if not ids:
        raise PermissionDenied
    return ids


def _municipality(request: AuthedRequest, pk: int) -> Organisation:
    ids = _administered_or_403(request)
    return get_for_user(request.user, Organisation,
                        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY, pk__in=ids), pk=pk)


def _people(request: AuthedRequest, municipality: Organisation) -> QuerySet[User]:
    """Who can be a unit's lead or member: the active members of the municipality."""
    return (
        scoped(request.user, User)
        .filter(memberships__organisation=municipality, is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )


@require_perm(Perm.MANAGE_ROUTING)
def routing_settings(request: AuthedRequest) -> HttpResponse:
    """The administered municipalities with their receiving units and links to each setting."""
    ids = _administered_or_403(request)
    municipalities = sorted(
        {m.organisation for m in request.user.active_memberships if m.organisation_id in ids}, key=lambda o: o.name
    )
    units = (
        scoped(request.user, ReceivingUnit)
        .filter(municipality_id__in=ids)
        .select_related("lead")
        .annotate(member_count=Count("members"))
        .order_by("municipality_id", "-is_default", "name")
    )
    by_municipality: dict[int, list[ReceivingUnit]] = {pk: [] for pk in ids}
    for unit in units:
        by_municipality[unit.municipality_id].append(unit)
    sections = [
        {"municipality": m, "units": by_municipality[m.pk], "has_default": any(u.is_default for u in by_municipality[m.pk])}
        for m in municipalities
    ]
    return render(request, "referrals/settings/index.html", {"sections": sections})


def _unit_page(request: AuthedRequest, municipality: Organisation, unit: ReceivingUnit | None) -> HttpResponse:
    people = _people(request, municipality)
    has_default = unit is not None or (
        scoped(request.user, ReceivingUnit).filter(municipality=municipality, is_default=True).exists())
    form = UnitForm(request.POST or None, people=people, unit=unit, has_default=has_default)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = settings_services.save_receiving_unit(
                settings_services.UnitInput(
                    name=data["name"],
                    kind=data["kind"],
                    lead=data["lead"],
                    members=list(data["members"]),
                    notification_email=data["notification_email"],
                    notification_phone=data["notification_phone"],
                    is_default=data["is_default"],
                ),
                municipality=municipality,
                unit=unit,
                actor=request.user,
                request=request,
            )
        except settings_services.SettingsRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("%(unit)s is saved.") % {"unit": saved.name})
            return redirect("referrals:routing_settings")
    return render(request, "referrals/settings/unit_form.html",
                  {"form": form, "municipality": municipality, "unit": unit})


@require_perm(Perm.MANAGE_ROUTING)
def unit_new(request: AuthedRequest, municipality_pk: int) -> HttpResponse:
    return _unit_page(request, _municipality(request, municipality_pk), None)


@require_perm(Perm.MANAGE_ROUTING)
def unit_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    ids = _administered_or_403(request)
    unit = get_for_user(
        request.user,
        ReceivingUnit,
        ReceivingUnit.objects.filter(municipality_id__in=ids).select_related("municipality")
        .prefetch_related("members"),
        pk=pk,
    )
    return _unit_page(request, unit.municipality, unit)


@require_perm(Perm.MANAGE_ROUTING)
def routing_grid(request: AuthedRequest, municipality_pk: int) -> HttpResponse:
    """Sign category × urgency → receiving unit, in one form; htmx swaps the grid in place."""
    municipality = _municipality(request, municipality_pk)
    categories = list(SignCategory.objects.order_by("order", "name"))
    units = list(scoped(request.user, ReceivingUnit).filter(municipality=municipality).order_by("name"))
    rules = dict(
        ((category_id, urgency), unit_id)
        for category_id, urgency, unit_id in RoutingRule.objects.filter(municipality=municipality).values_list(
            "category_id", "urgency", "unit_id"
        )
    )
    form = RoutingGridForm(request.POST or None, categories=categories, units=units, rules=rules)
    saved = None
    if request.method == "POST" and form.is_valid():
        try:
            changed = settings_services.save_routing(municipality, form.cells(), actor=request.user, request=request)
        except settings_services.SettingsRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            saved = ngettext("The routing is saved (%(count)s change).", "The routing is saved (%(count)s changes).",
                             changed) % {"count": changed}
            if not request.htmx:
                messages.success(request, saved)
                return redirect("referrals:routing_grid", municipality_pk=municipality.pk)
    default = next((unit for unit in units if unit.is_default), None)
    context = {"form": form, "municipality": municipality, "default": default, "units": units, "saved": saved}
    if request.htmx:
        return render(request, "referrals/settings/_routing_grid.html", context)
    return render(request, "referrals/settings/routing_grid.html", context)


@require_perm(Perm.MANAGE_ROUTING)
def deadlines(request: AuthedRequest, municipality_pk: int) -> HttpResponse:
    municipality = _municipality(request, municipality_pk)
    current = {
        urgency: (days, hours)
        for urgency, days, hours in DeadlinePolicy.objects.filter(municipality=municipality).values_list(
            "urgency", "working_days", "hours"
        )
    }
    form = DeadlinesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        settings_services.save_deadlines(municipality, form.deadlines(), actor=request.user, request=request)
        messages.success(request, _("The deadlines are saved. They apply to referrals sent from now on."))
        return redirect("referrals:routing_settings")
    return render(request, "referrals/settings/deadlines.html", {"form": form, "municipality": municipality})


@require_perm(Perm.MANAGE_ROUTING)
def retention(request: AuthedRequest, municipality_pk: int) -> HttpResponse:
    municipality = _municipality(request, municipality_pk)
    months = (
        RetentionPolicy.objects.filter(organisation=municipality).values_list("closed_referral_months", flat=True).first()
    )
    form = RetentionForm(request.POST or None,
                         initial={"closed_referral_months": months or DEFAULT_CLOSED_REFERRAL_MONTHS})
    if request.method == "POST" and form.is_valid():
        settings_services.save_retention_policy(
            municipality, closed_referral_months=form.cleaned_data["closed_referral_months"],
            actor=request.user, request=request,
        )
        messages.success(request, _("The retention policy is saved. The worker applies it every night."))
        return redirect("referrals:routing_settings")
    return render(request, "referrals/settings/retention.html",
                  {"form": form, "municipality": municipality, "is_default": months is None})
