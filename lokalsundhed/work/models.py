"""Small steps into work: local companies, the opportunities they and the housing organisation
offer (small jobs, trial placements, internships, volunteering as a first step), and residents'
interest in them, followed up by the housing social worker.

An interest holds the least a social worker needs to call back: a first name and a phone
number. It moves interested → contacted → started → completed, or is stopped on the way; every
move is a `InterestTransition` (who, when). Retention anonymises it; its state and dates stay,
so reach and completion can still be counted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.phones import PhoneNumberField
from lokalsundhed.organisations.models import Estate, Organisation
from lokalsundhed.referrals.models import Observation
from lokalsundhed.work.cvr import validate_cvr


class Company(models.Model):
    """A local company in a housing organisation's registry, with its contact person."""

    housing_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="work_companies",
        limit_choices_to={"kind": Organisation.Kind.HOUSING}, verbose_name=_("housing organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    cvr = models.CharField(_("CVR number"), max_length=8, validators=[validate_cvr])
    contact_name = models.CharField(_("contact person"), max_length=120)
    contact_phone = PhoneNumberField(_("contact's phone"), blank=True)
    contact_email = models.EmailField(_("contact's e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        constraints = [
            models.UniqueConstraint(fields=["housing_organisation", "cvr"], name="one_company_per_cvr_and_registry")
        ]

    def __str__(self) -> str:
        return self.name


class Opportunity(models.Model):
    """A first step into work that residents of an estate may show interest in."""

    class Kind(models.TextChoices):
        SMALL_JOB = "small_job", _("Small job")
        TRIAL = "trial", _("Trial placement")
        INTERNSHIP = "internship", _("Internship")
        VOLUNTEERING = "volunteering", _("Volunteering")

    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="work_opportunities",
                               verbose_name=_("estate"))
    # Empty: the housing organisation itself offers it.
    company = models.ForeignKey(Company, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="opportunities", verbose_name=_("company"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("hours a week"), null=True, blank=True)
    is_published = models.BooleanField(_("shown to residents"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        indexes = [models.Index(fields=["estate", "is_published"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.is_published and self.archived_at is None


class Interest(models.Model):
    """A resident would like to try an opportunity. Minimal personal data: first name and phone."""

    class State(models.TextChoices):
        INTERESTED = "interested", _("Interested")
        CONTACTED = "contacted", _("Contacted")
        STARTED = "started", _("Started")
        COMPLETED = "completed", _("Completed")
        STOPPED = "stopped", _("Stopped")

    class StopReason(models.TextChoices):
        NO_CONTACT = "no_contact", _("We could not reach the resident")
        RESIDENT_WITHDREW = "resident_withdrew", _("The resident no longer wants it")
        NOT_SUITABLE = "not_suitable", _("Not suitable now")
        OTHER_WORK = "other_work", _("Found other work or education")
        OTHER = "other", _("Other reason")

    CLOSED_STATES = (State.COMPLETED, State.STOPPED)

    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="interests")
    first_name = models.CharField(_("first name"), max_length=60)
    phone = PhoneNumberField(_("phone"))
    message = models.CharField(_("message"), max_length=500, blank=True)
    consent = models.BooleanField(_("agreed to be contacted"), default=False)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.INTERESTED,
                             db_index=True)
    stop_reason = models.CharField(_("why it stopped"), max_length=30, choices=StopReason.choices, blank=True)
    created_at = models.DateTimeField(_("shown interest"), default=timezone.now, db_index=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(_("completed or stopped"), null=True, blank=True)
    # The bridge to the jobcenter: the observation sent as a referral through bridge-building.
    jobcenter_observation = models.OneToOneField(
        Observation, on_delete=models.PROTECT, null=True, blank=True, related_name="work_interest"
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        indexes = [models.Index(fields=["state", "closed_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(consent=True) | Q(anonymised_at__isnull=False),
                                   name="interest_needs_consent"),
        ]

    def __str__(self) -> str:
        return _("Interest #%(number)s") % {"number": self.pk}

    @property
    def is_closed(self) -> bool:
        return self.state in self.CLOSED_STATES


class InterestTransition(models.Model):
    """Every change of an interest's state: who, when, from what to what."""

    interest = models.ForeignKey(Interest, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=Interest.State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=Interest.State.choices)
    # None: the resident, through the public page.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self) -> str:
        return f"{self.interest_id}: {self.from_state or '-'} → {self.to_state}"
