"""The access log: an append-only record of who read, searched, exported or changed which
personal-data record, when, from where and for what purpose.

Entries are written with one INSERT and no lock. The worker then seals them, in id order,
into a SHA-256 hash chain kept in a second append-only table (Seal), so that an edited,
deleted or inserted entry is detected by `manage.py verify_audit_log`. Database triggers
refuse UPDATE and DELETE on both tables.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address
from django.utils.translation import gettext_lazy as _

from lokalsundhed.audit import labels


class Action(models.TextChoices):
    READ = "read", _("Read")
    SEARCH = "search", _("Search")
    EXPORT = "export", _("Export")
    CREATE = "create", _("Create")
    CHANGE = "change", _("Change")
    DELETE = "delete", _("Delete")
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKED_OUT = "locked_out", _("Locked out")
    DENIED = "denied", _("Access refused")


class Entry(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("who"),
    )
    # The e-mail as it was, so the entry still says who after the account is renamed.
    actor_label = models.CharField(_("who"), max_length=254, blank=True)
    # The organisation whose data it concerns (scopes the auditor's view); empty for platform events.
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("organisation"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("record type"), max_length=100, blank=True)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("from"), null=True, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["organisation", "-id"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"

    def get_actor_display(self) -> str:
        """The person's e-mail as it was; a system's or a resident's label in the reader's language."""
        return self.actor_label if self.actor_id else labels.in_readers_language(self.actor_label)

    def get_object_type_display(self) -> str:
        return labels.record_type_label(self.object_type)

    def get_purpose_display(self) -> str:
        return labels.in_readers_language(self.purpose)

    def content_digest(self) -> str:
        """SHA-256 over every field of the entry, in a fixed canonical form (see `digest_of`)."""
        return digest_of({name: getattr(self, attname) for name, attname in DIGEST_FIELDS.items()})


# The fields the digest covers, as `.values()` names them (key) and as the model holds them (value).
DIGEST_FIELDS = {
    "id": "pk",
    "at": "at",
    "actor_id": "actor_id",
    "actor_label": "actor_label",
    "organisation_id": "organisation_id",
    "action": "action",
    "object_type": "object_type",
    "object_id": "object_id",
    "purpose": "purpose",
    "ip_address": "ip_address",
    "path": "path",
}


def normalise_ip(value: object) -> str | None:
    """The one text form of an IP address that SQLite and PostgreSQL (inet) both give back.

    IPv6 is written the way Django stores it (compressed, lower case, IPv4-mapped as
    ::ffff:a.b.c.d); a zone ("%eth0") is dropped because inet cannot hold it.
    None for anything that is not an address.
    """
    if value is None:
        return None
    text = str(value).strip().split("%", 1)[0]
    if not text:
        return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6:
        try:
            return clean_ipv6_address(text)
        except ValidationError:
            return None
    return str(address)


def _text(value: object) -> str:
    # NOT NULL text columns: an unsaved None and a stored "" are the same entry.
    return "" if value is None else str(value)


def _int(value: int | None) -> int | None:
    return None if value is None else int(value)


def _instant(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("access-log times must be timezone-aware (USE_TZ = True)")
    # Always six fractional digits, always UTC: both databases keep microseconds exactly.
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def digest_of(fields: Mapping[str, Any]) -> str:
    """SHA-256 of one entry's fields, canonical so that it is the same before and after a
    round-trip through SQLite or PostgreSQL: UTC with microseconds, ids as integers, empty
    text and None alike, IP addresses in one normal form."""
    ip = fields["ip_address"]
    payload = {
        "id": _int(fields["id"]),
        "at": _instant(fields["at"]),
        "actor": _int(fields["actor_id"]),
        "actor_label": _text(fields["actor_label"]),
        "organisation": _int(fields["organisation_id"]),
        "action": _text(fields["action"]),
        "object_type": _text(fields["object_type"]),
        "object_id": _text(fields["object_id"]),
        "purpose": _text(fields["purpose"]),
        # Whatever is stored that is not an address is hashed as it is, so it still verifies.
        "ip_address": normalise_ip(ip) or _text(ip),
        "path": _text(fields["path"]),
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


GENESIS = "0" * 64


class Seal(models.Model):
    """One link of the hash chain: hash = SHA-256(previous hash + entry digest)."""

    entry_id = models.BigIntegerField(unique=True)  # no FK: a deleted entry must leave its seal behind
    previous_hash = models.CharField(max_length=64)
    entry_digest = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    sealed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"seal of entry {self.entry_id}: {self.hash}"

    @staticmethod
    def chain(previous_hash: str, entry_digest: str) -> str:
        return hashlib.sha256(f"{previous_hash}{entry_digest}".encode()).hexdigest()
