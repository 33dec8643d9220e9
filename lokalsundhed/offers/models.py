"""Local offers: social activities, outreach hours with bookable slots, courses with sessions
and information meetings — and the residents who sign up for them.

An offer belongs to an estate or to a partnership (then it is for all the partnership's
estates). Its Danish texts are on the offer; other languages are rows of `OfferTranslation`,
so a new language needs no migration. A resident signs up with the minimum: a first name and
a phone number or an e-mail address; the private token in their link is their only key.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.phones import PhoneNumberField
from lokalsundhed.organisations.models import Estate, Facility, Municipality, Partnership

# Residents' details on a sign-up are removed this long after their offer's last session held
# (offers.housekeeping.apply_retention); the figures stay.
SIGN_UP_DETAILS_KEPT = timedelta(days=183)

# A course is completed with this many sessions attended unless the offer says otherwise (4 of 6).
DEFAULT_COMPLETION_SESSIONS = 4
# The most places an offer may have, in the staff form and the API alike.
MAX_PLACES = 500
# How long one new session may be, in minutes, in the staff form and the API alike.
SESSION_MINUTES = (15, 600)


def new_token() -> str:
    """The private key of a sign-up: 32 random bytes, URL-safe (no personal data in the URL)."""
    return secrets.token_urlsafe(32)


class Offer(models.Model):
    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("Social activity")
        OUTREACH = "outreach", _("Outreach hours")
        COURSE = "course", _("Course")
        INFO_MEETING = "info_meeting", _("Information meeting")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    estate = models.ForeignKey(
        Estate, on_delete=models.PROTECT, null=True, blank=True, related_name="offers", verbose_name=_("estate")
    )
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("partnership"),
    )
    # Where the offer is listed: the estate's municipality, or the partnership's.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="offers", verbose_name=_("municipality")
    )
    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, null=True, blank=True, related_name="offers", verbose_name=_("facility")
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="organised_offers", verbose_name=_("organisers")
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilitated_offers",
        verbose_name=_("facilitator"),
    )
    title = models.CharField(_("title (Danish)"), max_length=200)
    description = models.TextField(_("description (Danish, easy to read)"), max_length=2000, blank=True)
    target_group = models.CharField(_("who it is for (Danish)"), max_length=200, blank=True)
    # None: no limit (a café everyone may drop in to).
    capacity = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    completion_sessions = models.PositiveSmallIntegerField(
        _("sessions needed to complete"), default=DEFAULT_COMPLETION_SESSIONS
    )
    is_published = models.BooleanField(_("shown to residents"), default=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    # Cancelled by staff: off the residents' calendar, kept for staff and for the figures.
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            # Exactly one home, so that reach figures count each offer once per estate or partnership.
            models.CheckConstraint(
                condition=Q(estate__isnull=False, partnership__isnull=True)
                | Q(estate__isnull=True, partnership__isnull=False),
                name="offer_has_one_home",
            )
        ]
        indexes = [models.Index(fields=["municipality", "is_published"])]

    def __str__(self) -> str:
        return self.title

    @property
    def takes_sign_ups(self) -> bool:
        """Outreach hours are booked by slot; the others by place (unlimited: still signed up)."""
        return self.kind != self.Kind.OUTREACH

    @property
    def is_course(self) -> bool:
        return self.kind == self.Kind.COURSE

    @property
    def is_outreach(self) -> bool:
        return self.kind == self.Kind.OUTREACH

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class OfferTranslation(models.Model):
    """An offer's texts in another language than Danish."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    target_group = models.CharField(_("who it is for"), max_length=200, blank=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["offer", "language"], name="one_offer_translation_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} [{self.language}]"


class Session(models.Model):
    """One meeting of an offer: a course session (gang), a café afternoon, a block of
    outreach hours, an information meeting. The calendar lists these."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("facility")
    )
    # The room the session is held in, booked through rooms' services (moved and cancelled with it).
    room_booking = models.OneToOneField(
        "rooms.Booking", on_delete=models.PROTECT, null=True, blank=True, related_name="session",
        verbose_name=_("room booking"),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # For staff only: residents are told the time is cancelled, never why (it may be personal).
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=200, blank=True)
    # When the facilitator first recorded attendance; sessions without it count in no rate.
    attendance_taken_at = models.DateTimeField(_("attendance recorded"), null=True, blank=True)
    # Raised when the time moves or the session is cancelled: the iCalendar SEQUENCE, by which
    # residents' calendar apps know that their saved copy is out of date (RFC 5545 3.8.7.4).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["offer", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} {self.starts_at:%Y-%m-%d %H:%M}"


class Slot(models.Model):
    """A bookable time in a block of outreach hours (e.g. 15 minutes with the doctor)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # Removed by staff after someone had booked it: kept, unbookable, for the history of that
    # booking (a time nobody ever booked is deleted outright).
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        constraints = [
            models.UniqueConstraint(fields=["session", "starts_at"], condition=Q(removed_at__isnull=True),
                                    name="one_slot_per_time"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id} {self.starts_at:%H:%M}"


class SignUp(models.Model):
    """A resident's place on an offer (or booking of a slot), or their place on the waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Has a place")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE = (Status.CONFIRMED, Status.WAITING)

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="sign_ups")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, null=True, blank=True, related_name="bookings")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    first_name = models.CharField(_("first name"), max_length=60)
    phone = PhoneNumberField(_("mobile phone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="da")
    # None: the resident did not say.
    first_time = models.BooleanField(_("first time using a municipal offer"), null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # Staff who signed the resident up on their behalf (None: the resident did it).
    signed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("got a place"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # The resident's answer to "do you want to continue?" after a missed session.
    wants_to_continue = models.BooleanField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        indexes = [models.Index(fields=["offer", "status", "created_at"])]
        constraints = [
            # The last line against double booking: one live booking per slot, whatever the race.
            models.UniqueConstraint(
                fields=["slot"], condition=Q(status__in=["confirmed", "waiting"]), name="one_booking_per_slot"
            ),
            models.CheckConstraint(
                condition=~Q(phone="", email="") | Q(anonymised_at__isnull=False), name="sign_up_can_be_reached"
            ),
        ]

    def __str__(self) -> str:
        return _("Sign-up #%(number)s") % {"number": self.pk}

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class Attendance(models.Model):
    """A participant was there. Absence is the lack of a row for a session whose attendance was taken."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    sign_up = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="attendances")
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["session", "sign_up"], name="one_attendance_per_session")]

    def __str__(self) -> str:
        return f"{self.sign_up_id} @ {self.session_id}"


class Message(models.Model):
    """Each reminder, no-show question or notice sent to a resident, once: the worker's ledger.

    Holds no text: the message said only a time, a place and the private link. A reminder or
    no-show question is claimed (the row, `sent_at` empty) before it is sent and marked sent once
    the mail or SMS backend has accepted it; a claim left unsent by a worker that died is taken
    again after `housekeeping.CLAIM_LEASE`, so a crash loses no message."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Confirmation")
        MOVED_UP = "moved_up", _("Moved up from the waiting list")
        REMINDER = "reminder", _("Reminder")
        NO_SHOW = "no_show", _("Missed a session")
        CANCELLED = "cancelled", _("Cancelled")
        SESSION_CANCELLED = "session_cancelled", _("A session was cancelled")
        SESSION_MOVED = "session_moved", _("A session was moved")
        OFFER_CANCELLED = "offer_cancelled", _("The offer was cancelled")
        SESSION_RESTORED = "session_restored", _("A cancelled session takes place after all")
        RESTORED = "restored", _("A cancelled sign-up was restored")

    sign_up = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="messages")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    claimed_at = models.DateTimeField(default=timezone.now)
    # When the backend accepted it; empty while claimed and not (yet) sent.
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message to a resident")
        verbose_name_plural = _("messages to residents")
        constraints = [
            models.UniqueConstraint(
                fields=["sign_up", "session", "kind"],
                condition=Q(kind__in=["reminder", "no_show"]),
                name="one_reminder_per_session",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.sign_up_id}"
