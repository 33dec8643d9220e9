"""A room's iCalendar (RFC 5545) feed: one VEVENT per booking, times in UTC, cancelled ones marked."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from lokalsundhed.rooms.models import Booking, Room


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
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


def calendar(room: Room, bookings: Iterable[Booking], now: datetime) -> str:
    place = ", ".join(p for p in (room.name, room.facility.name, room.facility.street_address) if p)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//lokalsundhed//rooms//DA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(str(room))}",
        "X-WR-TIMEZONE:Europe/Copenhagen",
    ]
    for booking in bookings:
        lines += [
            "BEGIN:VEVENT",
            f"UID:room-booking-{booking.pk}@lokalsundhed",
            f"DTSTAMP:{_utc(now)}",
            f"SEQUENCE:{booking.revision}",
            f"DTSTART:{_utc(booking.starts_at)}",
            f"DTEND:{_utc(booking.ends_at)}",
            f"SUMMARY:{_escape(booking.title)}",
            f"DESCRIPTION:{_escape(booking.organisation.name)}",
            f"LOCATION:{_escape(place)}",
        ]
        if booking.cancelled_at:
            lines.append("STATUS:CANCELLED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
