"""Guidance cards: what to do when a caretaker sees a sign of one category, and whom to call."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokalsundhed.directory.models.hsds import Service
from lokalsundhed.organisations.models import Municipality
from lokalsundhed.signs.models import SignCategory


class GuidanceCard(models.Model):
    """"Har du hørt et nødråb?": what to do when you see signs of one category.

    A card without a municipality is the national default; a municipality's administrators
    keep their own copy, which then replaces the default for their municipality.
    """

    category = models.ForeignKey(
        SignCategory, on_delete=models.PROTECT, related_name="guidance_cards", verbose_name=_("sign category")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="guidance_cards",
        verbose_name=_("municipality (empty: the default for all)"),
    )
    first_steps = models.TextField(_("what to do first"))
    what_to_say = models.TextField(_("what to say to the resident"))
    what_not_to_do = models.TextField(_("what not to do"))
    services = models.ManyToManyField(Service, blank=True, related_name="guidance_cards", verbose_name=_("whom to call"))
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["category__order", "municipality__name"]
        verbose_name = _("guidance card")
        verbose_name_plural = _("guidance cards")
        constraints = [
            models.UniqueConstraint(fields=["category", "municipality"], name="one_card_per_category_and_municipality"),
            models.UniqueConstraint(
                fields=["category"], condition=models.Q(municipality__isnull=True), name="one_default_card_per_category"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} · {self.municipality or _('default')}"
