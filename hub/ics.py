"""iCalendar (RFC 5545) text for calendar feeds: events with exact times, escaped and folded as the RFC says.

Written here rather than taken from a library because it is small and none is a dependency: lines end
in CRLF and are folded so none is longer than 75 octets (a fold never splits a UTF-8 character);
TEXT values escape backslash, semicolon, comma and newlines; times are UTC ("...Z"), so no VTIMEZONE
is needed; every event has a UID and a DTSTAMP.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

LINE_OCTETS = 75
PRODID = "-//On-Ramp//Find a session//EN"


@dataclass(frozen=True)
class Event:
    uid: str
    starts: datetime  # aware
    ends: datetime  # aware
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, newlines as \\n."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded at 75 octets (3.1): each continuation starts with a space."""
    out: list[str] = []
    current = ""
    size = 0
    limit = LINE_OCTETS
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size = " ", 1  # the leading space counts towards the next line's octets
        current += ch
        size += width
    out.append(current)
    return "\r\n".join(out)


def utc_stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("a calendar time must say its zone")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(events: Iterable[Event], name: str, stamp: datetime) -> str:
    """A VCALENDAR of ``events``; ``stamp`` is when it was made (DTSTAMP)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{utc_stamp(stamp)}",
            f"DTSTART:{utc_stamp(event.starts)}",
            f"DTEND:{utc_stamp(event.ends)}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
