"""Queue messages to residents on the worker; the request never waits for mail or SMS."""

from __future__ import annotations


def notify(sign_up_id: int, kind: str, session_id: int | None = None) -> None:
    from lokalsundhed.offers.tasks import send_message

    send_message(sign_up_id, kind, session_id)
