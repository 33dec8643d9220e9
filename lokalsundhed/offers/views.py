"""Staff pages for local offers: the list, a new offer, an offer with its participants and
sign-up on a resident's behalf, translations, attendance on a tablet, and reach. Changing an
offer after creation is in change_views.py. Thin: parse, authorise, call, render."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.access import AuthedRequest, get_for_user, require_perm, scoped
from lokalsundhed.core.db import reads_from_replica
from lokalsundhed.core.kept import kept
from lokalsundhed.core.language_names import own_name
from lokalsundhed.core.paging import CountedPaginator
from lokalsundhed.core.permissions import Perm
from lokalsundhed.offers import reach_selectors, selectors, services
from lokalsundhed.offers.forms import OfferForm, ReachFilterForm, SignUpForm, TranslationForm
from lokalsundhed.offers.models import Offer, Session, SignUp
from lokalsundhed.offers.scopes import offer_q
from lokalsundhed.organisations.models import Estate, Facility, Partnership
from lokalsundhed.rooms import selectors as room_selectors


def _my_offers(request: AuthedRequest):
    """Offers of the estates and partnerships in which the user runs offers."""
    return scoped(request.user, Offer).filter(offer_q(request.user, Perm.RUN_OFFERS))


my_offers = _my_offers


REACH_PAGE_SIZE = 50
OFFERS_PAGE_SIZE = 25
# How long a cancelled sign-up is offered for restoring on the offer's page.
RESTORE_WINDOW = timedelta(days=30)


@require_perm(Perm.RUN_OFFERS)
def offer_list(request: AuthedRequest) -> HttpResponse:
    """The offers one runs, with places taken and the next time: those with a time ahead first,
    in pages (offers stay when they end, so the list grows year by year)."""
    rows = _my_offers(request).filter(archived_at__isnull=True)
    offers = (
        selectors.with_places(rows)
        .select_related("estate", "partnership")
        .annotate(next_start=selectors.next_start(timezone.now()))
        .order_by(F("cancelled_at").asc(nulls_first=True), F("next_start").asc(nulls_last=True), "title", "pk")
    )
    page = CountedPaginator(offers, OFFERS_PAGE_SIZE, rows=rows).get_page(request.GET.get("page"))
    return render(request, "offers/offer_list.html", {"page": page})


def homes(request: AuthedRequest) -> dict[str, Any]:
    """Where the user may put an offer, and its rooms: the estates in which they run offers and
    their partnerships (the choices of the offer forms)."""
    estates = scoped(request.user, Estate).filter(pk__in=_run_estates(request)).order_by("name")
    return {
        "estates": estates,
        "partnerships": scoped(request.user, Partnership).order_by("name"),
        "facilities": scoped(request.user, Facility).filter(estate__in=estates).order_by("estate__name", "name"),
    }


@require_perm(Perm.RUN_OFFERS)
def offer_new(request: AuthedRequest) -> HttpResponse:
    form = OfferForm(request.POST or None, rooms=room_selectors.bookable_rooms(request.user), **homes(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        offer = services.create_offer(
            services.OfferInput(
                kind=data["kind"], title=data["title"], description=data["description"],
                target_group=data["target_group"], estate=data["estate"], partnership=data["partnership"],
                facility=data["facility"], capacity=data["capacity"],
                completion_sessions=data["completion_sessions"],
                facilitator=request.user if data["kind"] == Offer.Kind.COURSE else None,
            ),
            actor=request.user,
            request=request,
        )
        try:
            with transaction.atomic():
                sessions = services.add_sessions(
                    offer, services.weekly(data["first_session"], form.duration, data["sessions"]),
                    actor=request.user, room=data.get("room"),
                )
        except services.ChangeRefused as refusal:
            # The room is taken: the offer is kept without times; the form says why.
            messages.error(request, str(refusal))
            return redirect("offers:session_new", pk=offer.pk)
        if offer.kind == Offer.Kind.OUTREACH:
            for session in sessions:
                services.add_slots(session, data["slot_minutes"], actor=request.user)
        messages.success(request, _("The offer is created and shown in the residents' calendar."))
        return redirect("offers:offer_detail", pk=offer.pk)
    return render(request, "offers/offer_form.html", {"form": form})


def _run_estates(request: AuthedRequest):
    return selectors.run_estate_ids(request.user)


def offer_for(request: AuthedRequest, pk: int) -> Offer:
    """One of the offers the user runs, or 404."""
    return get_for_user(
        request.user, Offer, _my_offers(request).select_related("estate", "partnership", "facility", "facilitator"),
        pk=pk,
    )


@require_perm(Perm.RUN_OFFERS)
def offer_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The offer, its sessions and its participants — read into the access log. A fixed number
    of queries (see the test)."""
    offer = offer_for(request, pk)
    now = timezone.now()
    # The live sign-ups, and those cancelled lately, which may be restored.
    sign_ups = list(selectors.with_unreached(
        scoped(request.user, SignUp)
        .filter(Q(status__in=SignUp.ACTIVE) | Q(status=SignUp.Status.CANCELLED, anonymised_at__isnull=True,
                                                 cancelled_at__gte=now - RESTORE_WINDOW), offer=offer)
        .select_related("slot", "signed_up_by").order_by("status", "created_at", "pk")
    ))
    record(actor=request.user, action=Action.READ, obj=offer, organisation_id=services.organisation_of(offer),
           purpose=gettext_noop("participants of an offer"), request=request)
    sessions = offer.sessions.order_by("starts_at", "pk")
    if offer.is_outreach:
        sessions = sessions.annotate(
            n_slots=Count("slots", filter=Q(slots__removed_at__isnull=True), distinct=True),
            n_booked=Count("slots__bookings", filter=Q(slots__bookings__status__in=SignUp.ACTIVE), distinct=True),
        )
    slots = selectors.free_slots(offer) if offer.is_outreach and not offer.is_cancelled else None
    context = {
        "offer": offer,
        "sessions": [(s, s.cancelled_at is None and s.ends_at > now, s.cancelled_at is not None and s.ends_at > now)
                     for s in sessions],
        "organisers": list(offer.organisers.order_by("full_name", "email")),
        "confirmed": [s for s in sign_ups if s.status == SignUp.Status.CONFIRMED],
        "waiting": [s for s in sign_ups if s.status == SignUp.Status.WAITING],
        "cancelled": [s for s in sign_ups if s.status == SignUp.Status.CANCELLED],
        "form": SignUpForm(slots=slots),
        "translations": [(t, own_name(t.language)) for t in offer.translations.all()],
        "has_room": offer.capacity is None or len([s for s in sign_ups if s.status == "confirmed"]) < offer.capacity,
    }
    return render(request, "offers/offer_detail.html", context)


@require_perm(Perm.RUN_OFFERS)
@require_POST
def offer_sign_up(request: AuthedRequest, pk: int) -> HttpResponse:
    """Sign a resident up on their behalf (a housing social worker recruiting through their network)."""
    offer = offer_for(request, pk)
    slots = selectors.free_slots(offer) if offer.kind == Offer.Kind.OUTREACH else None
    form = SignUpForm(request.POST, slots=slots)
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.sign_up(
                offer,
                services.ResidentDetails(first_name=data["first_name"], phone=data["phone"], email=data["email"],
                                         language=data["language"] or "da", first_time=form.first_time_value),
                actor=request.user, slot=data.get("slot"), request=request,
            )
        except services.SignUpRefused as refusal:
            messages.error(request, str(refusal))
        else:
            if entry.status == SignUp.Status.WAITING:
                messages.success(request, _("All places are taken: the resident is on the waiting list."))
            else:
                messages.success(request, _("The resident is signed up and gets a confirmation."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("offers:offer_detail", pk=offer.pk)


@require_perm(Perm.RUN_OFFERS)
@require_POST
def sign_up_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    entry = get_for_user(request.user, SignUp, SignUp.objects.select_related("offer"), pk=pk)
    services.cancel(entry, actor=request.user, request=request)
    messages.success(request, _("The place is cancelled. The first on the waiting list moves up."))
    return redirect("offers:offer_detail", pk=entry.offer_id)


@require_perm(Perm.RUN_OFFERS)
def offer_translate(request: AuthedRequest, pk: int) -> HttpResponse:
    offer = offer_for(request, pk)
    form = TranslationForm(request.POST or None, initial={"language": request.GET.get("language", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.set_translation(offer, data["language"], title=data["title"], description=data["description"],
                                 target_group=data["target_group"], actor=request.user)
        messages.success(request, _("The translation is saved."))
        return redirect("offers:offer_detail", pk=offer.pk)
    return render(request, "offers/offer_translate.html", {"offer": offer, "form": form})


def session_for(request: AuthedRequest, pk: int, **lookup: Any) -> Session:
    """A session of one of the offers the user runs, or 404."""
    return get_for_user(
        request.user, Session,
        Session.objects.filter(offer__in=_my_offers(request), **lookup)
        .select_related("offer__estate", "offer__partnership"),
        pk=pk,
    )


@require_perm(Perm.RUN_OFFERS)
def attendance(request: AuthedRequest, pk: int) -> HttpResponse:
    """The facilitator's tablet page: everyone with a place, one tap each. Fixed queries."""
    session = session_for(request, pk)
    participants = selectors.attendance_list(request.user, session)
    record(actor=request.user, action=Action.READ, obj=session.offer,
           organisation_id=services.organisation_of(session.offer), purpose=gettext_noop("attendance list"), request=request)
    rows = [(p, bool(p.here)) for p in participants]
    context = {"session": session, "rows": rows, "present": sum(1 for _p, here in rows if here)}
    return render(request, "offers/attendance.html", context)


@require_perm(Perm.RUN_OFFERS)
@require_POST
def attendance_toggle(request: AuthedRequest, pk: int, sign_up_pk: int) -> HttpResponse:
    """One tap: present ↔ not present. htmx swaps the button; without script the page reloads."""
    session = session_for(request, pk)
    entry = get_for_user(request.user, SignUp, SignUp.objects.filter(offer_id=session.offer_id), pk=sign_up_pk)
    present = request.POST.get("present") == "1"
    try:
        services.set_attendance(session, entry, present, actor=request.user, request=request)
    except services.SignUpRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("offers:attendance", pk=session.pk)
    if getattr(request, "htmx", False):
        return render(request, "offers/_attendance_button.html", {"session": session, "p": entry, "here": present})
    return redirect("offers:attendance", pk=session.pk)


@require_perm(Perm.VIEW_AGGREGATES)
@reads_from_replica
def reach_report(request: AuthedRequest) -> HttpResponse:
    """Reach per partnership, estate and offer: counted by the database, small counts suppressed.
    A fixed number of queries whatever the data size (see the test). The tables, rendered, are
    kept per reader's offers, period, language and page for REACH_FIGURES_SECONDS: a big
    municipality's hundreds of rows are then one cache read."""
    offers = list(scoped(request.user, Offer).order_by("title", "pk").values_list("pk", "title", "estate_id",
                                                                                 "partnership_id"))
    form = ReachFilterForm(request.GET or None)
    period: tuple[date | None, date] = (None, timezone.localdate())
    if form.is_valid():
        period = (form.cleaned_data["since"], form.cleaned_data["until"] or period[1])
    figures_key = reach_selectors.reach_cache_key([pk for pk, _t, _e, _p in offers], period)
    seconds = settings.REACH_FIGURES_SECONDS
    tables_key = f"{figures_key}:tables:{get_language()}:{hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:16]}"
    tables = kept(tables_key, seconds, lambda: render_to_string(
        "offers/_reach_tables.html", _reach_tables(request, form, offers, figures_key), request=request), str)
    context = {
        "form": form,
        "fresh_minutes": -(-seconds // 60),
        "period_start": period[0],
        "period_end": period[1],
        "tables": tables,
    }
    return render(request, "offers/reach.html", context)


def _reach_tables(request: AuthedRequest, form: ReachFilterForm, offers: Sequence[tuple[int, str, int | None, int | None]],
                  figures_key: str) -> dict[str, Any]:
    # The offers' ids, not their scope's subquery: the planner then reads sign-ups by offer.
    sign_ups = reach_selectors.reach_sign_ups([pk for pk, _t, _e, _p in offers])
    if form.is_valid():
        if form.cleaned_data["since"]:
            sign_ups = sign_ups.filter(created_at__date__gte=form.cleaned_data["since"])
        if form.cleaned_data["until"]:
            sign_ups = sign_ups.filter(created_at__date__lte=form.cleaned_data["until"])
    partnerships = list(scoped(request.user, Partnership).order_by("name").values_list("pk", "name"))
    estates = list(scoped(request.user, Estate).filter(offers__isnull=False).distinct().order_by("name")
                   .values_list("pk", "name"))
    figures = reach_selectors.reach_report(
        sign_ups,
        offers=offers,
        estates=estates,
        partnerships=partnerships,
        estate_partnerships=list(
            Partnership.estates.through.objects.filter(partnership_id__in=[p for p, _n in partnerships])
            .values_list("estate_id", "partnership_id")
        ),
        cache_key=figures_key,
    )
    return {
        "partnerships": figures.partnerships,
        "estates": figures.estates,
        # The offers' rows are many in a big municipality: a page at a time (counted all the same).
        "offers": Paginator(figures.offers, REACH_PAGE_SIZE).get_page(request.GET.get("page")),
    }
