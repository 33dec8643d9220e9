"""Practical help (errands): the small tasks that keep elderly residents independent at home —
and that were invisible "shadow tasks" until they were counted.

Each housing organisation keeps its own catalogue of which tasks its caretakers may do and
which they may not (personal care belongs to home care). A resident, or a member of staff on
their behalf, asks for one; a caretaker of the estate takes it, does it and logs the minutes.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.phones import PhoneNumberField
from lokalsundhed.errands.catalogue import note_label, standard_label
from lokalsundhed.organisations.models import Dwelling, Estate, Organisation


def new_token() -> str:
    return secrets.token_urlsafe(32)


class ErrandType(models.Model):
    """A task in a housing organisation's catalogue, allowed for its caretakers or not."""

    housing_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="errand_types",
        limit_choices_to={"kind": Organisation.Kind.HOUSING},
        verbose_name=_("housing organisation"),
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name (Danish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    # The task's name in the other resident languages (language code → name), given by the
    # organisation for a task of its own; the standard tasks are translated already.
    names = models.JSONField(_("names in residents' languages"), default=dict, blank=True)
    allowed = models.BooleanField(_("caretakers may do it"), default=True)
    # Said to whoever asks for a task that is not allowed: where the help is instead.
    note = models.CharField(_("note"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["-allowed", "order", "name"]
        verbose_name = _("errand type")
        verbose_name_plural = _("errand types")
        constraints = [
            models.UniqueConstraint(fields=["housing_organisation", "code"], name="one_errand_type_per_code")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The task's name in the reader's language: the organisation's own Danish name to a Danish
        reader; the name the organisation gave it in the reader's language; a standard task in any
        resident language; else the English name if there is one, else the Danish."""
        return self._label()[0]

    @property
    def label_html(self) -> SafeString:
        """The label, marked with its language where that is not the reader's (a Danish or English
        name on an Arabic page), so that a screen reader reads it with the right voice."""
        label, language = self._label()
        if language == (get_language() or "da"):
            return conditional_escape(label)
        return format_html('<span lang="{}" dir="ltr">{}</span>', language, label)

    @property
    def note_label(self) -> str:
        """The note (where help is instead) in the reader's language where it is the standard one."""
        return note_label(self.note)

    def _label(self) -> tuple[str, str]:
        """(the label, the language it is written in)."""
        language = get_language() or "da"
        if language == "da":
            return self.name, "da"
        own = self.name_en if language == "en" else (self.names or {}).get(language, "")
        return (own, language) if own else self.fallback_label()

    def fallback_label(self, *, english: bool = True) -> tuple[str, str]:
        """(the label, its language) for a reader of the active language where the task has no name
        of its own in it: a standard task in that language, else the English name (unless
        `english` is False: the English name is the one missing), else the Danish."""
        standard = standard_label(self.code, self.name)
        if standard:  # every resident catalogue translates the standard tasks (test_translations)
            return standard, get_language() or "da"
        return (self.name_en, "en") if english and self.name_en else (self.name, "da")


class Errand(models.Model):
    """One request for practical help, and what became of it."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        TAKEN = "taken", _("Taken")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="errands", verbose_name=_("estate"))
    errand_type = models.ForeignKey(
        ErrandType, on_delete=models.PROTECT, related_name="errands", verbose_name=_("task")
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    dwelling = models.ForeignKey(
        Dwelling, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("address")
    )
    # What the resident wrote when no dwelling was chosen (the public form).
    address = models.CharField(_("address"), max_length=200, blank=True)
    resident_first_name = models.CharField(_("first name"), max_length=60)
    phone = PhoneNumberField(_("mobile phone"), blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    when = models.CharField(_("when it suits"), max_length=100, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="taken_errands"
    )
    taken_at = models.DateTimeField(_("taken"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes spent"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("errand")
        verbose_name_plural = _("errands")
        indexes = [
            models.Index(fields=["estate", "state", "created_at"]),
            models.Index(fields=["estate", "done_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="done") | Q(minutes__isnull=False, done_at__isnull=False),
                name="done_errand_has_minutes",
            )
        ]

    def __str__(self) -> str:
        return _("Errand #%(number)s") % {"number": self.pk}

    @property
    def where(self) -> str:
        return self.dwelling.address if self.dwelling_id else self.address  # type: ignore[union-attr]
