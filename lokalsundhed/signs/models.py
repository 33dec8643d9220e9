"""The sign catalogue: what a caretaker can observe (grouped as in municipal early detection,
tidlig opsporing) and the urgency each sign suggests.

Reference data that every floor reads — bridge-building routes by it, the help guide maps its
needs to it — so it sits beside organisations, below the capabilities. The tables keep the
names they were created with in bridge-building (`referrals_sign…`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Urgency(models.TextChoices):
    GREEN = "green", _("Green: note and follow")
    YELLOW = "yellow", _("Yellow: contact within 2 working days")
    RED = "red", _("Red: same day")

    @classmethod
    def rank(cls, value: str) -> int:
        return [cls.GREEN, cls.YELLOW, cls.RED].index(cls(value))

    @classmethod
    def highest(cls, values: list[str]) -> Urgency:
        return cls(max(values, key=cls.rank)) if values else cls.GREEN


class TranslatedName(models.Model):
    """A catalogue entry with a Danish and an English name."""

    name = models.CharField(_("name (Danish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


class SignCategory(TranslatedName):
    """A group of signs as in municipal early detection (tidlig opsporing)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        db_table = "referrals_signcategory"
        verbose_name = _("sign category")
        verbose_name_plural = _("sign categories")


class Sign(TranslatedName):
    """One observable sign, with the urgency it suggests."""

    category = models.ForeignKey(SignCategory, on_delete=models.PROTECT, related_name="signs")
    code = models.SlugField(_("code"), max_length=60, unique=True)
    suggested_urgency = models.CharField(_("suggested urgency"), max_length=10, choices=Urgency.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["category__order", "order", "name"]
        db_table = "referrals_sign"
        verbose_name = _("sign")
        verbose_name_plural = _("signs")
