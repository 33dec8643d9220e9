"""Webhooks: an organisation's system is told of events with ids and states only, signed with
HMAC-SHA256 over "<timestamp>.<body>", delivered by the worker with retries that back off, and
disabled after repeated failures (its owner is told by e-mail). Delivered at least once: a worker
stopped in the middle of an attempt leaves it to be tried again, so a receiver may see the same
X-Lokalsundhed-Delivery twice and should act on it once.

Headers of each delivery:
    X-Lokalsundhed-Event: referral.state_changed
    X-Lokalsundhed-Delivery: 42
    X-Lokalsundhed-Timestamp: 1767225600            (Unix seconds)
    X-Lokalsundhed-Signature: sha256=<hex HMAC-SHA256(secret, "1767225600." + body)>
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import socket
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lokalsundhed.api.models import Delivery, Webhook
from lokalsundhed.core import outbox

logger = logging.getLogger("lokalsundhed.api.webhooks")

# Attempt n (1-based) failed: the next one waits BACKOFF[n-1]; after the last, the delivery fails.
BACKOFF = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=12)]
MAX_ATTEMPTS = len(BACKOFF) + 1
UNSETTLED = "no answer recorded"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(secret: str, timestamp: str, body: bytes, header: str, *, tolerance: int = 300,
           now: float | None = None) -> bool:
    """What a receiver does: the signature matches and the timestamp is recent (no replays)."""
    try:
        stamp = int(timestamp)
    except ValueError:
        return False
    current = timezone.now().timestamp() if now is None else now
    return abs(current - stamp) <= tolerance and hmac.compare_digest(signature(secret, stamp, body), header)


class PrivateAddress(OSError):
    """The address is not on the internet: a private, local, link-local or reserved network."""


def is_internet_address(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local — the
    cloud's metadata service —, shared, reserved or multicast; an IPv4 address inside IPv6 too)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return ip.is_global and not ip.is_multicast


def _checked(host: str, port: int) -> list[tuple[Any, ...]]:
    """The addresses `host` resolves to, each of them on the internet, or PrivateAddress."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        for *_rest, sockaddr in found:
            if not is_internet_address(str(sockaddr[0])):
                raise PrivateAddress(f"{host} is not on the internet ({sockaddr[0]})")
    return found


def refused_address(url: str) -> str | None:
    """The host that keeps a webhook's address from being registered (it is, or resolves to, an
    address off the internet), or None. A name that does not resolve today is let through: each
    delivery resolves and checks it again."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return None
    if host == "localhost" or host.endswith(".localhost"):
        return host
    try:
        _checked(host, 443)
    except PrivateAddress:
        return host
    except (OSError, UnicodeError):
        return None
    return None


def _connect_checked(address: tuple[str, int], timeout: Any = socket._GLOBAL_DEFAULT_TIMEOUT,  # type: ignore[attr-defined]
                     source_address: Any = None, **kwargs: Any) -> socket.socket:
    """http.client's way of opening the connection, with the name resolved here and the connection
    made to the very address that was checked (a name cannot turn inward between the two)."""
    host, port = address
    last: OSError | None = None
    for *_kind, sockaddr in _checked(host, port):
        try:
            return socket.create_connection(sockaddr[:2], timeout, source_address)
        except OSError as failure:
            last = failure
    raise last or OSError(f"{host} has no address")


class _Checked:
    """Opens its socket with `_connect_checked`; over HTTPS, TLS still checks the certificate
    against the registered name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_checked


class _CheckedHTTPConnection(_Checked, http.client.HTTPConnection):
    pass


class _CheckedHTTPSConnection(_Checked, http.client.HTTPSConnection):
    pass


def http_post(url: str, body: bytes, headers: dict[str, str], timeout: int) -> int:
    """POST the delivery to an address on the internet; the HTTP status (a redirect is not followed
    and counts as a failed attempt), or raises OSError (PrivateAddress for an inward address).
    Tests of deliveries replace this."""
    parts = urlsplit(url)
    kind = _CheckedHTTPSConnection if parts.scheme == "https" else _CheckedHTTPConnection
    connection = kind(parts.hostname or "", parts.port, timeout=timeout)
    try:
        connection.request("POST", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), body=body,
                           headers=headers)
        return int(connection.getresponse().status)
    except http.client.HTTPException as failure:
        raise OSError(f"bad answer: {type(failure).__name__}") from failure
    finally:
        connection.close()


CACHE_KEY = "api:active-webhooks"
CACHE_SECONDS = 60


def active_webhooks() -> dict[int, list[tuple[int, list[str], list[int]]]]:
    """Every active webhook by organisation: (id, events, unit ids). Kept in the cache for a
    minute, so that saving a referral or a sign-up costs no query when nobody listens."""
    found = cache.get(CACHE_KEY)
    if found is None:
        found = {}
        for pk, organisation_id, events, unit_ids in Webhook.objects.filter(is_active=True).values_list(
                "pk", "organisation_id", "events", "unit_ids"):
            found.setdefault(organisation_id, []).append((pk, events, unit_ids))
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


def forget_webhooks() -> None:
    cache.delete(CACHE_KEY)


def listens(event: str) -> bool:
    return any(event in events for hooks in active_webhooks().values() for _pk, events, _units in hooks)


def attempt(delivery_id: int, *, now: datetime | None = None) -> str:
    """Try one delivery once if it is due; returns its state afterwards."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (Delivery.objects.select_for_update(skip_locked=True).select_related("webhook")
                    .filter(pk=delivery_id, state=Delivery.State.PENDING, next_attempt_at__lte=now).first())
        if delivery is None:
            return Delivery.objects.filter(pk=delivery_id).values_list("state", flat=True).first() or ""
        webhook = delivery.webhook
        if not webhook.is_active:
            delivery.state = Delivery.State.FAILED
            delivery.last_error = "webhook disabled"
            delivery.save(update_fields=["state", "last_error"])
            return delivery.state
        if delivery.attempts >= MAX_ATTEMPTS:
            # The last attempt was claimed and its answer never written: its worker stopped.
            delivery.state = Delivery.State.FAILED
            delivery.last_error = UNSETTLED
            delivery.save(update_fields=["state", "last_error"])
            _count_failure(webhook, now)
            return delivery.state
        # Claim the attempt before the network call, so a second worker skips it. Should this
        # worker stop before it writes the answer, the claim runs out when a failed attempt's
        # next one would be due, and the delivery is tried again (the receiver knows a repeat
        # by X-Lokalsundhed-Delivery).
        delivery.attempts += 1
        delivery.last_attempt_at = now
        wait = BACKOFF[delivery.attempts - 1] if delivery.attempts < MAX_ATTEMPTS else BACKOFF[0]
        delivery.next_attempt_at = now + timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS) + wait
        delivery.save(update_fields=["attempts", "last_attempt_at", "next_attempt_at"])
    body = json.dumps({**delivery.payload, "delivery_id": delivery.pk}, separators=(",", ":")).encode()
    timestamp = int(now.timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "lokalsundhed-webhooks/1",
        "X-Lokalsundhed-Event": delivery.event,
        "X-Lokalsundhed-Delivery": str(delivery.pk),
        "X-Lokalsundhed-Timestamp": str(timestamp),
        "X-Lokalsundhed-Signature": signature(webhook.secret, timestamp, body),
    }
    status, error = None, ""
    try:
        status = http_post(webhook.url, body, headers, settings.WEBHOOK_TIMEOUT_SECONDS)
    except (OSError, ValueError) as failure:
        error = str(failure) if isinstance(failure, PrivateAddress) else type(failure).__name__
    return _settle(delivery, webhook, status, error, now)


def _settle(delivery: Delivery, webhook: Webhook, status: int | None, error: str, now: datetime) -> str:
    ok = status is not None and 200 <= status < 300
    delivery.last_status = status
    delivery.last_error = error[:200] if not ok else ""
    if ok:
        delivery.state = Delivery.State.DELIVERED
        delivery.next_attempt_at = None
        Webhook.objects.filter(pk=webhook.pk).update(consecutive_failures=0)
    elif delivery.attempts < MAX_ATTEMPTS:
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
    else:
        delivery.state = Delivery.State.FAILED
        delivery.next_attempt_at = None
        _count_failure(webhook, now)
    delivery.save(update_fields=["state", "last_status", "last_error", "next_attempt_at"])
    return delivery.state


def _count_failure(webhook: Webhook, now: datetime) -> None:
    Webhook.objects.filter(pk=webhook.pk).update(consecutive_failures=F("consecutive_failures") + 1)
    webhook.refresh_from_db(fields=["consecutive_failures", "is_active"])
    if webhook.is_active and webhook.consecutive_failures >= settings.WEBHOOK_MAX_FAILURES:
        with transaction.atomic():
            # The switch and the owner's notice (api/notifications.py) commit together.
            if Webhook.objects.filter(pk=webhook.pk, is_active=True).update(is_active=False, disabled_at=now):
                outbox.add("api.webhook_disabled", webhook.pk)
        forget_webhooks()
        logger.warning("webhook %s disabled after %s failures", webhook.pk, webhook.consecutive_failures)


def retry_due(*, now: datetime | None = None, limit: int = 200) -> int:
    """Attempt every pending delivery whose time has come (the worker runs this each minute)."""
    now = now or timezone.now()
    due = list(Delivery.objects.filter(state=Delivery.State.PENDING, next_attempt_at__lte=now)
               .order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    for pk in due:
        attempt(pk, now=now)
    return len(due)
