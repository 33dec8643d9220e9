"""SMS behind a backend, like Django's e-mail: the console one by default."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Sms:
    to: str
    body: str


class SmsBackend(Protocol):
    def send(self, messages: list[Sms]) -> int: ...


class ConsoleSmsBackend:
    """Writes each message to standard output (development and demo)."""

    def send(self, messages: list[Sms]) -> int:
        for message in messages:
            sys.stdout.write(f"SMS to {message.to}: {message.body}\n")
        return len(messages)


class LocmemSmsBackend:
    """Keeps messages in `outbox` (tests)."""

    outbox: list[Sms] = []

    def send(self, messages: list[Sms]) -> int:
        LocmemSmsBackend.outbox.extend(messages)
        return len(messages)


def send_sms(to: str, body: str) -> int:
    """Send one SMS through the configured backend. The body must hold no personal data."""
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    return backend.send([Sms(to=to, body=body)])
