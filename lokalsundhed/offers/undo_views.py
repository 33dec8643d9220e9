"""Staff pages that undo: restore a cancelled session or sign-up, and remove a bookable time.
Each asks first (GET: what will happen and who is told) and acts on POST. Only those who run
the offer find it (404 for anyone else); every write is a service."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.access import AuthedRequest, get_for_user, require_perm, scoped
from lokalsundhed.core.permissions import Perm
from lokalsundhed.offers import change_services, services
from lokalsundhed.offers.models import Offer, SignUp, Slot
from lokalsundhed.offers.views import my_offers, session_for


@require_perm(Perm.RUN_OFFERS)
@require_http_methods(["GET", "POST"])
def session_restore(request: AuthedRequest, pk: int) -> HttpResponse:
    """The time takes place after all: back in the calendar, everyone concerned told."""
    session = session_for(request, pk, cancelled_at__isnull=False)
    offer = session.offer
    if request.method == "POST":
        try:
            change_services.restore_session(session, actor=request.user, request=request)
        except change_services.ChangeRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The time is restored. Everyone it concerns is told."))
        return redirect("offers:offer_detail", pk=offer.pk)
    told = scoped(request.user, SignUp)
    if offer.is_outreach:
        told = told.filter(slot__session=session, status=SignUp.Status.CANCELLED, cancelled_at=session.cancelled_at)
    else:
        told = told.filter(offer=offer, status__in=SignUp.ACTIVE)
    return render(request, "offers/session_restore.html", {"offer": offer, "session": session, "told": told.count()})


@require_perm(Perm.RUN_OFFERS)
@require_http_methods(["GET", "POST"])
def sign_up_restore(request: AuthedRequest, pk: int) -> HttpResponse:
    """A place cancelled by mistake comes back (or a place on the waiting list); the resident is told."""
    entry = get_for_user(request.user, SignUp, SignUp.objects.select_related("offer", "slot"), pk=pk,
                         status=SignUp.Status.CANCELLED)
    if request.method == "POST":
        try:
            entry = services.restore_sign_up(entry, actor=request.user, request=request)
        except services.SignUpRefused as refusal:
            messages.error(request, str(refusal))
        else:
            if entry.status == SignUp.Status.WAITING:
                messages.success(request, _("The sign-up is restored. All places are taken, so the resident is on "
                                            "the waiting list, and is told."))
            else:
                messages.success(request, _("The sign-up is restored, and the resident is told."))
        return redirect("offers:offer_detail", pk=entry.offer_id)
    record(actor=request.user, action=Action.READ, obj=entry, organisation_id=services.organisation_of(entry.offer),
           purpose=gettext_noop("cancelled sign-up to restore"), request=request)
    return render(request, "offers/sign_up_restore.html", {"offer": entry.offer, "entry": entry})


@require_perm(Perm.RUN_OFFERS)
@require_http_methods(["GET", "POST"])
def slot_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    """Remove a bookable time; a resident who booked it is told that it is cancelled."""
    slot = get_for_user(request.user, Slot,
                        Slot.objects.filter(session__offer__in=my_offers(request), session__offer__kind=Offer.Kind.OUTREACH,
                                            removed_at__isnull=True).select_related("session__offer"),
                        pk=pk)
    session = slot.session
    if request.method == "POST":
        try:
            booked = change_services.remove_slot(slot, actor=request.user, request=request)
        except change_services.ChangeRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The time is removed. The resident who had booked it is told.") if booked
                             else _("The time is removed."))
        return redirect("offers:slot_new", pk=session.pk)
    booked = scoped(request.user, SignUp).filter(slot=slot, status__in=SignUp.ACTIVE).first()
    if booked is not None:
        record(actor=request.user, action=Action.READ, obj=booked, organisation_id=services.organisation_of(session.offer),
               purpose=gettext_noop("booked time to remove"), request=request)
    context = {"offer": session.offer, "session": session, "slot": slot, "booked": booked}
    return render(request, "offers/slot_remove.html", context)
