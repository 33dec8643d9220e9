"""Residents' pages: no login, in the resident languages, easy to read on a cheap phone.

The calendar per municipality and per estate, an offer with its sign-up form, the resident's
own sign-up behind its private link, and iCalendar feeds. Offer texts are shown in the reader's
language where a translation exists, otherwise in Danish, marked as such."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lokalsundhed.audit import labels
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core import throttle
from lokalsundhed.core.access import public
from lokalsundhed.core.languages import resident_page
from lokalsundhed.core.page_cache import cached_page
from lokalsundhed.offers import ics, selectors, services
from lokalsundhed.offers.forms import SignUpForm
from lokalsundhed.offers.models import SIGN_UP_DETAILS_KEPT, Offer, SignUp
from lokalsundhed.organisations.models import Municipality

RESIDENT = {"page_languages": "resident"}
# A whole municipality is a lot to read on a phone: two weeks, a page at a time.
MUNICIPALITY_DAYS = 14
PAGE_SIZE = 40


def _language() -> str:
    return get_language() or "da"


def _days(sessions: list) -> list[tuple[object, list]]:
    """Sessions grouped by local date, each with its texts in the reader's language."""
    language = _language()
    days: dict[object, list] = {}
    for session in sessions:
        day = timezone.localtime(session.starts_at).date()
        days.setdefault(day, []).append((session, selectors.texts(session.offer, language)))
    return list(days.items())


@public
@resident_page
@cached_page("offers")
def calendar_index(request: HttpRequest) -> HttpResponse:
    """The municipalities with offers on the calendar. One query."""
    municipalities = Municipality.objects.filter(
        offers__in=selectors.published_offers()).distinct().order_by("name")
    return render(request, "offers/public/index.html", {"municipalities": municipalities, **RESIDENT})


@public
@resident_page
@cached_page("offers")
def municipality_calendar(request: HttpRequest, code: str) -> HttpResponse:
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        raise Http404
    sessions = selectors.calendar_sessions(municipality_id=municipality.pk, language=_language(),
                                           days=MUNICIPALITY_DAYS)
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    estates = selectors.public_estates(municipality.pk)
    context = {"municipality": municipality, "days": _days(list(page)), "page": page, "estates": estates,
               **RESIDENT}
    return render(request, "offers/public/calendar.html", context)


@public
@resident_page
@cached_page("offers")
def estate_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    estate = selectors.public_estate(pk)
    if estate is None:
        raise Http404
    sessions = list(selectors.calendar_sessions(estate_id=estate.pk, language=_language()))
    context = {"estate": estate, "municipality": estate.municipality, "days": _days(sessions), **RESIDENT}
    return render(request, "offers/public/calendar.html", context)


def _ics_response(name: str, sessions: object, filename: str) -> HttpResponse:
    body = ics.calendar(name, sessions, _language(), timezone.now())  # type: ignore[arg-type]
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@public
@resident_page
@cached_page("offers")
def estate_ics(request: HttpRequest, pk: int) -> HttpResponse:
    estate = selectors.public_estate(pk)
    if estate is None:
        raise Http404
    sessions = selectors.calendar_sessions(estate_id=estate.pk, language=_language(), days=365)
    return _ics_response(estate.name, sessions, f"afdeling-{estate.pk}.ics")


@public
@resident_page
@cached_page("offers")
def offer_ics(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.published_offers().filter(pk=pk).first()
    if offer is None:
        raise Http404
    sessions = selectors.calendar_sessions(offer_id=offer.pk, language=_language(), days=365)
    return _ics_response(selectors.texts(offer, _language()).title, sessions, f"tilbud-{offer.pk}.ics")


@public
@resident_page
@require_http_methods(["GET", "POST"])
@throttle.keeps_input(recipients=("phone", "email"))
@cached_page("offers")
def public_offer(request: HttpRequest, pk: int) -> HttpResponse:
    """An offer as residents see it, with its sign-up form (or its free times to book)."""
    language = _language()
    offer = (
        selectors.with_places(selectors.published_offers())
        .select_related("estate", "partnership", "facility")
        .prefetch_related(selectors.translations_in(language))
        .filter(pk=pk)
        .first()
    )
    if offer is None:
        raise Http404
    slots = selectors.free_slots(offer) if offer.kind == Offer.Kind.OUTREACH else None
    sessions = list(selectors.calendar_sessions(offer_id=offer.pk, language=language, days=365))
    # Residents sign up for what lies ahead: with no coming time left but cancelled ones, sign-up
    # is closed. (Staff may still register someone afterwards, to record attendance.)
    open_for_sign_up = any(session.cancelled_at is None for session in sessions)
    form = SignUpForm(request.POST or None, slots=slots, language=language)
    if request.method == "POST" and not open_for_sign_up:
        form.add_error(None, _("There are no coming times to sign up for right now."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.sign_up(
                offer,
                services.ResidentDetails(first_name=data["first_name"], phone=data["phone"], email=data["email"],
                                         language=data["language"] or language, first_time=form.first_time_value),
                slot=data.get("slot"),
                request=request,
            )
        except services.SignUpRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            if entry.status == SignUp.Status.WAITING:
                messages.info(request, _("All places are taken. You are on the waiting list, and we will write to "
                                         "you if you get a place."))
            else:
                messages.success(request, _("You are signed up. We have sent you a message with this page's link."))
            return redirect("offers:my_sign_up", token=entry.token)
    context = {
        "offer": offer,
        "texts": selectors.texts(offer, language),
        "sessions": sessions,
        "form": form,
        "slots": slots,
        "full": offer.capacity is not None and offer.n_confirmed >= offer.capacity,  # type: ignore[attr-defined]
        "open_for_sign_up": open_for_sign_up,
        "details_kept": SIGN_UP_DETAILS_KEPT,
        **RESIDENT,
    }
    return render(request, "offers/public/offer.html", context)


def _log_own_read(request: HttpRequest, entry: SignUp, offer: Offer) -> None:
    """The resident's own sign-up shown behind the private link: a read, logged (in staff's words)."""
    record(actor=None, action=Action.READ, obj=entry, actor_label=labels.RESIDENT_PRIVATE_LINK,
           organisation_id=services.organisation_of(offer), purpose=gettext_noop("own sign-up shown"),
           request=request)


@public
@resident_page
@require_http_methods(["GET", "POST"])
def my_sign_up(request: HttpRequest, token: str) -> HttpResponse:
    """The resident's own place, behind the private link: see it, cancel it, or say whether to go on."""
    entry = selectors.sign_up_by_token(token)
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("continue", "stop"):
            services.answer_continue(entry, action == "continue", request=request)
            messages.success(request, _("Thank you for your answer."))
        return redirect("offers:my_sign_up", token=entry.token)
    language = _language()
    offer = selectors.offer_of_sign_up(entry, language)
    _log_own_read(request, entry, offer)
    sessions = list(selectors.calendar_sessions(offer_id=offer.pk, language=language, days=365))
    if entry.slot_id is not None:
        sessions = [s for s in sessions if s.pk == entry.slot.session_id]  # type: ignore[union-attr]
    # Staff cancelled the booked time (the booking ended with it): say so, not "you cancelled".
    time_cancelled = entry.slot_id is not None and entry.slot.session.cancelled_at is not None  # type: ignore[union-attr]
    context = {"sign_up": entry, "offer": offer, "texts": selectors.texts(offer, language), "sessions": sessions,
               "time_cancelled": time_cancelled, "details_kept": SIGN_UP_DETAILS_KEPT, **RESIDENT}
    return render(request, "offers/public/my_sign_up.html", context)


@public
@resident_page
@require_http_methods(["GET", "POST"])
def my_sign_up_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Cancelling one's place, behind the private link: the page says what is cancelled, and only its
    "Yes" (a POST) gives the place back."""
    entry = selectors.sign_up_by_token(token)
    if request.method == "POST":
        services.cancel(entry, request=request)
        messages.success(request, _("Your place is cancelled. Thank you for telling us."))
        return redirect("offers:my_sign_up", token=entry.token)
    if not entry.is_active:
        return redirect("offers:my_sign_up", token=entry.token)
    language = _language()
    offer = selectors.offer_of_sign_up(entry, language)
    context = {"sign_up": entry, "offer": offer, "texts": selectors.texts(offer, language), **RESIDENT}
    return render(request, "offers/public/my_sign_up_cancel.html", context)
