"""Staff pages that change an offer after it was created: its details, one more session, more
outreach time slots, moving a session, and cancelling a session or the whole offer. Only those who run the offer
find it (404 for anyone else); every write is a service. Thin: parse, authorise, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lokalsundhed.core.access import AuthedRequest, require_perm, scoped
from lokalsundhed.core.permissions import Perm
from lokalsundhed.offers import change_services, selectors, services
from lokalsundhed.offers.forms import CancelForm, MoveForm, OfferEditForm, SessionForm, SlotsForm
from lokalsundhed.offers.models import Offer, SignUp
from lokalsundhed.offers.views import homes, offer_for, session_for
from lokalsundhed.rooms import selectors as room_selectors


def _cancelled(request: AuthedRequest, offer: Offer) -> HttpResponse:
    messages.error(request, _("The offer is cancelled and can no longer be changed."))
    return redirect("offers:offer_detail", pk=offer.pk)


def _refused(form: CancelForm | MoveForm | OfferEditForm | SessionForm | SlotsForm, refusal: services.ChangeRefused) -> None:
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, str(refusal))


@require_perm(Perm.RUN_OFFERS)
def offer_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Change the offer's texts, place, room, places and organisers (not its kind)."""
    offer = offer_for(request, pk)
    if offer.is_cancelled:
        return _cancelled(request, offer)
    can_move = not scoped(request.user, SignUp).filter(offer=offer).exists()
    form = OfferEditForm(request.POST or None, offer=offer, staff=selectors.offer_staff(offer), can_move=can_move,
                         **homes(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change_services.update_offer(
                offer,
                change_services.OfferChanges(
                    title=data["title"], description=data["description"], target_group=data["target_group"],
                    estate=data["estate"], partnership=data["partnership"], facility=data["facility"],
                    capacity=data["capacity"], completion_sessions=data["completion_sessions"],
                    facilitator=data["facilitator"], organisers=tuple(data["organisers"]),
                ),
                actor=request.user,
                request=request,
            )
        except services.ChangeRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("The offer is saved. If there are more places, the first on the waiting "
                                        "list have them now and are told."))
            return redirect("offers:offer_detail", pk=offer.pk)
    return render(request, "offers/offer_edit.html", {"offer": offer, "form": form})


@require_perm(Perm.RUN_OFFERS)
def session_new(request: AuthedRequest, pk: int) -> HttpResponse:
    offer = offer_for(request, pk)
    if offer.is_cancelled:
        return _cancelled(request, offer)
    form = SessionForm(request.POST or None, outreach=offer.is_outreach,
                       rooms=room_selectors.bookable_rooms(request.user))
    if request.method == "POST" and form.is_valid():
        start, end = form.times
        try:
            services.add_session(offer, start, end, actor=request.user,
                                 slot_minutes=form.cleaned_data.get("slot_minutes"), room=form.cleaned_data.get("room"))
        except services.ChangeRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("The time is added and shown in the residents' calendar."))
            return redirect("offers:offer_detail", pk=offer.pk)
    return render(request, "offers/session_new.html", {"offer": offer, "form": form})


@require_perm(Perm.RUN_OFFERS)
def session_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    """Cancel one session; everyone signed up is told that it is cancelled, not why."""
    session = session_for(request, pk)
    offer = session.offer
    if not change_services.can_cancel_session(session, timezone.now()):
        messages.error(request, _("This time is already cancelled or over."))
        return redirect("offers:offer_detail", pk=offer.pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change_services.cancel_session(session, reason=form.cleaned_data["reason"], actor=request.user, request=request)
        except services.ChangeRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("The time is cancelled. Everyone signed up is told."))
            return redirect("offers:offer_detail", pk=offer.pk)
    signed_up = scoped(request.user, SignUp).filter(status__in=SignUp.ACTIVE)
    signed_up = signed_up.filter(slot__session=session) if offer.is_outreach else signed_up.filter(offer=offer)
    context = {"offer": offer, "session": session, "form": form, "told": signed_up.count()}
    return render(request, "offers/session_cancel.html", context)


@require_perm(Perm.RUN_OFFERS)
def session_move(request: AuthedRequest, pk: int) -> HttpResponse:
    """Move one session to another day or time; everyone signed up is told the new time."""
    session = session_for(request, pk)
    offer = session.offer
    if offer.is_cancelled or session.cancelled_at is not None or session.ends_at <= timezone.now():
        messages.error(request, _("This time is already cancelled or over."))
        return redirect("offers:offer_detail", pk=offer.pk)
    form = MoveForm(request.POST or None, initial=MoveForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        start, end = form.times
        try:
            change_services.move_session(session, starts_at=start, ends_at=end, actor=request.user, request=request)
        except services.ChangeRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("The time is moved. Everyone signed up is told the new time."))
            return redirect("offers:offer_detail", pk=offer.pk)
        session.refresh_from_db()
    signed_up = scoped(request.user, SignUp).filter(status__in=SignUp.ACTIVE)
    signed_up = signed_up.filter(slot__session=session) if offer.is_outreach else signed_up.filter(offer=offer)
    context = {"offer": offer, "session": session, "form": form, "told": signed_up.count()}
    return render(request, "offers/session_move.html", context)


@require_perm(Perm.RUN_OFFERS)
def slot_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """More bookable times in a block of outreach hours. htmx previews the times as they are
    typed; without script the form just posts."""
    session = session_for(request, pk, offer__kind=Offer.Kind.OUTREACH)
    offer = session.offer
    if offer.is_cancelled or session.cancelled_at is not None:
        messages.error(request, _("This time is cancelled."))
        return redirect("offers:offer_detail", pk=offer.pk)
    slots = list(session.slots.filter(removed_at__isnull=True).order_by("starts_at"))
    start = timezone.localtime(slots[-1].ends_at if slots else session.starts_at)
    form = SlotsForm(request.POST or None, session=session, initial={"start": start.strftime("%H:%M")})
    if request.method == "POST" and request.htmx and request.htmx.target == "slot-preview":
        return render(request, "offers/_slot_preview.html", {"form": form, **_preview(form)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_slots(session, data["minutes"], actor=request.user, start=data["first"], count=data["count"])
        except services.ChangeRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("The times are added. Residents can book them now."))
            return redirect("offers:offer_detail", pk=offer.pk)
    context = {"offer": offer, "session": session, "slots": slots, "form": form}
    return render(request, "offers/slot_new.html", context)


def _preview(form: SlotsForm) -> dict[str, object]:
    if not form.is_valid():
        return {"times": [], "problem": ""}
    times = form.times
    try:
        services.check_slots(form.session, times)
    except services.ChangeRefused as refusal:
        return {"times": times, "problem": str(refusal)}
    return {"times": times, "problem": ""}


@require_perm(Perm.RUN_OFFERS)
def offer_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    """Cancel the whole offer: off the residents' calendar, everyone signed up told; staff keep it."""
    offer = offer_for(request, pk)
    if not change_services.can_cancel_offer(offer):
        return _cancelled(request, offer)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        change_services.cancel_offer(offer, reason=form.cleaned_data["reason"], actor=request.user, request=request)
        messages.success(request, _("The offer is cancelled. Everyone signed up is told, and residents no longer "
                                    "see it."))
        return redirect("offers:offer_detail", pk=offer.pk)
    now = timezone.now()
    told = scoped(request.user, SignUp).filter(offer=offer, status__in=SignUp.ACTIVE)
    if offer.is_outreach:  # bookings of times already past are not told
        told = told.filter(slot__session__cancelled_at__isnull=True, slot__session__ends_at__gt=now)
    context = {
        "offer": offer,
        "form": form,
        "told": told.count(),
        "coming": offer.sessions.filter(cancelled_at__isnull=True, ends_at__gt=now).count(),
    }
    return render(request, "offers/offer_cancel.html", context)
