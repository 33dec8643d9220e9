"""Bridge-building: a caretaker's observation about a resident, and the referral that carries
it to a municipal receiving unit until the loop is closed.

Receiving units, routing rules, legal bases, deadlines and retention policies are data, edited
by administrators; the sign catalogue they route by lives in `lokalsundhed.signs`. Observations and referrals hold special-category
personal data; their anonymous statistics outlive them.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from lokalsundhed.core.phones import PhoneNumberField
from lokalsundhed.organisations.models import Dwelling, Estate, Organisation
from lokalsundhed.signs.models import Sign, SignCategory, TranslatedName, Urgency


class LegalBasis(TranslatedName):
    """A legal basis for referring a resident without their consent (e.g. vital interests)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    description = models.TextField(_("when it applies"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")


class ReceivingUnit(models.Model):
    """A municipal unit that receives referrals: Én Indgang, home care, social psychiatry …"""

    class Kind(models.TextChoices):
        SINGLE_ENTRY = "single_entry", _("Single entry point (Én Indgang)")
        HOME_CARE = "home_care", _("Home care")
        SOCIAL_PSYCHIATRY = "social_psychiatry", _("Social psychiatry")
        DEMENTIA = "dementia", _("Dementia coordinator")
        STREET_TEAM = "street_team", _("Street team")
        HOUSING_SOCIAL = "housing_social", _("Housing social team")
        JOBCENTER = "jobcenter", _("Jobcenter")
        OTHER = "other", _("Other")

    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="receiving_units",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="receiving_units", blank=True, verbose_name=_("members")
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_units",
        verbose_name=_("lead (receives escalations)"),
    )
    notification_email = models.EmailField(_("e-mail for new referrals"), blank=True)
    notification_phone = PhoneNumberField(_("mobile for red referrals"), blank=True)
    is_default = models.BooleanField(_("default unit (catches what no rule routes)"), default=False)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("receiving unit")
        verbose_name_plural = _("receiving units")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"], condition=Q(is_default=True), name="one_default_unit_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name


class RoutingRule(models.Model):
    """Sign category × urgency → receiving unit, per municipality."""

    municipality = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="routing_rules", verbose_name=_("municipality")
    )
    category = models.ForeignKey(SignCategory, on_delete=models.PROTECT, verbose_name=_("sign category"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    unit = models.ForeignKey(ReceivingUnit, on_delete=models.PROTECT, verbose_name=_("receiving unit"))

    class Meta:
        ordering = ["category__order", "urgency"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "category", "urgency"], name="one_rule_per_cell")
        ]

    def __str__(self) -> str:
        return f"{self.category} · {self.get_urgency_display()} → {self.unit}"


class DeadlinePolicy(models.Model):
    """How long a receiving unit has to claim a referral of each urgency."""

    municipality = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="deadline_policies", verbose_name=_("municipality")
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    working_days = models.PositiveSmallIntegerField(_("working days"), default=0)
    hours = models.PositiveSmallIntegerField(_("hours"), default=0)

    class Meta:
        ordering = ["municipality", "urgency"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [models.UniqueConstraint(fields=["municipality", "urgency"], name="one_deadline_per_urgency")]

    def __str__(self) -> str:
        return f"{self.get_urgency_display()}: {self.working_days} d + {self.hours} h"


# Used where a municipality has not set its own deadlines: (working days, hours).
DEFAULT_DEADLINES: dict[str, tuple[int, int]] = {
    Urgency.RED: (0, 4),
    Urgency.YELLOW: (2, 0),
    Urgency.GREEN: (10, 0),
}


class RetentionPolicy(models.Model):
    """How long personal data is kept, per organisation (defaults when none is set)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="retention_policy", verbose_name=_("organisation")
    )
    closed_referral_months = models.PositiveSmallIntegerField(_("months after a referral is closed"), default=12)
    unsent_observation_months = models.PositiveSmallIntegerField(_("months for an observation never sent"), default=3)

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self) -> str:
        return str(self.organisation)


class Consent(models.TextChoices):
    YES = "yes", _("Yes, the resident agreed to be contacted")
    DECLINED = "declined", _("The resident declined")
    NOT_ASKED = "not_asked", _("Not asked")
    CANNOT = "cannot", _("The resident cannot consent")


class Observation(models.Model):
    """What a member of housing staff saw. Sent on as a referral when consent or a legal
    basis allows; otherwise kept for the housing organisation only."""

    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="observations")
    dwelling = models.ForeignKey(Dwelling, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    resident_first_name = models.CharField(_("resident's first name"), max_length=60, blank=True)
    signs = models.ManyToManyField(Sign, related_name="observations", verbose_name=_("signs"))
    description = models.TextField(_("what you saw"), max_length=1000, blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    consent = models.CharField(_("consent"), max_length=20, choices=Consent.choices)
    legal_basis = models.ForeignKey(
        LegalBasis, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("legal basis")
    )
    legal_basis_reason = models.TextField(_("why the legal basis applies"), max_length=1000, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="observations", verbose_name=_("reported by")
    )
    created_at = models.DateTimeField(_("reported"), default=timezone.now, db_index=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    # One per observation form, sent with it: the same form sent twice (a lost connection, a
    # second tap) files one observation. Not personal data; kept when the rest is anonymised.
    idempotency_key = models.UUIDField(_("form key"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        indexes = [models.Index(fields=["reported_by", "-created_at"]), models.Index(fields=["estate", "-created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["reported_by", "idempotency_key"],
                                    condition=models.Q(idempotency_key__isnull=False),
                                    name="observation_filed_once_per_form"),
        ]

    def __str__(self) -> str:
        return _("Observation #%(number)s") % {"number": self.pk}

    @property
    def may_be_sent(self) -> bool:
        return self.consent == Consent.YES or self.legal_basis_id is not None


class Referral(models.Model):
    """The bridge: an observation handed to a receiving unit, with its state."""

    class State(models.TextChoices):
        SENT = "sent", _("Sent")
        RECEIVED = "received", _("Received")
        TAKEN_OVER = "taken_over", _("Taken over")
        CLOSED = "closed", _("Closed")
        RETURNED = "returned", _("Returned")

    class Outcome(models.TextChoices):
        HELP_ESTABLISHED = "help_established", _("Help established")
        RESIDENT_DECLINED = "resident_declined", _("Resident declined")
        NO_NEED = "no_need", _("No need")
        REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred elsewhere")

    observation = models.OneToOneField(Observation, on_delete=models.PROTECT, related_name="referral")
    municipality = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="referrals")
    unit = models.ForeignKey(ReceivingUnit, on_delete=models.PROTECT, related_name="referrals")
    routing_reason = models.CharField(_("why it went there"), max_length=300)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, db_index=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SENT, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    # Short and non-sensitive: the only thing the reporter sees from the municipality.
    status_text = models.CharField(_("status for the reporter"), max_length=200, blank=True)
    return_reason = models.TextField(_("why it was returned"), max_length=1000, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="claimed_referrals"
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    deadline_at = models.DateTimeField(_("deadline"))
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    taken_over_at = models.DateTimeField(_("taken over"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed or returned"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["unit", "state", "-sent_at"]),
            models.Index(fields=["municipality", "state", "-sent_at"]),
            models.Index(fields=["state", "deadline_at"]),
            # The queue's order: a page of a municipality's referrals without sorting them all, and
            # of its open referrals without walking past the closed ones, however many years of those
            # (PostgreSQL takes the partial index; SQLite checks the state within the first one).
            models.Index(fields=["municipality", "deadline_at", "id", "state"], name="referral_queue_order_idx"),
            models.Index(fields=["municipality", "deadline_at", "id"], name="referral_open_queue_idx",
                         condition=Q(state__in=["sent", "received"])),
        ]

    def __str__(self) -> str:
        return _("Referral #%(number)s") % {"number": self.pk}

    OPEN_STATES = (State.SENT, State.RECEIVED)

    @cached_property
    def badge(self) -> tuple[str, str]:
        """(state, label) of the badge: a referral someone has claimed but not yet taken over says
        so, rather than "Received" as before it was claimed."""
        if self.state in self.OPEN_STATES and self.claimed_by_id is not None:
            return "claimed", str(_("Claimed, being looked at"))
        return self.state, self.get_state_display()

    def is_overdue(self, now: datetime | None = None) -> bool:
        """Not taken over by its deadline — claiming it does not stop the clock."""
        return self.state in self.OPEN_STATES and (now or timezone.now()) > self.deadline_at


# The note of the transition that records a claim (the state stays as it was).
CLAIM_NOTE = "claimed"


class Transition(models.Model):
    """Every change of a referral's state: who, when, from what to what."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=Referral.State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=Referral.State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.from_state or '-'} → {self.to_state}"

    @property
    def label(self) -> str:
        """What the referral's history calls the step: a claim keeps the state it was in (received),
        so it is named as the claim it is, not as a second "received"."""
        if self.note == CLAIM_NOTE:
            return pgettext("a step in a referral's history", "Claimed")
        return str(self.get_to_state_display())


class Statistic(models.Model):
    """One anonymous row per observation: what the partnership may count forever.

    The link to the observation is cut when its personal data is anonymised.
    """

    observation = models.OneToOneField(
        Observation, on_delete=models.SET_NULL, null=True, blank=True, related_name="statistic"
    )
    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(db_index=True)  # first day of the month it was reported
    urgency = models.CharField(max_length=10, choices=Urgency.choices)
    categories = models.ManyToManyField(SignCategory, related_name="+")
    referred = models.BooleanField(default=False)
    taken_over = models.BooleanField(default=False)
    hours_to_takeover = models.FloatField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=Referral.Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("anonymous statistic")
        verbose_name_plural = _("anonymous statistics")
        indexes = [models.Index(fields=["estate", "month"])]

    def __str__(self) -> str:
        return f"{self.estate_id} {self.month:%Y-%m} {self.urgency}"
