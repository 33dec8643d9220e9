"""iCalendar (RFC 5545) feeds of the residents' calendar: one VEVENT per session, times in UTC."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.urls import reverse

from lokalsundhed.core.icalendar import escape_text, fold, utc_stamp
from lokalsundhed.offers.models import Session
from lokalsundhed.offers.selectors import texts


def calendar(name: str, sessions: Iterable[Session], language: str, now: datetime) -> str:
    site = settings.SITE_URL.rstrip("/")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//lokalsundhed//offers//DA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
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
            f"DTSTAMP:{utc_stamp(now)}",
            f"SEQUENCE:{session.revision}",
            f"DTSTART:{utc_stamp(session.starts_at)}",
            f"DTEND:{utc_stamp(session.ends_at)}",
            f"SUMMARY:{escape_text(offer_texts.title)}",
            f"DESCRIPTION:{escape_text(offer_texts.description)}",
            f"URL:{url}",
        ]
        if place:
            lines.append(f"LOCATION:{escape_text(place)}")
        if session.cancelled_at:
            lines.append("STATUS:CANCELLED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
