"""Volunteer pages. Coordinators: the list, a volunteer's record (approve, certificate date,
assign to an activity), an activity's shifts (add, log hours), civil society, figures per
estate (Danish and English). Volunteers (logged in with a one-time code): their shifts, swap, SMS,
in the resident languages. Residents: the recruitment page. Thin: parse, authorise, call, render."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core import throttle
from lokalsundhed.core.access import (
    AuthedRequest,
    get_for_user,
    login_only,
    public,
    require_perm,
    scoped,
)
from lokalsundhed.core.languages import resident_page
from lokalsundhed.core.permissions import Perm
from lokalsundhed.offers.models import Offer
from lokalsundhed.organisations.models import Estate
from lokalsundhed.referrals.housekeeping import closed_record_months
from lokalsundhed.volunteers import housekeeping, selectors, services
from lokalsundhed.volunteers.forms import (
    ApplicationForm,
    AssignForm,
    HoursForm,
    ShiftForm,
    VolunteerForm,
)
from lokalsundhed.volunteers.models import CivilSocietyOrganisation, Safeguarding, Shift, Volunteer
from lokalsundhed.volunteers.scopes import coordinated_ids, offer_housing_q

PAGE_SIZE = 25


@require_perm(Perm.MANAGE_VOLUNTEERS)
def volunteer_list(request: AuthedRequest) -> HttpResponse:
    """The volunteers one coordinates, in pages (those who stopped stay on the list until retention
    removes their details), the activities they are on (to plan shifts), and the recruitment page of
    each of one's estates to share. Queries: layout (3), their number and a page of them with estate,
    association and activities (2), the access-log row (1), the activities (1), the estates (1)."""
    volunteers = (
        scoped(request.user, Volunteer).filter(anonymised_at__isnull=True).select_related("estate", "civil_society")
        .annotate(activities=Count("assignments", filter=Q(assignments__ended_at__isnull=True)))
        .order_by("status", "first_name", "pk")
    )
    organisation_id = min(coordinated_ids(request.user), default=None)
    record(actor=request.user, action=Action.SEARCH, object_type="volunteers.volunteer",
           organisation_id=organisation_id, purpose=gettext_noop("volunteer list"), request=request)
    page = Paginator(volunteers, PAGE_SIZE).get_page(request.GET.get("page"))
    estates = scoped(request.user, Estate).filter(housing_organisation_id__in=coordinated_ids(request.user))
    activities = _offers(request).filter(volunteer_assignments__isnull=False,
                                         volunteer_assignments__ended_at__isnull=True).select_related(
        "estate", "partnership")
    return render(request, "volunteers/volunteer_list.html", {"page": page, "today": timezone.localdate(),
                                                              "activities": activities,
                                                              "estates": estates.order_by("name")})


def _offers(request: AuthedRequest):
    return scoped(request.user, Offer).filter(offer_housing_q(request.user), archived_at__isnull=True,
                                              cancelled_at__isnull=True).distinct().order_by("title")


@require_perm(Perm.MANAGE_VOLUNTEERS)
@require_http_methods(["GET", "POST"])
def volunteer_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    volunteer = get_for_user(request.user, Volunteer,
                             Volunteer.objects.filter(anonymised_at__isnull=True).select_related("estate"), pk=pk)
    record(actor=request.user, action=Action.READ, obj=volunteer, organisation_id=volunteer.housing_organisation_id,
           purpose=gettext_noop("volunteer record"), request=request)
    form = VolunteerForm(initial={"status": volunteer.status, "phone": volunteer.phone, "skills": volunteer.skills,
                                  "availability": volunteer.availability,
                                  "criminal_record_checked_on": volunteer.criminal_record_checked_on})
    assign_form = AssignForm(offers=_offers(request))
    stopping = None
    if request.method == "POST":
        try:
            if request.POST.get("step") == "assign":
                assign_form = AssignForm(request.POST, offers=_offers(request))
                if assign_form.is_valid():
                    services.assign(volunteer, assign_form.cleaned_data["offer"], role=assign_form.cleaned_data["role"],
                                    actor=request.user, request=request)
                    messages.success(request, _("The volunteer is on the activity."))
                    return redirect("volunteers:volunteer_detail", pk=volunteer.pk)
            else:
                form = VolunteerForm(request.POST)
                if form.is_valid():
                    _check_record(volunteer, form.cleaned_data)
                    if _stops(volunteer, form.cleaned_data) and request.POST.get("confirm_stop") != "1":
                        # Stopping ends their activities, frees their shifts and closes their login: asked first.
                        stopping = selectors.what_stopping_ends(volunteer)
                    else:
                        _save_record(request, volunteer, form.cleaned_data)
                        messages.success(request, _("The volunteer's record is saved."))
                        return redirect("volunteers:volunteer_detail", pk=volunteer.pk)
        except services.NotAllowed as refusal:
            (assign_form if request.POST.get("step") == "assign" else form).add_error(None, str(refusal))
    assignments = volunteer.assignments.filter(ended_at__isnull=True).select_related("offer")
    return render(request, "volunteers/volunteer_detail.html",
                  {"volunteer": volunteer, "form": form, "assign_form": assign_form, "assignments": assignments,
                   "stopping": stopping, "details_removed_after": housekeeping.details_removed_after(volunteer)})


def _check_record(volunteer: Volunteer, data: dict) -> None:
    if not data["phone"] and not volunteer.email:
        raise services.NotAllowed(_("Keep a phone number or an e-mail address, so that we can reach the volunteer."))


def _stops(volunteer: Volunteer, data: dict) -> bool:
    return volunteer.status == Volunteer.Status.ACTIVE and data["status"] == Volunteer.Status.INACTIVE


@transaction.atomic
def _save_record(request: AuthedRequest, volunteer: Volunteer, data: dict) -> None:
    """All of the record or nothing (checked first, `_check_record`): a refusal of one part keeps the
    others unsaved too."""
    if data["criminal_record_checked_on"] != volunteer.criminal_record_checked_on:
        services.set_certificate(volunteer, checked_on=data["criminal_record_checked_on"], actor=request.user,
                                 request=request)
    services.set_status(volunteer, data["status"], actor=request.user, request=request)
    services.set_details(volunteer, phone=data["phone"], skills=data["skills"], availability=data["availability"],
                         actor=request.user, request=request)


@require_perm(Perm.MANAGE_VOLUNTEERS)
@require_http_methods(["GET", "POST"])
def activity_shifts(request: AuthedRequest, pk: int) -> HttpResponse:
    """An activity's volunteer shifts, latest first in pages (a weekly activity adds them year after
    year): add one, mark the activity as needing a certificate. Queries: layout (3), the offer (1),
    safeguarding (1), the number of shifts and a page of them with sessions and volunteers (2), the
    access-log row (1), the form's choices when drawn."""
    offer = get_for_user(request.user, Offer, _offers(request), pk=pk)
    now = timezone.now()
    sessions = selectors.coming_sessions(request.user, offer, now)
    volunteers = scoped(request.user, Volunteer).filter(assignments__offer=offer, assignments__ended_at__isnull=True,
                                                        status=Volunteer.Status.ACTIVE)
    form = ShiftForm(request.POST or None, sessions=sessions, volunteers=volunteers)
    if request.method == "POST":
        if "safeguarding" in request.POST:
            services.set_safeguarding(offer, involves_vulnerable=request.POST["safeguarding"] == "1",
                                      actor=request.user)
            messages.success(request, _("Saved."))
            return redirect("volunteers:activity_shifts", pk=offer.pk)
        if form.is_valid():
            try:
                services.add_shift(form.cleaned_data["session"], role=form.cleaned_data["role"],
                                   volunteer=form.cleaned_data["volunteer"], actor=request.user, request=request)
            except services.NotAllowed as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("The shift is added."))
                return redirect("volunteers:activity_shifts", pk=offer.pk)
    page = Paginator(selectors.shifts_of_activity(request.user, offer), PAGE_SIZE).get_page(request.GET.get("page"))
    record(actor=request.user, action=Action.SEARCH, obj=offer,
           organisation_id=min(coordinated_ids(request.user), default=None),
           purpose=gettext_noop("volunteers on an activity's shifts"), request=request)
    context = {"offer": offer, "form": form, "page": page, "now": now, "hours_form": HoursForm(),
               "safeguarded": Safeguarding.objects.filter(offer=offer).exists()}
    return render(request, "volunteers/activity_shifts.html", context)


@require_perm(Perm.MANAGE_VOLUNTEERS)
@require_POST
def shift_hours(request: AuthedRequest, pk: int) -> HttpResponse:
    shift = get_for_user(request.user, Shift, Shift.objects.select_related("session"), pk=pk)
    form = HoursForm(request.POST)
    try:
        if not form.is_valid():
            raise services.NotAllowed(_("Write the minutes given, between 1 and 720."))
        services.log_hours(shift, minutes=form.cleaned_data["minutes"], actor=request.user, request=request)
        messages.success(request, _("The hours are logged. Thank you."))
    except services.NotAllowed as refusal:
        messages.error(request, str(refusal))
    return redirect("volunteers:activity_shifts", pk=shift.offer_id)


@require_perm(Perm.VIEW_ORGANISATION)
def civil_society(request: AuthedRequest) -> HttpResponse:
    """Associations in one's municipalities, with their entry in the help guide. Queries: layout
    (3), the municipalities of one's estates (1), the associations with municipality and count of
    volunteers (1)."""
    organisations = (scoped(request.user, CivilSocietyOrganisation).select_related("municipality")
                     .annotate(volunteers_count=Count("volunteers")).order_by("name"))
    return render(request, "volunteers/civil_society.html", {"organisations": organisations})


@require_perm(Perm.VIEW_AGGREGATES)
def numbers(request: AuthedRequest) -> HttpResponse:
    """Volunteers and hours per estate. Queries: layout (3), the estates in scope (1), the two
    grouped counts (2)."""
    estate_ids = list(scoped(request.user, Estate).values_list("pk", flat=True))
    return render(request, "volunteers/numbers.html",
                  {"rows": selectors.figures_per_estate(estate_ids), "small": selectors.SMALL})


# --- Volunteers ---------------------------------------------------------------------------------


def _volunteer(request: AuthedRequest) -> Volunteer:
    """The volunteer of the request, who reads this page in a resident language: what we send them
    follows the language they read in."""
    volunteer = selectors.volunteer_of(request.user)
    if volunteer is None:
        raise Http404
    services.keep_language(volunteer, translation.get_language() or settings.LANGUAGE_CODE)
    return volunteer


@login_only
@resident_page
def my_shifts(request: AuthedRequest) -> HttpResponse:
    """A volunteer's coming shifts and those they may take. Staff have no such page (404).
    Queries: session, user, the volunteer (1), their shifts (1), takeable shifts (1); the language
    kept (1) when they read in another one than before."""
    volunteer = _volunteer(request)
    now = timezone.now()
    context = {"volunteer": volunteer, "shifts": selectors.shifts_of(volunteer, now),
               "takeable": selectors.takeable_shifts(volunteer, now)}
    return render(request, "volunteers/my_shifts.html", context)


def _volunteer_shift(request: AuthedRequest, pk: int) -> tuple[Volunteer, Shift]:
    volunteer = _volunteer(request)
    shift = selectors.volunteer_shift(volunteer, pk)
    if shift is None:
        raise Http404
    return volunteer, shift


def _shift_step(request: AuthedRequest, pk: int, step: Callable[..., Shift], done: str) -> HttpResponse:
    """One of the volunteer's steps with a shift (a service taking the shift and the volunteer),
    then back to their shifts with what happened or why not."""
    volunteer, shift = _volunteer_shift(request, pk)
    try:
        step(shift, volunteer=volunteer, request=request)
        messages.success(request, done)
    except services.NotAllowed as refusal:
        messages.error(request, str(refusal))
    return redirect("volunteers:my_shifts")


@login_only
@resident_page
@require_POST
def shift_offer(request: AuthedRequest, pk: int) -> HttpResponse:
    return _shift_step(request, pk, services.offer_swap,
                       _("Your shift is offered to the other volunteers. It is yours until someone takes it."))


@login_only
@resident_page
@require_POST
def shift_take_back(request: AuthedRequest, pk: int) -> HttpResponse:
    return _shift_step(request, pk, services.take_back_swap,
                       _("The shift is yours again and no longer offered to the others."))


@login_only
@resident_page
@require_POST
def shift_take(request: AuthedRequest, pk: int) -> HttpResponse:
    return _shift_step(request, pk, services.take_shift, _("The shift is yours. Thank you!"))


@login_only
@resident_page
@require_POST
def shifts_sms(request: AuthedRequest) -> HttpResponse:
    volunteer = _volunteer(request)
    try:
        services.send_shifts_by_sms(volunteer)
        messages.success(request, _("Your shifts are sent to your mobile."))
    except services.NotAllowed as refusal:
        messages.error(request, str(refusal))
    return redirect("volunteers:my_shifts")


# --- Residents ----------------------------------------------------------------------------------


@public
@resident_page
@require_http_methods(["GET", "POST"])
@throttle.keeps_input()
def recruit(request: HttpRequest, pk: int) -> HttpResponse:
    """The recruitment page of an estate: a resident offers to volunteer, without an account."""
    estate = selectors.recruiting_estate(pk)
    if estate is None:
        raise Http404
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.apply(services.Application(estate=estate, first_name=data["first_name"], phone=data["phone"],
                                                email=data["email"], languages=data["languages"],
                                                skills=data["skills"], availability=data["availability"],
                                                language=translation.get_language() or settings.LANGUAGE_CODE),
                           request=request)
        except services.NotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect("volunteers:recruit_thanks", pk=estate.pk)
    return render(request, "volunteers/public/recruit.html",
                  {"estate": estate, "form": form, "page_languages": "resident",
                   "months_kept": closed_record_months(estate.housing_organisation_id)})


@public
@resident_page
def recruit_thanks(request: HttpRequest, pk: int) -> HttpResponse:
    estate = selectors.recruiting_estate(pk)
    if estate is None:
        raise Http404
    return render(request, "volunteers/public/thanks.html", {"estate": estate, "page_languages": "resident"})
