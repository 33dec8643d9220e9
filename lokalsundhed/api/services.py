"""Creating and revoking API clients and webhooks: every change in a transaction, in the access log."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lokalsundhed.accounts.models import SERVICE_ACCOUNT_DOMAIN, User
from lokalsundhed.api.auth import new_token
from lokalsundhed.api.grants import approving_roles, holds_scopes, unknown_scopes
from lokalsundhed.api.models import ApiClient, Webhook, hash_secret
from lokalsundhed.api.selectors import may_approve
from lokalsundhed.api.webhooks import forget_webhooks, refused_address
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core import outbox
from lokalsundhed.core.validators import find_cpr_numbers
from lokalsundhed.organisations.models import Organisation


class ClientRefused(ValueError):
    """The client cannot be created as asked (shown to the administrator)."""


@dataclass(frozen=True)
class NewClient:
    client: ApiClient
    token: str  # shown once, never stored


@transaction.atomic
def create_client(
    *,
    organisation: Organisation,
    name: str,
    purpose: str,
    scopes: list[str],
    actor: User | None,
    expires_at: datetime | None = None,
    request: HttpRequest | None = None,
) -> NewClient:
    """A client of `organisation` with its service account; the token is returned once.

    A client whose scopes reach further than its administrator's own permissions in the
    organisation (an administrator may not read referrals or the access log) waits for a colleague
    who holds them all to approve it (`approve_client`); its token is refused until then, and those
    colleagues are told. An operator's client (`actor` None, the command) is approved at once."""
    scopes = sorted(set(scopes))
    if not scopes:
        raise ClientRefused(_("Choose at least one scope."))
    if unknown_scopes(scopes):
        raise ClientRefused(_("Unknown scopes: %(scopes)s") % {"scopes": ", ".join(unknown_scopes(scopes))})
    if find_cpr_numbers(name) or find_cpr_numbers(purpose):
        raise ClientRefused(_("Name and purpose must not contain a CPR number."))
    if not name.strip() or not purpose.strip():
        raise ClientRefused(_("Give the client a name and a purpose."))
    now = timezone.now()
    expires_at = expires_at or now + timedelta(days=settings.API_TOKEN_DAYS)
    if expires_at <= now:
        raise ClientRefused(_("The expiry must be in the future."))
    key_id, secret, token = new_token()
    user = User.objects.create_user(
        email=f"api-{key_id}@{SERVICE_ACCOUNT_DOMAIN}", password=None,
        full_name=f"API: {name.strip()}"[:200],
    )
    waits = actor is not None and not holds_scopes(actor, organisation.pk, scopes)
    if waits and not approving_roles(scopes, organisation.kind):
        raise ClientRefused(_("No one role may see everything these scopes reach, so no colleague could approve "
                              "the client. Create one client for each kind of access (e.g. the referrals in one, "
                              "the access log in another)."))
    client = ApiClient.objects.create(
        organisation=organisation, name=name.strip()[:100], purpose=purpose.strip()[:150], scopes=scopes,
        key_id=key_id, secret_hash=hash_secret(secret), user=user, created_by=actor, expires_at=expires_at,
        approved_at=None if waits else now,
    )
    record(actor=actor, action=Action.CREATE, obj=client, organisation_id=organisation.pk,
           purpose=gettext_noop("API client created") + ": " + ", ".join(scopes), request=request,
           actor_label="" if actor else "manage.py create_api_client")
    if waits:
        outbox.add("api.approval_requested", client.pk)
    return NewClient(client=client, token=token)


@transaction.atomic
def approve_client(client: ApiClient, *, actor: User, request: HttpRequest | None = None) -> ApiClient:
    """The client's token starts to work. Claimed by a conditional UPDATE: two colleagues approving
    at once approve it once."""
    if not may_approve(actor, client):
        raise ClientRefused(_("You cannot approve this client."))
    now = timezone.now()
    if ApiClient.objects.filter(pk=client.pk, approved_at__isnull=True, revoked_at__isnull=True) \
            .update(approved_at=now, approved_by=actor):
        client.approved_at, client.approved_by = now, actor
        record(actor=actor, action=Action.CHANGE, obj=client, organisation_id=client.organisation_id,
               purpose=gettext_noop("API client approved") + ": " + ", ".join(client.scopes), request=request)
    return client


@transaction.atomic
def refuse_client(client: ApiClient, *, actor: User, request: HttpRequest | None = None) -> ApiClient:
    """The client never works; it stays, revoked, for the log."""
    if not may_approve(actor, client):
        raise ClientRefused(_("You cannot refuse this client."))
    now = timezone.now()
    if ApiClient.objects.filter(pk=client.pk, approved_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now):
        client.revoked_at = now
        record(actor=actor, action=Action.CHANGE, obj=client, organisation_id=client.organisation_id,
               purpose=gettext_noop("API client refused"), request=request)
    return client


@transaction.atomic
def revoke_client(client: ApiClient, *, actor: User, request: HttpRequest | None = None) -> ApiClient:
    """The token stops working at once; the client and its service account stay for the log."""
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
        record(actor=actor, action=Action.CHANGE, obj=client, organisation_id=client.organisation_id,
               purpose=gettext_noop("API client revoked"), request=request)
    return client


@dataclass(frozen=True)
class NewWebhook:
    webhook: Webhook
    secret: str  # shown once, so that the receiver can check signatures


@transaction.atomic
def register_webhook(
    *, organisation: Organisation, url: str, events: list[str], unit_ids: list[int] | None = None, actor: User,
    request: HttpRequest | None = None,
) -> NewWebhook:
    events = sorted(set(events))
    if not events or any(e not in Webhook.Event.values for e in events):
        raise ClientRefused(_("Choose the events to send."))
    if not url.startswith("https://") and not settings.DEBUG:
        raise ClientRefused(_("A webhook address must use https."))
    if (host := refused_address(url)) is not None:
        raise ClientRefused(_("A webhook address must be on the internet: %(host)s is in a private or local "
                              "network.") % {"host": host})
    secret = secrets.token_hex(32)
    webhook = Webhook.objects.create(organisation=organisation, url=url, events=events, unit_ids=unit_ids or [],
                                     secret=secret, created_by=actor)
    record(actor=actor, action=Action.CREATE, obj=webhook, organisation_id=organisation.pk,
           purpose=gettext_noop("webhook registered"), request=request)
    forget_webhooks()
    transaction.on_commit(forget_webhooks)
    return NewWebhook(webhook=webhook, secret=secret)


@transaction.atomic
def remove_webhook(webhook: Webhook, *, actor: User, request: HttpRequest | None = None) -> None:
    """Stop sending to the webhook (kept with its delivery log)."""
    webhook.is_active = False
    webhook.disabled_at = timezone.now()
    webhook.save(update_fields=["is_active", "disabled_at"])
    record(actor=actor, action=Action.CHANGE, obj=webhook, organisation_id=webhook.organisation_id,
           purpose=gettext_noop("webhook removed"), request=request)
    forget_webhooks()
    transaction.on_commit(forget_webhooks)
