"""Rooms and their bookings: the local health architecture an estate's facilities make up.

A facility (`organisations.Facility`: a common house, a health-promotion centre, an office) is a
place with an address; a room is what can be booked inside it — a consultation room, the common
house's hall, a kitchen, a garden — with its capacity, opening hours and accessibility.

No two live bookings of a room overlap. The services check under a row lock on the room; on
PostgreSQL an exclusion constraint (migration 0002) is the last line behind the lock.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokalsundhed.organisations.models import Facility, Organisation

WEEKDAYS = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class Room(models.Model):
    """A bookable room in a facility."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation room")
        COMMON_HOUSE = "common_house", _("Common house")
        KITCHEN = "kitchen", _("Kitchen")
        GARDEN = "garden", _("Garden")
        OTHER = "other", _("Other room")

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="rooms", verbose_name=_("facility"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    capacity = models.PositiveSmallIntegerField(_("capacity (people)"))
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)
    # The secret address of the room's iCalendar feed, for calendar apps that cannot log in.
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    # Touched by every booking change: the row lock that serialises bookings of the room.
    bookings_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["facility__name", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")

    def __str__(self) -> str:
        return f"{self.name} ({self.facility.name})"


class OpeningHours(models.Model):
    """When a room may be booked on one weekday (0 = Monday). A room without any is always open."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=[(i, str(i)) for i in range(7)])
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["room", "weekday"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.UniqueConstraint(fields=["room", "weekday"], name="one_opening_per_room_and_day"),
            models.CheckConstraint(condition=Q(closes__gt=models.F("opens")), name="room_closes_after_it_opens"),
        ]

    def __str__(self) -> str:
        return f"{self.room_id} {self.weekday} {self.opens:%H:%M}–{self.closes:%H:%M}"

    @property
    def day_label(self) -> str:
        return str(WEEKDAYS[self.weekday])


class Booking(models.Model):
    """A room taken from `starts_at` to `ends_at` (half-open: one may end when the next starts)."""

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("room"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    title = models.CharField(_("what for"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="room_bookings", verbose_name=_("booked for")
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="room_bookings", verbose_name=_("booked by")
    )
    # Weekly bookings made together share a series, so they can be cancelled together.
    series = models.UUIDField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Raised when the booking moves or is cancelled: the iCalendar SEQUENCE.
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        indexes = [models.Index(fields=["room", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.room_id} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None
