"""Bearer tokens of API clients, and the rate limit per client.

A token is `lsk_<key id>.<secret>`. The key id finds the client in one indexed query; the
secret is compared by its SHA-256 hash in constant time. Revoked and expired clients, and
clients of an organisation that is no longer active, are refused like an unknown token.
"""

from __future__ import annotations

import hmac
import math
import secrets
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from lokalsundhed.api.models import ApiClient, ApiRateWindow, ClientPrincipal, hash_secret
from lokalsundhed.core.access import register_principal_resolver

TOKEN_PREFIX = "lsk_"  # noqa: S105 (a prefix, not a secret)
# last_used_at is written at most this often, so that a busy client does not write on every call.
LAST_USED_PRECISION = timedelta(minutes=1)


def new_token() -> tuple[str, str, str]:
    """(key id, secret, the token as the client sends it)."""
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    return key_id, secret, f"{TOKEN_PREFIX}{key_id}.{secret}"


def client_for_token(token: str) -> ApiClient | None:
    """The usable client the token belongs to, or None. One query."""
    if not token.startswith(TOKEN_PREFIX) or "." not in token:
        return None
    key_id, _, secret = token[len(TOKEN_PREFIX):].partition(".")
    if len(key_id) != 16 or not secret:
        return None
    client = (
        ApiClient.objects.select_related("user", "organisation")
        .filter(key_id=key_id, revoked_at__isnull=True, approved_at__isnull=False, organisation__is_active=True)
        .first()
    )
    if client is None or not hmac.compare_digest(client.secret_hash, hash_secret(secret)):
        return None
    if not client.is_usable() or not client.user.is_active:
        return None
    return client


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__("rate limit")
        self.retry_after = retry_after


def check_rate(client: ApiClient, now: datetime | None = None) -> None:
    """A fixed window per client, counted in the database (shared by every app server) with one
    atomic statement per call. Raises RateLimited with the seconds until the window ends."""
    limit, window = settings.API_RATE_LIMIT, settings.API_RATE_WINDOW_SECONDS
    moment = (now or timezone.now()).timestamp()
    start = int(moment // window) * window
    count = ApiRateWindow.count_call(client.pk, datetime.fromtimestamp(start, UTC))
    if count > limit:
        raise RateLimited(max(1, math.ceil(start + window - moment)))


def prune_rate_windows(*, now: datetime | None = None) -> int:
    """Delete the rate windows that have ended (run by the worker); how many."""
    ended = (now or timezone.now()) - timedelta(seconds=settings.API_RATE_WINDOW_SECONDS)
    deleted, _ = ApiRateWindow.objects.filter(window_start__lte=ended).delete()
    return deleted


def _note_use(client: ApiClient) -> None:
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at >= LAST_USED_PRECISION:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now


@register_principal_resolver
def principal_from_token(request: HttpRequest) -> ClientPrincipal | None:
    """The client behind an `Authorization: Bearer` header, for public operations that give a
    client more (core.access.request_principal); None without a usable token."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    client = client_for_token(token.strip())
    if client is None:
        return None
    check_rate(client)
    _note_use(client)
    return ClientPrincipal.of(client)


class ClientToken(HttpBearer):
    """`Authorization: Bearer lsk_…` → the client's principal (`request.auth`)."""

    def authenticate(self, request: HttpRequest, token: str) -> ClientPrincipal | None:
        client = client_for_token(token.strip())
        if client is None:
            return None
        check_rate(client)
        _note_use(client)
        return ClientPrincipal.of(client)
