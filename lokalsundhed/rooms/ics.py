"""A room's iCalendar (RFC 5545) feed: one VEVENT per booking, times in UTC, cancelled ones marked."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from lokalsundhed.core.icalendar import escape_text, fold, utc_stamp
from lokalsundhed.rooms.models import Booking, Room


def calendar(room: Room, bookings: Iterable[Booking], now: datetime) -> str:
    place = ", ".join(p for p in (room.name, room.facility.name, room.facility.street_address) if p)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//lokalsundhed//rooms//DA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(str(room))}",
        "X-WR-TIMEZONE:Europe/Copenhagen",
    ]
    for booking in bookings:
        lines += [
            "BEGIN:VEVENT",
            f"UID:room-booking-{booking.pk}@lokalsundhed",
            f"DTSTAMP:{utc_stamp(now)}",
            f"SEQUENCE:{booking.revision}",
            f"DTSTART:{utc_stamp(booking.starts_at)}",
            f"DTEND:{utc_stamp(booking.ends_at)}",
            f"SUMMARY:{escape_text(booking.title)}",
            f"DESCRIPTION:{escape_text(booking.organisation.name)}",
            f"LOCATION:{escape_text(place)}",
        ]
        if booking.cancelled_at:
            lines.append("STATUS:CANCELLED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
