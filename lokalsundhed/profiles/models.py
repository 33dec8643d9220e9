"""Area health profiles: public statistics tables (Statistics Denmark), the residents of each
estate, and the partnerships' yearly themes and goals with their history.

Statistics tables are public facts and hold no personal data: every cell is kept by its table
and its dimension codes, so that a table comes back out exactly as it went in.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokalsundhed.organisations.models import Estate, Partnership


class StatisticsTable(models.Model):
    """One imported table (e.g. FOLK1A), its dimensions in their order and their categories."""

    class Format(models.TextChoices):
        JSON_STAT = "json-stat", "JSON-stat 2.0"
        CSV = "csv", "CSV"

    table_id = models.CharField(_("table"), max_length=40, unique=True)
    label = models.CharField(_("title"), max_length=500)
    source = models.CharField(_("source"), max_length=200, blank=True)
    # When the publisher last updated the table: an older file never replaces a newer one.
    updated = models.DateTimeField(_("updated by the publisher"), null=True, blank=True)
    # [dimension id, …] in the file's order, and {id: {"label": …, "categories": [[code, label], …]}}.
    dimension_ids = models.JSONField(default=list)
    dimensions = models.JSONField(default=dict)
    roles = models.JSONField(default=dict, blank=True)
    units = models.JSONField(default=dict, blank=True)
    source_format = models.CharField(max_length=20, choices=Format.choices)
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["table_id"]
        verbose_name = _("statistics table")
        verbose_name_plural = _("statistics tables")

    def __str__(self) -> str:
        return f"{self.table_id}: {self.label}"


class StatisticsCell(models.Model):
    """One value of a table, at one code of each dimension. Area, age and period are copied out
    of `codes` so that profiles filter and sum them in SQL on an index."""

    table = models.ForeignKey(StatisticsTable, on_delete=models.CASCADE, related_name="cells")
    key = models.CharField(max_length=400)  # the codes joined by "|" in dimension order
    codes = models.JSONField()
    area = models.CharField(max_length=20, blank=True)
    age = models.CharField(max_length=20, blank=True)
    period = models.CharField(max_length=20, blank=True)
    value = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("statistics cell")
        verbose_name_plural = _("statistics cells")
        constraints = [models.UniqueConstraint(fields=["table", "key"], name="one_cell_per_key")]
        indexes = [models.Index(fields=["table", "area", "period", "age"])]

    def __str__(self) -> str:
        return f"{self.table_id} {self.key} = {self.value}"


class EstateResidents(models.Model):
    """How many people live in an estate, by age band, on a date (from the housing
    organisation's tenancy register): counts only, never who."""

    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="resident_counts")
    as_of = models.DateField(_("as of"))
    age_0_17 = models.PositiveIntegerField(_("0–17 years"), default=0)
    age_18_64 = models.PositiveIntegerField(_("18–64 years"), default=0)
    age_65_79 = models.PositiveIntegerField(_("65–79 years"), default=0)
    age_80_plus = models.PositiveIntegerField(_("80 years and over"), default=0)

    class Meta:
        ordering = ["estate", "-as_of"]
        verbose_name = _("residents of an estate")
        verbose_name_plural = _("residents of estates")
        constraints = [models.UniqueConstraint(fields=["estate", "as_of"], name="one_count_per_estate_and_date")]

    def __str__(self) -> str:
        return f"{self.estate_id} {self.as_of}"

    @property
    def total(self) -> int:
        return self.age_0_17 + self.age_18_64 + self.age_65_79 + self.age_80_plus


class Recommendation(models.TextChoices):
    """KL and BL's seven recommendations for health and employment in housing areas (2014)."""

    SHARED_GOALS = "shared_goals", _("Shared goals and efforts")
    SMALL_STEPS = "small_steps", _("Tailored employment efforts focused on the small steps")
    LIFESTYLE = "lifestyle", _("Prevention of lifestyle diseases")
    ACROSS = "across", _("Health across sectors")
    BUSINESSES = "businesses", _("Stronger cooperation with businesses")
    NETWORKS = "networks", _("Building social networks in the local area")
    KNOWLEDGE = "knowledge", _("Efforts built on knowledge that works")


class PartnershipYear(models.Model):
    """A partnership's theme of the year (the KL/BL partnership picks one each year)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    theme = models.CharField(_("theme of the year"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["partnership", "-year"]
        verbose_name = _("partnership year")
        verbose_name_plural = _("partnership years")
        constraints = [models.UniqueConstraint(fields=["partnership", "year"], name="one_theme_per_year")]

    def __str__(self) -> str:
        return f"{self.partnership_id} {self.year}: {self.theme}"


class Goal(models.Model):
    """A shared goal: an indicator of the catalogue, where it stood, where it should be, by when."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="goals")
    year = models.PositiveSmallIntegerField(_("year"))
    recommendation = models.CharField(_("recommendation"), max_length=30, choices=Recommendation.choices)
    indicator = models.CharField(_("indicator"), max_length=60)
    title = models.CharField(_("goal"), max_length=200)
    baseline = models.FloatField(_("baseline"))
    target = models.FloatField(_("target"))
    # Measured from this date: the baseline is where the indicator stood then.
    starts_on = models.DateField(_("from"))
    target_date = models.DateField(_("reached by"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        ordering = ["partnership", "-year", "target_date", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(condition=models.Q(target_date__gt=models.F("starts_on")),
                                   name="goal_ends_after_start"),
            models.CheckConstraint(condition=~models.Q(target=models.F("baseline")), name="goal_target_differs"),
        ]

    def __str__(self) -> str:
        return self.title


class GoalSnapshot(models.Model):
    """Where a goal's indicator stood on a day: taken by the worker each night and on view."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="snapshots")
    taken_on = models.DateField(_("date"))
    value = models.FloatField(_("value"), null=True, blank=True)  # None: too few to show (suppressed)
    n = models.PositiveIntegerField(_("based on"), default=0)
    expected = models.FloatField(_("expected by now"))
    on_track = models.BooleanField(_("on track"), null=True, blank=True)

    class Meta:
        ordering = ["goal", "taken_on"]
        verbose_name = _("goal snapshot")
        verbose_name_plural = _("goal snapshots")
        constraints = [models.UniqueConstraint(fields=["goal", "taken_on"], name="one_snapshot_per_goal_and_day")]

    def __str__(self) -> str:
        return f"{self.goal_id} {self.taken_on}: {self.value}"
