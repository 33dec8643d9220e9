"""Rooms and booking pages: the rooms of one's estates, a room's calendar and booking (once or
weekly), cancelling, the room registry for administrators, utilisation per room and week, and
each room's iCalendar feed. Thin: parse, authorise, call, render."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from lokalsundhed.core.access import AuthedRequest, public, require_perm, scoped
from lokalsundhed.core.db import reads_from_replica
from lokalsundhed.core.permissions import Perm
from lokalsundhed.organisations.models import Facility
from lokalsundhed.organisations.scopes import estate_q
from lokalsundhed.rooms import ics, selectors, services
from lokalsundhed.rooms.forms import BookingForm, RoomForm, RoomSearchForm, WeekForm
from lokalsundhed.rooms.models import Room

PAGE_SIZE = 25


@require_perm(Perm.VIEW_ORGANISATION)
def room_list(request: AuthedRequest) -> HttpResponse:
    """The rooms of one's estates with capacity, accessibility and opening hours, in pages (a large
    municipality's estates hold hundreds), found by room, place or estate name. Fixed queries."""
    form = RoomSearchForm(request.GET if "q" in request.GET else None)
    words = form.words()
    rooms = selectors.rooms(request.user, words) if words is not None else scoped(request.user, Room).none()
    page = Paginator(rooms, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "rooms/room_list.html", {
        "page": page, "form": form, "words": words,
        "can_manage": request.user.has_role_perm(Perm.MANAGE_ORGANISATION),
    })


@require_perm(Perm.VIEW_ORGANISATION)
def room_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One room: its facts and the coming four weeks of bookings."""
    room = selectors.room_for(request.user, pk)
    now = timezone.now()
    bookings = list(selectors.coming_bookings(room, now))
    for booking in bookings:
        booking.may_cancel = services.can_cancel(booking, request.user)  # type: ignore[attr-defined]
        booking.for_session = services.held_for_session(booking)  # type: ignore[attr-defined]
    return render(request, "rooms/room_detail.html", {
        "room": room, "bookings": bookings,
        "hours": list(room.opening_hours.order_by("weekday")),
        "feed_url": request.build_absolute_uri(reverse("rooms:room_feed", args=[room.feed_token])),
        "can_book": request.user.has_role_perm(Perm.BOOK_ROOMS),
        "can_manage": request.user.has_role_perm(Perm.MANAGE_ORGANISATION),
    })


@require_perm(Perm.BOOK_ROOMS)
@require_http_methods(["GET", "POST"])
def booking_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """Book the room once or weekly; a taken or closed time is refused and the form keeps what was typed."""
    room = selectors.room_for(request.user, pk)
    form = BookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            times = services.weekly(data["starts_at"], data["ends_at"], data["weeks"])
            bookings = services.book(room, times, title=data["title"], actor=request.user, request=request)
        except services.BookingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, ngettext("The room is booked (%(count)s time).", "The room is booked (%(count)s times).",
                                              len(bookings)) % {"count": len(bookings)})
            return redirect("rooms:room_detail", pk=room.pk)
    return render(request, "rooms/booking_form.html", {"room": room, "form": form})


@require_perm(Perm.BOOK_ROOMS)
@require_POST
def booking_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_for(request.user, pk)
    try:
        count = services.cancel(booking, actor=request.user, series=request.POST.get("series") == "1",
                                request=request)
    except services.BookingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, ngettext("The booking is cancelled (%(count)s time).",
                                              "The booking is cancelled (%(count)s times).", count) % {"count": count})
    return redirect("rooms:room_detail", pk=booking.room_id)


@require_perm(Perm.BOOK_ROOMS)
def booking_cancel_series(request: AuthedRequest, pk: int) -> HttpResponse:
    """Ask before cancelling a weekly booking from one week on: the times it would cancel, and a
    button that does it (a GET changes nothing); the reason instead where it cannot be cancelled."""
    booking = selectors.booking_for(request.user, pk)
    return render(request, "rooms/booking_cancel_series.html", {
        "booking": booking, "room": booking.room, "times": list(selectors.series_from(booking)),
        "may_cancel": booking.series is not None and services.can_cancel(booking, request.user),
    })


def _managed_facilities(request: AuthedRequest):
    return scoped(request.user, Facility).filter(estate_q(request.user, Perm.MANAGE_ORGANISATION, prefix="estate__"))


@require_perm(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def room_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    """Add a room to one of one's facilities, or change one: kind, capacity, accessibility, hours."""
    facilities = _managed_facilities(request).order_by("estate__name", "name")
    room: Room | None = None
    if pk is not None:
        room = selectors.room_for(request.user, pk)
        if not facilities.filter(pk=room.facility_id).exists():
            raise Http404
    initial = RoomForm.initial_for(room) if room else None
    form = RoomForm(request.POST or None, facilities=facilities, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.save_room(
                services.RoomInput(facility=data["facility"], name=data["name"], kind=data["kind"],
                                   capacity=data["capacity"], step_free_access=data["step_free_access"],
                                   hearing_loop=data["hearing_loop"], accessible_toilet=data["accessible_toilet"]),
                actor=request.user, room=room, request=request,
            )
            services.set_opening_hours(saved, data["hours"], actor=request.user, request=request)
        except services.BookingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The room is saved."))
            return redirect("rooms:room_detail", pk=saved.pk)
    return render(request, "rooms/room_form.html", {"form": form, "room": room})


@require_perm(Perm.VIEW_AGGREGATES)
@reads_from_replica
def utilisation(request: AuthedRequest) -> HttpResponse:
    """Hours booked per room and week against its opening hours, to plan the local health
    architecture; rooms in pages, the weeks chosen kept from page to page. Queries: the layout's,
    the number of rooms, a page of them, opening hours per room, booked hours per room and week."""
    today = timezone.localdate()
    first = WeekForm(request.GET or None).chosen(today - timedelta(weeks=4))
    page = Paginator(selectors.utilisation_rooms(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    weeks, table = selectors.utilisation(request.user, first, rooms=page.object_list)
    return render(request, "rooms/utilisation.html", {
        "weeks": weeks, "table": table, "page": page, "form": WeekForm(initial={"week": selectors.week_start(first)}),
    })


@public
def room_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The room's bookings as iCalendar, behind the room's secret feed address (calendar apps
    cannot log in). Says what the room is used for and by which organisation, nothing about residents."""
    room = selectors.room_by_feed_token(token)
    if room is None:
        raise Http404
    now = timezone.now()
    response = HttpResponse(ics.calendar(room, selectors.feed_bookings(room, now), now),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="lokale-{room.pk}.ics"'
    return response
