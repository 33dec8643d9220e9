"""iCalendar (RFC 5545) feeds of the residents' calendar: one VEVENT per session, times in UTC."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse

from lokalsundhed.offers.models import Session
from lokalsundhed.offers.selectors import texts


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(name: str, sessions: Iterable[Session], language: str, now: datetime) -> str:
    site = settings.SITE_URL.rstrip("/")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//lokalsundhed//offers//DA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
        "X-WR-TIMEZONE:Europe/Copenhagen",
    ]
    for session in sessions:
        offer_texts = texts(session.offer, language)
        facility = session.facility or session.offer.facility
        place = ", ".join(p for p in (facility.name, facility.street_address) if p) if facility else ""
        url = site + reverse("offers:public_offer", args=[session.offer_id])
        lines += [
            "BEGIN:VEVENT",
            f"UID:session-{session.pk}@lokalsundhed",
            f"DTSTAMP:{_utc(now)}",
            f"SEQUENCE:{session.revision}",
            f"DTSTART:{_utc(session.starts_at)}",
            f"DTEND:{_utc(session.ends_at)}",
            f"SUMMARY:{_escape(offer_texts.title)}",
            f"DESCRIPTION:{_escape(offer_texts.description)}",
            f"URL:{url}",
        ]
        if place:
            lines.append(f"LOCATION:{_escape(place)}")
        if session.cancelled_at:
            lines.append("STATUS:CANCELLED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
