"""Competence development: the catalogue of training modules for front-line staff, their
sessions, who enrolled, attended and completed — and when a completion needs refreshing.

A module with no organisation belongs to the national catalogue every member of staff sees;
an organisation may add its own. A completion is valid until `valid_until` (completion date
plus the module's refresh interval), so "trained in a theme" is one indexed condition.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core import figures
from lokalsundhed.core.permissions import Role
from lokalsundhed.organisations.models import Estate, Organisation


class Theme(models.TextChoices):
    """The themes of the front-line course (seed 003, PRODUCT.md point 7)."""

    SYSTEM_KNOWLEDGE = "system_knowledge", _("System knowledge")
    EARLY_DETECTION = "early_detection", _("Early detection and bridging")
    TRUST = "trust", _("Trust in the meeting with residents")
    DEMENTIA = "dementia", _("Dementia-friendliness")
    PSYCHIATRIC = "psychiatric", _("Psychiatric vulnerability")
    CONFLICT = "conflict", _("Conflict handling")
    CULTURES = "cultures", _("Other cultures")
    ADDICTION = "addiction", _("Addiction")
    MUNICIPAL_HELP = "municipal_help", _("Where to find help in the municipality")
    POLICE = "police", _("What the police can do")


# Every caretaker and housing social worker should hold these (coverage is measured against them).
CORE_THEMES = (Theme.SYSTEM_KNOWLEDGE, Theme.EARLY_DETECTION, Theme.TRUST, Theme.MUNICIPAL_HELP)
# The front-line roles whose training coverage is measured.
FRONT_LINE_ROLES = (Role.CARETAKER, Role.SOCIAL_WORKER)


class Module(models.Model):
    class Form(models.TextChoices):
        CLASSROOM = "classroom", _("Classroom")
        ON_SITE = "on_site", _("On site in the estate")
        ONLINE = "online", _("Online, live")
        E_LEARNING = "e_learning", _("E-learning")

    # None: the national catalogue, seen by every member of staff.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="training_modules",
        verbose_name=_("organisation"),
    )
    code = models.SlugField(_("code"), max_length=60)
    title = models.CharField(_("title (Danish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    form = models.CharField(_("form"), max_length=20, choices=Form.choices)
    provider = models.CharField(_("provider"), max_length=200)
    # None: never needs refreshing.
    refresh_months = models.PositiveSmallIntegerField(_("refresh after (months)"), null=True, blank=True)
    is_active = models.BooleanField(_("in the catalogue"), default=True)

    class Meta:
        ordering = ["theme", "title"]
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="one_training_module_per_code"),
            models.UniqueConstraint(fields=["code"], condition=Q(organisation__isnull=True),
                                    name="one_national_training_module_per_code"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.title_en if get_language() == "en" and self.title_en else self.title

    @property
    def duration_hours(self) -> float:
        return float(figures.rounded(self.duration_minutes / 60, 1))


class TrainingSession(models.Model):
    """One holding of a module, hosted by an organisation, at a place and time."""

    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("module"))
    host = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="training_sessions",
                             verbose_name=_("host"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("places"), default=20)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        indexes = [models.Index(fields=["host", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="training_session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.module} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


class Enrolment(models.Model):
    """A member of staff on a session: enrolled (by themselves or their manager), attended or
    not, completed. Cancelled enrolments are kept with their date."""

    class State(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Completed")
        ABSENT = "absent", _("Did not attend")
        CANCELLED = "cancelled", _("Cancelled")

    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="enrolments",
                                verbose_name=_("session"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_enrolments",
                             verbose_name=_("participant"))
    # The organisation the participant takes part for (their manager's organisation).
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisation"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.ENROLLED)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    enrolled_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    # completed_on + the module's refresh interval; None: valid for good (or not completed).
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    refresher_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session__starts_at", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], condition=~Q(state="cancelled"),
                                    name="one_live_enrolment_per_session"),
            models.CheckConstraint(condition=~Q(state="completed") | Q(completed_on__isnull=False),
                                   name="completed_enrolment_has_a_date"),
        ]
        indexes = [
            models.Index(fields=["user", "state"]),
            models.Index(fields=["state", "valid_until"]),
        ]

    def __str__(self) -> str:
        return _("Enrolment #%(number)s") % {"number": self.pk}

    def is_valid_on(self, day: date) -> bool:
        return self.state == self.State.COMPLETED and (self.valid_until is None or self.valid_until >= day)


class Posting(models.Model):
    """Which estates a caretaker or housing social worker works in, so that coverage can be
    counted per estate (memberships say only the organisation)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="estate_postings")
    estate = models.ForeignKey(Estate, on_delete=models.CASCADE, related_name="staff_postings",
                               verbose_name=_("estate"))

    class Meta:
        verbose_name = _("estate posting")
        verbose_name_plural = _("estate postings")
        constraints = [models.UniqueConstraint(fields=["user", "estate"], name="one_posting_per_estate")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.estate_id}"
