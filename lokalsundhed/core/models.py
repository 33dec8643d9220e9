"""The shared plumbing's one table of its own: the outbox (`core/outbox.py`)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxEntry(models.Model):
    """A notice to send once the change it tells of is committed, written in that change's own
    transaction: a topic and the ids its sender needs, never a name, number, address or text.

    Due while `next_attempt_at` is set and past; sent (`sent_at`) or given up (`failed_at`) clears it."""

    topic = models.CharField(max_length=40)
    args = models.JSONField(default=list)
    # The record the notice is about (its first id), for pages that mark what could not be sent.
    about_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    # The kind of the last failure (an exception's class name), never its message.
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("notice waiting to be sent")
        verbose_name_plural = _("notices waiting to be sent")
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(next_attempt_at__isnull=False), name="outbox_due"),
            # The few given up, which staff pages mark on the records they were about.
            models.Index(fields=["topic", "about_id"], condition=Q(failed_at__isnull=False), name="outbox_given_up"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.args}"
