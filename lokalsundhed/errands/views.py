"""Practical help pages: caretakers' list (take, complete with minutes, release), a request on a
resident's behalf, the housing organisation's catalogue, the monthly report (page, CSV, chart),
and the residents' public request form. Thin: parse, authorise, call, render."""

from __future__ import annotations

import csv
from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core import throttle
from lokalsundhed.core.access import AuthedRequest, get_for_user, public, require_perm, scoped
from lokalsundhed.core.db import reads_from_replica
from lokalsundhed.core.languages import resident_page
from lokalsundhed.core.permissions import Perm
from lokalsundhed.core.spreadsheets import safe_row
from lokalsundhed.errands import housekeeping, selectors, services
from lokalsundhed.errands.forms import (
    CompleteForm,
    ErrandRequestForm,
    ErrandTypeForm,
    ErrandTypeNamesForm,
    MonthForm,
    StaffErrandForm,
)
from lokalsundhed.errands.models import Errand, ErrandType
from lokalsundhed.organisations.models import Dwelling, Estate, Organisation

# How long a cancelled errand is offered for restoring on the list.
RESTORE_WINDOW = timedelta(days=14)
PAGE_SIZE = 25


@require_perm(Perm.WORK_ERRANDS)
def errand_list(request: AuthedRequest) -> HttpResponse:
    """Open errands of one's estates, oldest first in pages (a large housing organisation's
    caretakers share them all), and on every page those one has taken and those cancelled lately.
    Fixed queries."""
    lately = timezone.now() - RESTORE_WINDOW
    errands = scoped(request.user, Errand).select_related("estate", "errand_type", "dwelling", "taken_by")
    record(actor=request.user, action=Action.SEARCH, object_type="errands.errand",
           organisation_id=min(request.user.organisation_ids_with(Perm.WORK_ERRANDS)),
           purpose=gettext_noop("open errands"), request=request)
    # Each state apart, so that each reads an index (of the taker; of estate, state and creation)
    # instead of one scan of every errand for three states at once.
    mine = list(errands.filter(state=Errand.State.TAKEN, taken_by=request.user).order_by("created_at", "pk"))
    cancelled = list(errands.filter(state=Errand.State.CANCELLED, cancelled_at__gte=lately, anonymised_at__isnull=True)
                     .order_by("created_at", "pk"))
    page = Paginator(errands.filter(state=Errand.State.OPEN).order_by("created_at", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    context = {
        "mine": mine,
        "page": page,
        "cancelled": cancelled,
        "complete_form": CompleteForm(),
    }
    return render(request, "errands/errand_list.html", context)


def _housing_ids(request: AuthedRequest, perm: Perm) -> set[int]:
    return {
        m.organisation_id for m in request.user.active_memberships
        if m.organisation.kind == Organisation.Kind.HOUSING and request.user.has_role_perm(perm, m.organisation_id)
    }


@require_perm(Perm.WORK_ERRANDS)
def errand_new(request: AuthedRequest) -> HttpResponse:
    """Ask for an errand on a resident's behalf, for an address in one's estates."""
    housing = _housing_ids(request, Perm.WORK_ERRANDS)
    dwellings = scoped(request.user, Dwelling).filter(estate__housing_organisation_id__in=housing)
    types = scoped(request.user, ErrandType).filter(housing_organisation_id__in=housing, is_active=True,
                                                    allowed=True)
    estates = scoped(request.user, Estate).filter(housing_organisation_id__in=housing).order_by("name")
    form = StaffErrandForm(request.POST or None, errand_types=types, dwellings=dwellings, estates=estates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        estate = data["dwelling"].estate if data.get("dwelling") else data["estate"]
        try:
            services.request_errand(
                services.ErrandRequest(estate=estate, errand_type=data["errand_type"],
                                       resident_first_name=data["resident_first_name"], phone=data["phone"],
                                       dwelling=data.get("dwelling"), address=data["address"], note=data["note"],
                                       when=data["when"]),
                actor=request.user, request=request,
            )
        except services.TransitionNotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The errand is on the list for the caretakers."))
            return redirect("errands:errand_list")
    return render(request, "errands/errand_form.html", {"form": form})


def _errand_for(request: AuthedRequest, pk: int) -> Errand:
    return get_for_user(request.user, Errand, Errand.objects.select_related("estate"), pk=pk)


def _act(request: AuthedRequest, pk: int, step: str) -> HttpResponse:
    errand = _errand_for(request, pk)
    try:
        if step == "take":
            services.take(errand, actor=request.user, request=request)
            messages.success(request, _("The errand is yours. Mark it done when you have done it."))
        elif step == "complete":
            form = CompleteForm(request.POST)
            if not form.is_valid():
                raise services.TransitionNotAllowed(_("Write the minutes spent, between 1 and 480."))
            services.complete(errand, actor=request.user, minutes=form.cleaned_data["minutes"], request=request)
            messages.success(request, _("Done. Thank you — the minutes are counted."))
        elif step == "release":
            services.release(errand, actor=request.user, request=request)
            messages.success(request, _("The errand is back on the open list."))
        elif step == "cancel":
            services.cancel(errand, actor=request.user, request=request)
            messages.success(request, _("The errand is cancelled."))
    except services.TransitionNotAllowed as refusal:
        messages.error(request, str(refusal))
    return redirect("errands:errand_list")


@require_perm(Perm.WORK_ERRANDS)
@require_POST
def errand_take(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "take")


@require_perm(Perm.WORK_ERRANDS)
@require_POST
def errand_complete(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "complete")


@require_perm(Perm.WORK_ERRANDS)
@require_POST
def errand_release(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "release")


@require_perm(Perm.WORK_ERRANDS)
@require_POST
def errand_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "cancel")


@require_perm(Perm.WORK_ERRANDS)
@require_http_methods(["GET", "POST"])
def errand_restore(request: AuthedRequest, pk: int) -> HttpResponse:
    """Undo a cancelled errand, after asking: it returns to whoever had taken it, or the open list."""
    errand = get_for_user(request.user, Errand, Errand.objects.select_related("estate", "errand_type", "taken_by"),
                          pk=pk, state=Errand.State.CANCELLED)
    if request.method == "POST":
        try:
            services.restore(errand, actor=request.user, request=request)
        except services.TransitionNotAllowed as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The errand is restored."))
        return redirect("errands:errand_list")
    record(actor=request.user, action=Action.READ, obj=errand, organisation_id=errand.estate.housing_organisation_id,
           purpose=gettext_noop("cancelled errand to restore"), request=request)
    return render(request, "errands/errand_restore.html", {"errand": errand})


@require_perm(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def catalogue(request: AuthedRequest) -> HttpResponse:
    """The tasks one's housing organisation allows its caretakers, and those it does not."""
    housing = _housing_ids(request, Perm.MANAGE_ORGANISATION)
    if not housing:
        raise Http404
    types = scoped(request.user, ErrandType).filter(housing_organisation_id__in=housing) \
        .select_related("housing_organisation").order_by("housing_organisation__name", "-allowed", "order", "name")
    form = ErrandTypeForm(request.POST or None)
    if request.method == "POST":
        pk = request.POST.get("type")
        if pk:
            errand_type = get_for_user(request.user, ErrandType, types, pk=pk)
            services.set_errand_type(errand_type, allowed=request.POST.get("allowed") == "1",
                                     is_active=request.POST.get("is_active") == "1", actor=request.user)
            messages.success(request, _("The catalogue is saved."))
            return redirect("errands:catalogue")
        if form.is_valid():
            organisation = get_for_user(request.user, Organisation, pk=min(housing))
            services.add_errand_type(organisation, name=form.cleaned_data["name"],
                                     allowed=form.cleaned_data["allowed"], note=form.cleaned_data["note"],
                                     actor=request.user)
            messages.success(request, _("The task is added."))
            return redirect("errands:catalogue")
    return render(request, "errands/catalogue.html", {"types": types, "form": form})


@require_perm(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def catalogue_names(request: AuthedRequest, pk: int) -> HttpResponse:
    """A task's names in the residents' languages, so that a resident who reads Arabic meets the
    organisation's own tasks in Arabic too."""
    housing = _housing_ids(request, Perm.MANAGE_ORGANISATION)
    errand_type = get_for_user(request.user, ErrandType,
                               ErrandType.objects.filter(housing_organisation_id__in=housing), pk=pk)
    form = ErrandTypeNamesForm(request.POST or None, errand_type=errand_type)
    if request.method == "POST" and form.is_valid():
        name_en, names = form.names()
        services.name_errand_type(errand_type, name_en=name_en, names=names, actor=request.user)
        messages.success(request, _("The names are saved."))
        return redirect("errands:catalogue")
    return render(request, "errands/catalogue_names.html", {"errand_type": errand_type, "form": form})


@require_perm(Perm.VIEW_AGGREGATES)
@reads_from_replica
def report_index(request: AuthedRequest) -> HttpResponse:
    estates = scoped(request.user, Estate).select_related("housing_organisation").order_by("name", "pk")
    return render(request, "errands/report_index.html", {"estates": estates})


def _report(request: AuthedRequest, pk: int) -> selectors.MonthlyReport:
    estate = get_for_user(request.user, Estate, Estate.objects.select_related("housing_organisation"), pk=pk)
    month = MonthForm(request.GET or None).chosen(timezone.localdate().replace(day=1))
    return selectors.monthly_report(estate, month)


@require_perm(Perm.VIEW_AGGREGATES)
@reads_from_replica
def report(request: AuthedRequest, pk: int) -> HttpResponse:
    """Errands done and time spent by task, in one estate and month: table and bar chart.
    Queries: the layout's three, the estate, the grouped count."""
    monthly = _report(request, pk)
    labels = {row.errand_type_id: (row.name_en if request.LANGUAGE_CODE == "en" and row.name_en else row.name)
              for row in monthly.rows}
    context = {
        "report": monthly,
        "labels": labels,
        "chart": selectors.chart(monthly, labels),
        "form": MonthForm(initial={"month": monthly.month.strftime("%Y-%m")}),
        "month_param": monthly.month.strftime("%Y-%m"),
    }
    return render(request, "errands/report.html", context)


@require_perm(Perm.VIEW_AGGREGATES)
@reads_from_replica
def report_csv(request: AuthedRequest, pk: int) -> HttpResponse:
    monthly = _report(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="praktisk-hjaelp-{monthly.estate.pk}-{monthly.month:%Y-%m}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["estate", "month", "task_code", "task", "errands", "minutes", "hours"])
    codes = selectors.errand_type_codes([r.errand_type_id for r in monthly.rows])
    for row in monthly.rows:  # small counts suppressed as on the page (errands/selectors.py)
        writer.writerow(safe_row([monthly.estate.name, f"{monthly.month:%Y-%m}", codes.get(row.errand_type_id, ""),
                                  row.name, row.errands_shown, row.minutes_shown, row.hours_shown]))
    writer.writerow(safe_row([monthly.estate.name, f"{monthly.month:%Y-%m}", "", "total", monthly.errands_shown,
                              monthly.minutes_shown, monthly.hours_shown]))
    return response


# --- Residents --------------------------------------------------------------------------------


@public
@resident_page
def resident_index(request: HttpRequest) -> HttpResponse:
    """Residents choose their estate to ask for practical help. One query."""
    context = {"estates": selectors.estates_taking_requests(), "page_languages": "resident"}
    return render(request, "errands/public/index.html", context)


@public
@resident_page
@require_http_methods(["GET", "POST"])
@throttle.keeps_input()
def resident_request(request: HttpRequest, pk: int) -> HttpResponse:
    """A resident asks for practical help in their estate, without an account."""
    estate = selectors.public_estate(pk)
    if estate is None:
        raise Http404
    catalogue_ = selectors.resident_catalogue(estate)
    allowed = catalogue_.filter(allowed=True)
    form = ErrandRequestForm(request.POST or None, errand_types=allowed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            errand = services.request_errand(
                services.ErrandRequest(estate=estate, errand_type=data["errand_type"],
                                       resident_first_name=data["resident_first_name"], phone=data["phone"],
                                       address=data["address"], note=data["note"], when=data["when"]),
                request=request,
            )
        except services.TransitionNotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect("errands:resident_status", token=errand.token)
    context = {"estate": estate, "form": form,
               "not_allowed": [t.label_html for t in catalogue_.filter(allowed=False)],
               "details_kept": housekeeping.RETENTION, "page_languages": "resident"}
    return render(request, "errands/public/request.html", context)


@public
@resident_page
def resident_status(request: HttpRequest, token: str) -> HttpResponse:
    """What became of the resident's request, behind its private link."""
    errand = selectors.errand_by_token(token)
    if errand is None:
        raise Http404
    return render(request, "errands/public/status.html",
                  {"errand": errand, "details_kept": housekeeping.RETENTION, "page_languages": "resident"})
