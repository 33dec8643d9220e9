"""Messages to residents go through the outbox: written in the change's transaction, sent by the
worker after the commit (the request never waits for mail or SMS, and a crash loses none). The
services call this, not the outbox, so that a caller may hold messages back (the demo's history,
the benchmarks)."""

from __future__ import annotations

from lokalsundhed.core import outbox


def notify(sign_up_id: int, kind: str, session_id: int | None = None) -> None:
    outbox.add("offers.message", sign_up_id, kind, session_id)
