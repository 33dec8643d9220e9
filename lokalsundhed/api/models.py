"""API clients of an organisation, the principal a client acts as, and webhooks.

A client's token is shown once and stored only as a SHA-256 hash: a token is 32 random bytes,
so a fast hash is enough (there is nothing to guess). Each client has a service account (a
`User` without a password or memberships) so that every service, state change and access-log
row names who acted, exactly as for a person.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from functools import cached_property

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokalsundhed.accounts.models import Membership, User
from lokalsundhed.api.grants import perms_of, roles_of
from lokalsundhed.core.permissions import Perm
from lokalsundhed.organisations.models import Organisation


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiClient(models.Model):
    """A system of one organisation (a case system, a BI tool) that calls the API with a token."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="api_clients", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=100)
    purpose = models.CharField(_("purpose"), max_length=150,
                               help_text=_("Why the system reads the data; written to the access log."))
    scopes = models.JSONField(_("scopes"), default=list)
    # The token is "<key_id>.<secret>": the key id finds the client, the secret is checked by hash.
    key_id = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="api_client")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # A client that reaches data its administrator may not see works only once a colleague who
    # may see it approves it (services.create_client); until then its token is refused.
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("approved by"),
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return self.name

    def is_usable(self, now: datetime | None = None) -> bool:
        return self.approved_at is not None and self.revoked_at is None and (now or timezone.now()) < self.expires_at


class ApiRateWindow(models.Model):
    """How many calls a client made in one fixed window of the rate limit (auth.check_rate).
    Counted by one atomic upsert per call; the worker deletes the windows that have ended."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "window_start"], name="one_rate_window_per_client")]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.client_id} @ {self.window_start:%Y-%m-%d %H:%M:%S}: {self.count}"

    @classmethod
    def count_call(cls, client_id: int, window_start: datetime) -> int:
        """Add one call to the client's window and return its count: one statement, atomic on
        PostgreSQL and SQLite alike (INSERT … ON CONFLICT DO UPDATE … RETURNING), so calls made
        at the same moment on several servers each count. (bulk_create cannot return the count.)"""
        quote = connection.ops.quote_name
        table = quote(cls._meta.db_table)
        columns = {field.name: quote(field.get_attname_column()[1]) for field in cls._meta.concrete_fields}
        client, start, count = columns["client"], columns["window_start"], columns["count"]
        sql = (f"INSERT INTO {table} ({client}, {start}, {count}) VALUES (%s, %s, 1) "  # noqa: S608 (names from _meta)
               f"ON CONFLICT ({client}, {start}) DO UPDATE SET {count} = {table}.{count} + 1 RETURNING {count}")
        with connection.cursor() as cursor:
            cursor.execute(sql, [client_id, connection.ops.adapt_datetimefield_value(window_start)])
            return int(cursor.fetchone()[0])


class ClientPrincipal(User):
    """The service account of an API client, as `scoped()` and the services see it: a member of
    the client's organisation in the roles its scopes name, holding only its scopes' permissions."""

    client: ApiClient

    class Meta:
        proxy = True

    @classmethod
    def of(cls, client: ApiClient) -> ClientPrincipal:
        """The client's service account (loaded with the client) as its principal."""
        principal = client.user
        principal.__class__ = cls
        principal.__dict__["client"] = client
        return principal  # type: ignore[return-value]

    @cached_property
    def active_memberships(self) -> list[Membership]:
        client = self.client
        organisation = client.organisation
        if not organisation.is_active:
            return []
        return [Membership(user=self, organisation=organisation, role=role)
                for role in roles_of(client.scopes, organisation.kind)]

    @cached_property
    def granted_perms(self) -> frozenset[Perm]:
        return perms_of(self.client.scopes) if self.client.organisation.is_active else frozenset()

    def has_role_perm(self, perm: Perm, organisation_id: int | None = None) -> bool:
        return perm in self.granted_perms and organisation_id in (None, self.client.organisation_id)

    def organisation_ids_with(self, perm: Perm) -> set[int]:
        return {self.client.organisation_id} if perm in self.granted_perms else set()

    def has_scope(self, scope: str) -> bool:
        return scope in self.client.scopes

    @property
    def requires_two_factor(self) -> bool:
        return False

    @property
    def audit_purpose(self) -> str:
        return f"API {self.client.name}: {self.client.purpose}"


class Webhook(models.Model):
    """A URL of an organisation's system that is told of events (ids and states only)."""

    class Event(models.TextChoices):
        REFERRAL_CREATED = "referral.created", _("A new referral for a unit")
        REFERRAL_STATE_CHANGED = "referral.state_changed", _("A referral's state changed")
        SIGN_UP_CREATED = "sign_up.created", _("A sign-up for an offer")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="webhooks", verbose_name=_("organisation")
    )
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    # Referral events only for these receiving units (empty: every unit of the municipality).
    unit_ids = models.JSONField(_("receiving units"), default=list, blank=True)
    secret = models.CharField(max_length=64)  # the HMAC key, shown to the owner once
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "url"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    """One event for one webhook, and every attempt to deliver it."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["webhook", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id} ({self.state})"
