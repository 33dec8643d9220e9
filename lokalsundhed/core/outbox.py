"""The outbox: notices (e-mail, SMS) that a change must cause, sent at least once.

A service that changes something and must tell someone calls `add(topic, *ids)` inside the
change's transaction. The entry commits or rolls back with the change; after the commit the
worker is asked to send it at once, and a sweep each minute sends whatever is due and was not
sent — so a web worker that dies between the commit and the queueing, a queue that is down, or a
worker killed while it sends loses no notice. Each attempt is claimed first (a conditional UPDATE,
so two workers never send one entry at the same time); a claim whose worker never recorded the
answer runs out after `LEASE` and the entry is tried again. A notice is repeated only when its
worker died between the mail or SMS backend's acceptance and the record of it.

A sender that raises is tried again after `BACKOFF`; after `MAX_ATTEMPTS` the entry is given up
and logged as an error. Senders register by topic with `@handler(topic)` in their app's
`notifications.py` (imported when the apps are ready). An entry holds ids and short codes only:
the sender reads the record and writes the words, in the recipient's language.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from lokalsundhed.core.models import OutboxEntry

logger = logging.getLogger(__name__)

# How long a claimed attempt may take before another worker takes the entry again.
LEASE = timedelta(minutes=10)
# The wait after a failed attempt, by attempt; after the last one the entry is given up.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
MAX_ATTEMPTS = len(BACKOFF) + 1
UNSETTLED = "no answer recorded"

Sender = TypeVar("Sender", bound=Callable[..., Any])
_senders: dict[str, Callable[..., Any]] = {}
# What an entry may carry: ids, None, and codes such as a kind of message or a language (no free text).
_CODE = re.compile(r"[a-z][a-z0-9_.-]{0,39}")


def handler(topic: str) -> Callable[[Sender], Sender]:
    """Register the function that sends `topic`'s notices; it takes the ids given to `add`."""

    def register(send: Sender) -> Sender:
        if _senders.get(topic, send) is not send:
            raise ImproperlyConfigured(f"two senders for {topic!r}")
        _senders[topic] = send
        return send

    return register


def add(topic: str, *args: int | str | None) -> OutboxEntry:
    """Write a notice in the current transaction; the worker sends it after the commit."""
    if topic not in _senders:
        raise ValueError(f"no sender for {topic!r}")
    for arg in args:
        if not (arg is None or (isinstance(arg, int) and not isinstance(arg, bool))
                or (isinstance(arg, str) and _CODE.fullmatch(arg))):
            # The value itself is left out: it may be the personal data that must not be written.
            raise ValueError(f"an outbox entry holds ids and codes only, not this {type(arg).__name__}")
    about = args[0] if args and isinstance(args[0], int) else None
    entry = OutboxEntry.objects.create(topic=topic, args=list(args), about_id=about, next_attempt_at=timezone.now())
    transaction.on_commit(lambda: _queue(entry.pk))
    return entry


def _queue(entry_id: int) -> None:
    from lokalsundhed.core.tasks import send_outbox_entry

    queue_or_leave_to_sweep(send_outbox_entry, entry_id, "outbox entry", sweep="the sweep")


def queue_or_leave_to_sweep(task: Callable[[int], Any], record_id: int, what: str, *, sweep: str) -> None:
    """Queue `task(record_id)` after a commit; should the queue be unreachable, log it and leave the
    record (due, in its table) to the worker's `sweep`: the request that made the change has
    committed and must not fail for this. The outbox and the webhook deliveries both ask so."""
    try:
        task(record_id)
    except Exception:
        logger.warning("%s %s not queued; %s will send it", what, record_id, sweep, exc_info=True)


def attempt(entry_id: int, *, now: datetime | None = None) -> bool:
    """Send one entry if it is due and no other worker holds it. True when it was sent now."""
    now = now or timezone.now()
    due = OutboxEntry.objects.filter(pk=entry_id, next_attempt_at__lte=now)
    row = due.values("topic", "args", "attempts").first()
    if row is None:
        return False
    attempts = row["attempts"]
    if attempts >= MAX_ATTEMPTS:
        # The last attempt was claimed and its answer never written: its worker stopped.
        if due.filter(attempts=attempts).update(next_attempt_at=None, failed_at=now, last_error=UNSETTLED):
            logger.error("outbox entry %s (%s) given up: %s", entry_id, row["topic"], UNSETTLED)
        return False
    # The claim: only one worker moves this entry's attempt count on from what it read.
    if not due.filter(attempts=attempts).update(attempts=attempts + 1, next_attempt_at=now + LEASE):
        return False
    entry = OutboxEntry.objects.filter(pk=entry_id)
    # A topic whose sender is gone (code removed) is given up at once: no later attempt can send it.
    send = _senders.get(row["topic"], _no_sender)
    try:
        send(*row["args"])
    except Exception as failure:
        error = type(failure).__name__
        if attempts + 1 < MAX_ATTEMPTS and send is not _no_sender:
            entry.update(next_attempt_at=now + BACKOFF[attempts], last_error=error)
            logger.warning("outbox entry %s (%s) failed (%s); trying again", entry_id, row["topic"], error)
        else:
            entry.update(next_attempt_at=None, failed_at=timezone.now(), last_error=error)
            logger.error("outbox entry %s (%s) given up after %d attempts (%s)", entry_id, row["topic"],
                         attempts + 1, error)
        return False
    entry.update(next_attempt_at=None, sent_at=timezone.now(), last_error="")
    return True


def _no_sender(*args: Any) -> None:
    raise LookupError("no sender for this topic")


def send_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """Send every entry that is due: never queued, its queue lost, its worker stopped, or its
    back-off over (the worker runs this each minute). Returns how many were sent."""
    now = now or timezone.now()
    due = list(OutboxEntry.objects.filter(next_attempt_at__lte=now).order_by("next_attempt_at")
               .values_list("pk", flat=True)[:limit])
    return sum(attempt(pk, now=now) for pk in due)


def prune(*, now: datetime | None = None) -> int:
    """Delete the entries sent or given up more than `OUTBOX_KEPT_DAYS` ago. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.OUTBOX_KEPT_DAYS)
    count, _ = OutboxEntry.objects.filter(next_attempt_at__isnull=True, created_at__lt=cutoff).delete()
    if count:
        logger.info("retention deleted %d outbox entries", count)
    return count


@dataclass(frozen=True)
class Status:
    """What the outbox holds now, for an operator: per topic, notices waiting and given up."""

    waiting: dict[str, int]
    given_up: dict[str, int]
    oldest_waiting: datetime | None


def status() -> Status:
    """One grouped query for the counts, one for the oldest notice still waiting."""
    unsent = OutboxEntry.objects.filter(sent_at__isnull=True)
    counts = list(unsent.values("topic").order_by("topic").annotate(
        waiting=Count("pk", filter=Q(failed_at__isnull=True)), given_up=Count("pk", filter=Q(failed_at__isnull=False))))
    waiting = {row["topic"]: row["waiting"] for row in counts if row["waiting"]}
    given_up = {row["topic"]: row["given_up"] for row in counts if row["given_up"]}
    oldest = unsent.filter(failed_at__isnull=True).order_by("created_at").values_list("created_at", flat=True).first()
    return Status(waiting, given_up, oldest)


def retry_given_up(*, topic: str | None = None, since: datetime | None = None) -> int:
    """Make the given-up notices due again with a fresh count of attempts (after a gateway's long
    outage, say). Returns how many; the worker's next minute sends them."""
    given_up = OutboxEntry.objects.filter(failed_at__isnull=False, sent_at__isnull=True)
    if topic:
        given_up = given_up.filter(topic=topic)
    if since:
        given_up = given_up.filter(created_at__gte=since)
    count = given_up.update(failed_at=None, attempts=0, next_attempt_at=timezone.now())
    if count:
        logger.warning("%d given-up outbox entries made due again", count)
    return count
