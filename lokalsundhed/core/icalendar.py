"""iCalendar (RFC 5545) text shared by the feeds (the residents' calendar of offers, each room's
bookings): a value that stays one property's text, and lines folded at 75 octets."""

from __future__ import annotations

import re
from datetime import UTC, datetime

# Every line break a calendar program may honour — CRLF, a bare CR or LF, NEL and Unicode's line and
# paragraph separators — and the control characters a TEXT value may not hold (all but HTAB).
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, each line break
    written as `\\n` and any other control character as a space — so that what staff typed can
    never end its line and add a property or an event of its own to the subscribers' calendars."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROL.sub(" ", _BREAK.sub(r"\\n", text))


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    if len(line.encode("utf-8")) <= 75:
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


def utc_stamp(moment: datetime) -> str:
    """A DATE-TIME in UTC (`20261211T130000Z`)."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
