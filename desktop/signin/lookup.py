"""Finding a returning person from a few letters of their name or the last 4 digits of their phone.

Never a browsable list: nothing is shown until 3 letters or the last 4 phone digits are typed,
at most 5 matches come back, and each shows only a first name and last initial.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.signin.people import name_key, short_name
from desktop.signin.validation import ascii_digits
from desktop.text import fold

MAX_MATCHES = 5
MIN_LETTERS = 3  # the kiosk: two letters would list half the room
HOST_MIN_LETTERS = 2  # the host's own search (merging duplicates) may be broader
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


def letters_typed(folded: str) -> int:
    """Letters and digits typed; a wide character (Chinese, Japanese, Korean) counts as two, as it says
    as much as two Latin letters and many such names are two characters long (王芳)."""
    return sum((2 if unicodedata.east_asian_width(c) in "WF" else 1) for c in folded if c.isalnum())


def is_phone_query(query: str) -> bool:
    body = query.strip()
    return bool(body) and all(c in _PHONE_SEPARATORS or c.isdigit() for c in body) and any(c.isdigit() for c in body)


def find_returning(session: Session, query: str, limit: int = MAX_MATCHES) -> LookupResult:
    query = (query or "")[:200]
    rows: Sequence[tuple[str, str, str]]
    if is_phone_query(query):
        digits = ascii_digits(query)
        if len(digits) < PHONE_DIGITS:
            return LookupResult(query, [], too_short=True)
        rows = session.execute(_BY_PHONE, {"d": digits[-PHONE_DIGITS:], "n": limit + 1}).all()
    else:
        folded = name_key(query)
        if letters_typed(folded) < MIN_LETTERS:
            # "Li" or "Bo" typed in full finds Li or Bo, and nobody whose name merely starts so.
            rows = _same_first(session, folded, limit + 1) if len(folded.split()) == 1 else []
            if not rows:
                return LookupResult(query, [], too_short=True)
        else:
            rows = session.execute(_BY_NAME, {"q": _fts_query(folded), "n": limit + 1}).all()
    matches = [Match(pid, short_name(first, last)) for pid, first, last in rows[:limit]]
    matches.sort(key=lambda m: fold(m.label))
    return LookupResult(query, matches, more=len(rows) > limit)


_SIGNED_IN_HERE = text("SELECT participant_id FROM sign_ins WHERE session_id = :s AND voided = 0 AND deleted = 0")
_BY_KEY_PREFIX = text(
    "SELECT id, first_name, last_name FROM participants "
    "WHERE (search_key = :k OR (search_key >= :lo AND search_key < :hi)) "
    "AND deleted = 0 AND erased = 0 AND merged_into IS NULL"
)


def _whole(name: str) -> str:
    return name_key(name).replace(" ", "")


def _same_first(session: Session, first_name: str, limit: int | None = None) -> list[tuple[str, str, str]]:
    """Everyone whose first name is this one, whole, as the search key compares names."""
    key = _whole(first_name)
    if not key:
        return []
    # search_key starts with the whole first name and a space (people.search_key).
    rows = session.execute(_BY_KEY_PREFIX, {"k": key, "lo": key + " ", "hi": key + "!"}).all()
    same = [(pid, first, last) for pid, first, last in rows if _whole(first or "") == key]
    return same if limit is None else same[:limit]


def same_first_name(session: Session, session_id: str, first_name: str, limit: int = MAX_MATCHES) -> list[Match]:
    """People whose first name is the one typed, accent- and case-blind: those signed in to this
    session first, then anyone known. Asked before a new record is made ("Is one of these you?")."""
    same = _same_first(session, first_name or "")
    here = {pid for (pid,) in session.execute(_SIGNED_IN_HERE, {"s": session_id}).all()}
    same.sort(key=lambda r: (r[0] not in here, fold(short_name(r[1], r[2]))))
    return [Match(pid, short_name(first, last)) for pid, first, last in same[:limit]]


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
        folded = name_key(query)
        if sum(c.isalnum() for c in folded) < HOST_MIN_LETTERS:
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
