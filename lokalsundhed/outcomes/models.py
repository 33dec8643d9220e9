"""Outcome measurement: questionnaires (instruments as versioned data), measurement plans per
offer, pseudonymous participants and their answers per round.

The measurement tables know a participant only by a pseudonymous code. The one link from a
code to a sign-up (a resident's name and contact details) is `ParticipantKey`, a table of its
own that retention empties; the answers and the anonymous figures built on them stay.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokalsundhed.offers.models import SIGN_UP_DETAILS_KEPT, Offer, SignUp, new_token

# A code a person can read aloud and type: no 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
DEFAULT_FOLLOWUP_DAYS = 91  # about three months after the last session
# A round's link goes out from when it is due until this much later (no late invitations).
SEND_WINDOW = timedelta(days=14)
# The one reminder, this long after the invitation when the round is still unanswered.
REMINDER_AFTER = timedelta(days=3)
# The latest follow-up: its link and reminder go out, and it can be answered, before offers' retention
# removes the participants' contact details and with them the key to their answers (166 days).
MAX_FOLLOWUP_DAYS = (SIGN_UP_DETAILS_KEPT - SEND_WINDOW - REMINDER_AFTER).days


def new_participant_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


class Round(models.TextChoices):
    BASELINE = "baseline", _("Baseline (first session)")
    END = "end", _("End (last session)")
    FOLLOWUP = "followup", _("Follow-up")


class Instrument(models.Model):
    """One version of a questionnaire: its items' wording in each language and its answer options.

    `texts` holds, per language code: `official` (a validated translation, or the original),
    `intro`, `items` (one text per item, in order) and `options` ([value, label] in the order
    shown). A change of wording is a new version; answers keep the version they were given in.
    """

    class Code(models.TextChoices):
        WHO5 = "who5", _("WHO-5 well-being index")
        UCLA3 = "ucla3", _("Three-item loneliness scale (UCLA-3)")
        SRH = "srh", _("Self-rated health")
        ALONE = "alone", _("Alone though wanting company")

    code = models.CharField(_("instrument"), max_length=10, choices=Code.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    item_count = models.PositiveSmallIntegerField(_("items"))
    min_value = models.SmallIntegerField()
    max_value = models.SmallIntegerField()
    texts = models.JSONField(default=dict)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_current = models.BooleanField(_("current version"), default=True)
    introduced_on = models.DateField(_("introduced"), default=timezone.localdate)

    class Meta:
        ordering = ["code", "version"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="one_instrument_per_version"),
            models.UniqueConstraint(fields=["code"], condition=Q(is_current=True), name="one_current_instrument"),
            models.CheckConstraint(condition=Q(max_value__gt=models.F("min_value")), name="instrument_has_a_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} v{self.version}"

    def wording(self, language: str) -> dict[str, Any]:
        """The texts in `language`, else in Danish (the original), with `language` and `official`."""
        texts = self.texts.get(language) or self.texts[settings.LANGUAGE_CODE]
        found = language if language in self.texts else settings.LANGUAGE_CODE
        return {**texts, "language": found, "official": bool(texts.get("official")),
                "is_fallback": found != language}


class MeasurementPlan(models.Model):
    """An offer measures its participants at baseline (first session), end (last session) and
    follow-up (`followup_days` after the last session)."""

    class Programme(models.TextChoices):
        LAT_ANXIETY = "lat_anxiety", _("LÆR AT TACKLE anxiety and depression")
        LAT_PAIN = "lat_pain", _("LÆR AT TACKLE chronic pain")
        LAT_ILLNESS = "lat_illness", _("LÆR AT TACKLE chronic illness")
        ACTIVITY = "activity", _("Social activity")
        OTHER = "other", _("Other course")

    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="measurement_plan")
    programme = models.CharField(_("course type"), max_length=20, choices=Programme.choices)
    followup_days = models.PositiveSmallIntegerField(
        _("follow-up, days after the last session"), default=DEFAULT_FOLLOWUP_DAYS,
        validators=[MinValueValidator(14), MaxValueValidator(MAX_FOLLOWUP_DAYS)])
    send_links = models.BooleanField(_("send the questionnaire's link to participants"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("measurement plan")
        verbose_name_plural = _("measurement plans")

    def __str__(self) -> str:
        return f"{self.offer_id} {self.programme}"


class Participant(models.Model):
    """A person measured in an offer, known here only by a pseudonymous code."""

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="outcome_participants")
    code = models.CharField(_("participant code"), max_length=32)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["offer", "code"], name="one_participant_code_per_offer")]

    def __str__(self) -> str:
        return self.code


class ParticipantKey(models.Model):
    """The key from a pseudonymous code to a sign-up: kept apart, removed by retention."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="key")
    sign_up = models.OneToOneField(SignUp, on_delete=models.CASCADE, related_name="outcome_key")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("participant key")
        verbose_name_plural = _("participant keys")

    def __str__(self) -> str:
        return f"{self.participant_id} ↔ {self.sign_up_id}"


class Response(models.Model):
    """One participant's questionnaire in one round, with its scores once answered."""

    class Source(models.TextChoices):
        LINK = "link", _("Answered through the private link")
        PAPER = "paper", _("Entered from paper")
        IMPORT = "import", _("Imported from a file")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="responses")
    round = models.CharField(_("round"), max_length=10, choices=Round.choices)
    # The key in the resident's link: no personal data in the URL.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.LINK)
    language = models.CharField(_("language"), max_length=10, default="da")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # Scores, set from the answers (scoring.py); None: not answered, or WHO-5/UCLA-3 incomplete.
    who5 = models.PositiveSmallIntegerField(_("WHO-5 (0–100)"), null=True, blank=True)
    ucla3 = models.PositiveSmallIntegerField(_("UCLA-3 (3–9)"), null=True, blank=True)
    srh = models.PositiveSmallIntegerField(_("self-rated health (1–5)"), null=True, blank=True)
    alone = models.PositiveSmallIntegerField(_("alone though wanting company (1–4)"), null=True, blank=True)

    class Meta:
        ordering = ["participant", "round"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["participant", "round"], name="one_response_per_round"),
            models.CheckConstraint(condition=Q(who5__isnull=True) | Q(who5__lte=100), name="who5_on_0_100"),
        ]
        indexes = [models.Index(fields=["round", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.round}"


class Answer(models.Model):
    """One item's answer. `value` None: the person chose not to answer (counts as unanswered)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="answers")
    item = models.PositiveSmallIntegerField()
    value = models.SmallIntegerField(null=True, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["instrument__code", "item"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "instrument", "item"], name="one_answer_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.response_id} {self.instrument_id}.{self.item}"


class Invitation(models.Model):
    """The worker's ledger of questionnaire links sent, once each: invitation, then one reminder.
    Holds no text: the message held only the private link."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("questionnaire invitation")
        verbose_name_plural = _("questionnaire invitations")
        constraints = [models.UniqueConstraint(fields=["response", "kind"], name="one_invitation_per_kind")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.response_id}"
