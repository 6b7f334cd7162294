"""Finding a returning person from a few letters of their name or the last 4 digits of their phone.

Never a browsable list: nothing is shown until 2 letters or 4 digits are typed,
at most 5 matches come back, and each shows only a first name and last initial.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.signin.people import short_name
from desktop.signin.validation import ascii_digits
from desktop.text import fold

MAX_MATCHES = 5
MIN_LETTERS = 2
PHONE_DIGITS = 4
_PHONE_SEPARATORS = set(" -.()+/")

_BY_NAME = text(
    "SELECT p.id, p.first_name, p.last_name FROM participant_search f "
    "JOIN participants p ON p.rowid = f.rowid "
    "WHERE participant_search MATCH :q AND p.id = f.participant_id "
    "AND p.deleted = 0 AND p.erased = 0 AND p.merged_into IS NULL LIMIT :n"
)
_BY_PHONE = text(
    "SELECT id, first_name, last_name FROM participants "
    "WHERE phone_last4 = :d AND deleted = 0 AND erased = 0 AND merged_into IS NULL LIMIT :n"
)


@dataclass(frozen=True)
class Match:
    participant_id: str
    label: str  # first name and last initial, never more


@dataclass(frozen=True)
class LookupResult:
    query: str
    matches: list[Match]
    more: bool = False  # more than MAX_MATCHES matched: type a little more
    too_short: bool = False  # not enough typed yet to search at all


def _fts_query(folded: str) -> str:
    """Each typed word as a quoted prefix: `"jo"* "gar"*` (quotes inside are doubled)."""
    words = [w for w in folded.split() if any(c.isalnum() for c in w)]
    return " ".join('"' + word.replace('"', '""') + '"*' for word in words)


def is_phone_query(query: str) -> bool:
    body = query.strip()
    return bool(body) and all(c in _PHONE_SEPARATORS or c.isdigit() for c in body) and any(c.isdigit() for c in body)


def find_returning(session: Session, query: str, limit: int = MAX_MATCHES) -> LookupResult:
    query = (query or "")[:200]
    if is_phone_query(query):
        digits = ascii_digits(query)
        if len(digits) < PHONE_DIGITS:
            return LookupResult(query, [], too_short=True)
        rows = session.execute(_BY_PHONE, {"d": digits[-PHONE_DIGITS:], "n": limit + 1}).all()
    else:
        folded = fold(query)
        if sum(c.isalnum() for c in folded) < MIN_LETTERS:
            return LookupResult(query, [], too_short=True)
        rows = session.execute(_BY_NAME, {"q": _fts_query(folded), "n": limit + 1}).all()
    matches = [Match(pid, short_name(first, last)) for pid, first, last in rows[:limit]]
    matches.sort(key=lambda m: fold(m.label))
    return LookupResult(query, matches, more=len(rows) > limit)


def rebuild_search_index(session: Session) -> None:
    """Rebuild the lookup index from the participants table (after a VACUUM, or if in doubt)."""
    session.execute(text("DELETE FROM participant_search"))
    session.execute(
        text(
            "INSERT INTO participant_search (rowid, search_key, participant_id) "
            "SELECT rowid, search_key, id FROM participants "
            "WHERE deleted = 0 AND erased = 0 AND merged_into IS NULL"
        )
    )
    session.execute(text("INSERT INTO participant_search (participant_search) VALUES ('optimize')"))


@dataclass(frozen=True)
class HostMatch:
    participant_id: str
    name: str  # full name: for the host's eyes only
    phone_last4: str


def find_for_host(session: Session, query: str, limit: int = 20, exclude: str | None = None) -> list[HostMatch]:
    """The host's search (merging duplicates): full names, more matches, same rules for what counts as a query."""
    query = (query or "")[:200]
    if is_phone_query(query):
        digits = ascii_digits(query)
        if len(digits) < PHONE_DIGITS:
            return []
        rows = session.execute(
            text(
                "SELECT id, first_name, last_name, phone_last4 FROM participants WHERE phone_last4 = :d "
                "AND deleted = 0 AND erased = 0 AND merged_into IS NULL LIMIT :n"
            ),
            {"d": digits[-PHONE_DIGITS:], "n": limit + 1},
        ).all()
    else:
        folded = fold(query)
        if sum(c.isalnum() for c in folded) < MIN_LETTERS:
            return []
        rows = session.execute(
            text(
                "SELECT p.id, p.first_name, p.last_name, p.phone_last4 FROM participant_search f "
                "JOIN participants p ON p.rowid = f.rowid WHERE participant_search MATCH :q "
                "AND p.id = f.participant_id AND p.deleted = 0 AND p.erased = 0 AND p.merged_into IS NULL LIMIT :n"
            ),
            {"q": _fts_query(folded), "n": limit + 1},
        ).all()
    out = [
        HostMatch(pid, " ".join(x for x in (first, last) if x), last4)
        for pid, first, last, last4 in rows
        if pid != exclude
    ]
    return sorted(out[:limit], key=lambda m: fold(m.name))
