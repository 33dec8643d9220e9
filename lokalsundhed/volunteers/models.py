"""Volunteers and civil society: residents and NGO volunteers who help with local activities,
the civil-society organisations they come from (linked to the help guide), their assignments
to activities with a role, their shifts and the hours given.

A volunteer belongs to a housing organisation, whose coordinators (manage_volunteers) keep
the record. Consent is recorded when the volunteer signs up. Where an activity involves
children or vulnerable adults, a criminal-record certificate (børneattest) no older than
CERTIFICATE_VALID is required before assignment. A volunteer with an e-mail address logs in
with a one-time code (no password) to see and swap shifts.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.phones import PhoneNumberField
from lokalsundhed.directory.models import Organization
from lokalsundhed.offers.models import Offer, Session
from lokalsundhed.organisations.models import Estate, Municipality, Organisation

# How long a criminal-record certificate is accepted for work with children or vulnerable adults.
CERTIFICATE_VALID = timedelta(days=2 * 365)


class CivilSocietyOrganisation(models.Model):
    """An association, NGO or volunteer group active in a municipality."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="civil_society",
                                     verbose_name=_("municipality"))
    name = models.CharField(_("name"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = PhoneNumberField(_("contact phone"), blank=True)
    # Its entry in the help guide (HSDS organization), where residents find its services.
    directory_organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("in the help guide"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("civil-society organisation")
        verbose_name_plural = _("civil-society organisations")

    def __str__(self) -> str:
        return self.name


class Volunteer(models.Model):
    class Kind(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        NGO = "ngo", _("Volunteer from an association")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Stopped")

    housing_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="volunteers",
        limit_choices_to={"kind": Organisation.Kind.HOUSING}, verbose_name=_("housing organisation"),
    )
    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, null=True, blank=True, related_name="volunteers",
                               verbose_name=_("estate"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.RESIDENT)
    civil_society = models.ForeignKey(CivilSocietyOrganisation, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="volunteers", verbose_name=_("association"))
    first_name = models.CharField(_("first name"), max_length=60)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    phone = PhoneNumberField(_("mobile phone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    # What the platform writes to the volunteer in (settings.RESIDENT_LANGUAGES): the language of the
    # recruitment page they signed up on, then the one they last read their own pages in.
    language = models.CharField(_("language of messages"), max_length=10, default="da")
    skills = models.CharField(_("skills"), max_length=300, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    consent_given_at = models.DateTimeField(_("consent given"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.APPLIED)
    criminal_record_checked_on = models.DateField(_("criminal-record certificate dated"), null=True, blank=True)
    certificate_reminded_on = models.DateField(null=True, blank=True)
    # The account a volunteer logs in with (one-time code by e-mail, no password).
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="volunteer")
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    # When the volunteer last stopped being active; retention counts from here (an applicant never
    # approved: from signing up) and then removes name, contact and certificate (`housekeeping.py`).
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        ordering = ["first_name", "last_name", "pk"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        indexes = [models.Index(fields=["housing_organisation", "status"])]
        constraints = [
            models.CheckConstraint(condition=~Q(phone="", email="") | Q(anonymised_at__isnull=False),
                                   name="volunteer_has_a_contact"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def certificate_valid_until(self) -> date | None:
        checked = self.criminal_record_checked_on
        return checked + CERTIFICATE_VALID if checked else None

    def has_valid_certificate(self, on: date) -> bool:
        until = self.certificate_valid_until
        return until is not None and until >= on


class Safeguarding(models.Model):
    """Marks an activity that involves children or vulnerable adults: its volunteers need a
    valid criminal-record certificate."""

    offer = models.OneToOneField(Offer, on_delete=models.CASCADE, primary_key=True, related_name="safeguarding")
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("safeguarded activity")
        verbose_name_plural = _("safeguarded activities")

    def __str__(self) -> str:
        return str(self.offer_id)


class Assignment(models.Model):
    """A volunteer attached to an activity with a role."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="assignments")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="volunteer_assignments",
                              verbose_name=_("activity"))
    role = models.CharField(_("role"), max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["offer__title", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "offer"], condition=Q(ended_at__isnull=True),
                                    name="one_live_assignment_per_activity"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} → {self.offer_id}"


class Shift(models.Model):
    """A volunteer's turn at one session of an activity. Open when no volunteer holds it;
    offered for swap when its holder asks someone else to take it."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="volunteer_shifts",
                                verbose_name=_("time"))
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="volunteer_shifts")
    role = models.CharField(_("role"), max_length=100)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, null=True, blank=True, related_name="shifts",
                                  verbose_name=_("volunteer"))
    swap_offered_at = models.DateTimeField(_("offered for swap"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes given"), null=True, blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")

    class Meta:
        ordering = ["session__starts_at", "pk"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        indexes = [models.Index(fields=["volunteer", "session"])]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__isnull=True) | Q(volunteer__isnull=False),
                                   name="hours_are_a_volunteers"),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} {self.role}"
