"""Writing to the access log, sealing it into the hash chain and verifying the chain."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from django.conf import settings
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from lokalsundhed.audit.models import (
    DIGEST_FIELDS,
    GENESIS,
    Action,
    Entry,
    Seal,
    digest_of,
    normalise_ip,
)
from lokalsundhed.core.bulk import copy_rows

logger = logging.getLogger(__name__)

_MAX_LENGTH = {
    name: cast(models.CharField, Entry._meta.get_field(name)).max_length
    for name in ("actor_label", "object_type", "object_id", "purpose", "path")
}

# How long the sealer waits for transactions that are still writing entries (PostgreSQL).
IN_FLIGHT_WAIT_SECONDS = 5.0


def client_ip(request: HttpRequest | None) -> str | None:
    """The caller's address in normal form; None when absent or not an address (inet would refuse it)."""
    if request is None:
        return None
    return normalise_ip(request.META.get("REMOTE_ADDR"))


def _clip(name: str, value: object) -> str:
    # PostgreSQL refuses NUL characters and over-long values; SQLite would keep them. Both get the same.
    text = "" if value is None else str(value)
    return text.replace("\x00", "")[: _MAX_LENGTH[name]]


def record(
    *,
    actor: object | None,
    action: Action | str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int | None = "",
    organisation_id: int | None = None,
    purpose: str = "",
    request: HttpRequest | None = None,
    actor_label: str = "",
) -> Entry:
    """Append one entry to the access log: a single INSERT, no lock, no read.

    `obj` fills in the record type and id; `organisation_id` says whose data it is.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    actor_id = getattr(actor, "pk", None)
    return Entry.objects.create(
        actor_id=actor_id,
        actor_label=_clip("actor_label", actor_label or (getattr(actor, "email", "") if actor_id else "")),
        organisation_id=organisation_id,
        action=str(action),
        object_type=_clip("object_type", object_type),
        object_id=_clip("object_id", object_id),
        purpose=_clip("purpose", purpose),
        ip_address=client_ip(request),
        path=_clip("path", _path(request)),
    )


def _path(request: HttpRequest | None) -> str:
    """The page, with the key of a private link (a resident's sign-up, errand or questionnaire)
    put as its name: the key opens the resident's data to whoever reads the log."""
    if request is None:
        return ""
    path = request.path
    match = getattr(request, "resolver_match", None)
    for name, value in (match.kwargs.items() if match is not None else ()):
        if (name == "token" or name.endswith("_token")) and value:
            path = path.replace(str(value), f"<{name}>")
    return path


# --- Sealing ---------------------------------------------------------------------------------


def _head() -> tuple[int, str]:
    """The last link of the chain: (entry id, hash); (0, GENESIS) before the first seal."""
    last = Seal.objects.order_by("-id").values_list("entry_id", "hash").first()
    return (last[0], last[1]) if last else (0, GENESIS)


def _lock_sealer() -> None:
    """Only one sealer at a time; requests never take this lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('lokalsundhed.audit.seal'))")
    # SQLite: transaction_mode=IMMEDIATE already serialises writers.


def _settled_up_to(wait_seconds: float) -> int | None:
    """The highest entry id below which no entry can still appear; None when there is no bound.

    On PostgreSQL ids come from a sequence before the INSERT commits, so entry 11 may be visible
    while entry 10's transaction is still open. Sealing 11 then would leave 10 outside the chain
    for good and make it look slipped in. Every transaction that has drawn an id holds ROW
    EXCLUSIVE on audit_entry until it ends (the lock is taken before the id is drawn), so: read
    the highest visible id, note who holds that lock, and wait for exactly those transactions.
    Writers never wait for the sealer; the sealer waits for writers.

    On SQLite one writer commits at a time, so a visible id has no invisible predecessor.
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM audit_entry")
        (highest,) = cursor.fetchone()
        in_flight_sql = (
            "SELECT DISTINCT virtualtransaction FROM pg_locks WHERE locktype = 'relation' "
            "AND relation = 'audit_entry'::regclass AND mode = 'RowExclusiveLock' "
            "AND pid <> pg_backend_pid()"
        )
        cursor.execute(in_flight_sql)
        writers = [row[0] for row in cursor.fetchall()]
        deadline = time.monotonic() + wait_seconds
        pause = 0.001
        while writers:
            if time.monotonic() >= deadline:
                logger.warning("access-log sealing waits for %d open transaction(s); next round", len(writers))
                return 0
            time.sleep(pause)
            pause = min(pause * 2, 0.1)
            cursor.execute(in_flight_sql + " AND virtualtransaction = ANY(%s)", [writers])
            writers = [row[0] for row in cursor.fetchall()]
    return int(highest)


def seal_pending(
    *, batch_size: int = 1000, now: datetime | None = None, wait_seconds: float = IN_FLIGHT_WAIT_SECONDS
) -> int:
    """Seal unsealed entries older than the grace period into the chain, in id order.

    Stops at the first entry younger than AUDIT_SEAL_GRACE_SECONDS (the chain is a contiguous
    run of ids) and, on PostgreSQL, below any id a still-open transaction may yet commit.
    Entries are read and hashed outside the transaction, which only appends the seals, so
    the database's write lock (SQLite) is held for the INSERT alone. Returns how many entries
    were sealed; safe to run concurrently and repeatedly. Run by the worker every minute.
    """
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.AUDIT_SEAL_GRACE_SECONDS)
    sealed = 0
    while True:
        count, more = _seal_batch(batch_size=batch_size, cutoff=cutoff, wait_seconds=wait_seconds)
        sealed += count
        if not more:
            return sealed


def _seal_batch(*, batch_size: int, cutoff: datetime, wait_seconds: float) -> tuple[int, bool]:
    head = _head()
    after_id, previous_hash = head
    settled = _settled_up_to(wait_seconds)
    entries = Entry.objects.filter(id__gt=after_id)
    if settled is not None:
        entries = entries.filter(id__lte=settled)
    rows = list(entries.order_by("id").values(*DIGEST_FIELDS)[:batch_size])
    seals = []
    for row in rows:
        if row["at"] > cutoff:  # seal a contiguous run only: stop at the first young entry
            break
        digest = digest_of(row)
        link = Seal.chain(previous_hash, digest)
        seals.append(Seal(entry_id=row["id"], previous_hash=previous_hash, entry_digest=digest, hash=link))
        previous_hash = link
    if not seals:
        return 0, False
    with transaction.atomic():
        _lock_sealer()
        if _head() != head:
            return 0, True  # another sealer moved the chain on meanwhile: start again from its head
        # COPY on PostgreSQL: a national backlog of a million entries seals in a fraction of the time
        sealed_at = timezone.now()
        copy_rows(Seal, ["entry_id", "previous_hash", "entry_digest", "hash", "sealed_at"],
                  ((s.entry_id, s.previous_hash, s.entry_digest, s.hash, sealed_at) for s in seals))
    return len(seals), len(seals) == batch_size


# --- Verifying -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    entry_id: int
    what: str

    def __str__(self) -> str:
        return f"entry {self.entry_id}: {self.what}"


def verify(
    *, chunk: int = 5000, anchors: Iterable[tuple[int, str]] = (), since: tuple[int, str] | None = None
) -> Iterator[Problem]:
    """Walk the seals and the entries together, in id order, and yield every problem found.

    Memory stays at one chunk of seals and the entries in their id range, however long the log.

    - an edited entry: its digest no longer matches its seal;
    - a deleted entry: a seal whose entry is gone;
    - an inserted entry: an entry without a seal below the last sealed id;
    - a changed seal: its hash does not follow from its own fields;
    - a removed or rewritten seal: the next seal does not link to the one before it;
    - `anchors`, (entry id, hash) pairs kept outside the database: a missing or different link,
      which is how a truncated or rewritten chain is caught.

    `since`, an (entry id, hash) link kept outside the database, starts the walk there instead
    of at the beginning: for a nightly check of what is new, or after old entries were archived.
    """
    expected = dict(anchors)
    accepted = {GENESIS}  # hashes the next seal may link to
    previous_entry = 0
    last_seal = 0
    high = 0  # highest entry id covered so far
    if since is not None:
        previous_entry = high = since[0]
        accepted = {since[1]}
        start = Seal.objects.filter(entry_id__lte=since[0]).order_by("-id").values_list("id", "entry_id", "hash").first()
        if start is not None and start[1] == since[0]:
            last_seal = start[0]
            if start[2] != since[1]:
                yield Problem(since[0], "its seal differs from the hash the check started from (the chain was rewritten)")
                accepted = {since[1], start[2]}  # named once, here, not again at the next seal
        elif start is not None:
            yield Problem(since[0], "the seal the check starts from is missing (the chain was rewritten)")
            last_seal = start[0]
        # No seal at or before it: the older part was archived; the next seal must link to `since`.
    while True:
        seals = list(
            Seal.objects.filter(id__gt=last_seal)
            .order_by("id")
            .values_list("id", "entry_id", "previous_hash", "entry_digest", "hash")[:chunk]
        )
        if not seals:
            break
        top = max(high, max(s[1] for s in seals))
        # One range read covers the chunk; a seal pointing backwards (tampered) is looked up alone.
        entries = {row["id"]: row for row in Entry.objects.filter(id__gt=high, id__lte=top).values(*DIGEST_FIELDS)}
        behind = [s[1] for s in seals if s[1] <= high]
        if behind:
            entries.update({row["id"]: row for row in Entry.objects.filter(id__in=behind).values(*DIGEST_FIELDS)})
        seen: set[int] = set()
        found: list[Problem] = []  # one chunk's problems, handed out in entry order
        for _seal_id, entry_id, previous_hash, entry_digest, link in seals:
            if entry_id <= previous_entry:
                found.append(Problem(entry_id, f"its seal is out of order (after the seal of entry {previous_entry})"))
            if previous_hash not in accepted:
                found.append(Problem(
                    entry_id,
                    f"its seal does not link to the seal of entry {previous_entry} "
                    "(a seal between them was removed, or one of the two was rewritten)",
                ))
            recomputed = Seal.chain(previous_hash, entry_digest)
            if recomputed != link:
                found.append(Problem(entry_id, "its seal was changed (the seal's hash does not match its contents)"))
                accepted = {link, recomputed}  # so that only this seal is named, not the next one too
            else:
                accepted = {link}
            if entry_id in expected and expected.pop(entry_id) != link:
                found.append(Problem(entry_id, "its seal differs from the anchored hash (the chain was rewritten)"))
            entry = entries.get(entry_id)
            if entry is None:
                found.append(Problem(entry_id, "the entry was deleted"))
            elif digest_of(entry) != entry_digest:
                found.append(Problem(entry_id, "the entry was edited after it was written"))
            seen.add(entry_id)
            previous_entry = entry_id
        found += [
            Problem(entry_id, "the entry has no seal although later entries are sealed "
                    "(slipped in afterwards, or its seal was removed)")
            for entry_id in set(entries) - seen
            if entry_id > high
        ]
        yield from sorted(found, key=lambda problem: problem.entry_id)
        high = top
        last_seal = seals[-1][0]
    for entry_id in sorted(expected):
        yield Problem(entry_id, "its anchored seal is missing (the chain was truncated or rewritten)")


def head() -> tuple[int, str]:
    """The newest link of the chain, (entry id, hash): write it down outside the database to
    anchor the log (`verify_audit_log --anchor ID:HASH`)."""
    return _head()


def unsealed_count() -> int:
    return Entry.objects.filter(id__gt=_head()[0]).count()
