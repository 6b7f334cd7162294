"""The commons catalogue on this laptop: received after each sync's pull, browsed and searched offline.

The hub gives the catalogue in pages after a cursor (``GET /v1/commons/catalogue``): published
versions, and the commons lessons unpublished since. Each page and the new cursor are stored in one
transaction, so a fetch cut off half way resumes where it stopped and a page stored twice changes
nothing. Usage (sessions, organisations, rating) comes whole, with an ETag, and is only sent again
when it changed. A hub without the commons (older than issue 17) is simply not asked again this round.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.commons.licences import LICENCES
from desktop.models.database import Database
from desktop.models.local import CommonsEntry, CommonsRemoved, CommonsState, CommonsUsage
from desktop.sync import protocol as P
from desktop.sync.client import HubClient, HubRefused, HubUnreachable
from desktop.text import fold

log = logging.getLogger(__name__)

PAGE_SIZE = 500  # entries a request; the hub may send fewer
CATALOGUE_TABLE = "commons_entries"  # what a sync report names when the catalogue changed (a Lessons refresh)
# What the hub answers when it has no commons (a hub older than issue 17): nothing to fetch.
_NO_COMMONS = frozenset({404, 405})

_ENTRY_COLUMNS = (
    "version_id",
    "commons_lesson_id",
    "number",
    "seq",
    "title",
    "level",
    "language",
    "minutes",
    "tags",
    "licence",
    "authors",
    "organisation",
    "source_version_id",
    "parent_version_id",
    "published_at",
    "text",
    "search_text",
)
_INSERT_ENTRY = (
    f"INSERT OR REPLACE INTO commons_entries ({', '.join(_ENTRY_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(_ENTRY_COLUMNS))})"
)


@dataclass
class Fetched:
    """What one round of fetching changed here."""

    entries: int = 0
    removed: int = 0
    pages: int = 0
    usage_changed: bool = False
    skipped: list[str] = field(default_factory=list)  # why entries the laptop could not use were left out

    @property
    def changed(self) -> bool:
        return bool(self.entries or self.removed or self.usage_changed)


# Fetching -----------------------------------------------------------------------------------------


def fetch(db: Database, client: HubClient, *, page_size: int = PAGE_SIZE) -> Fetched:
    """Every catalogue page after the stored cursor, then the usage if it changed."""
    fetched = Fetched()
    cursor, etag = _start(db, client.base_url)
    try:
        while True:
            page = client.commons_catalogue(cursor, page_size)
            last = store_page(db, page, cursor, fetched)
            fetched.pages += 1
            if not page.get("more") or last <= cursor:
                break
            cursor = last
        body, new_etag = client.commons_usage(etag)
    except HubRefused as exc:
        if exc.status in _NO_COMMONS:
            log.info("%s has no lesson commons", client.base_url)
            return fetched
        raise
    if body is not None:
        fetched.usage_changed = store_usage(db, body, new_etag)
    return fetched


def _start(db: Database, hub_url: str) -> tuple[int, str]:
    """(cursor, usage ETag) for ``hub_url``; a catalogue from another hub is forgotten first."""
    found = db.read(
        lambda conn: conn.execute("SELECT hub_url, cursor, usage_etag FROM commons_state WHERE id = 1").fetchone()
    )
    if found is not None and found[0] == hub_url:
        return int(found[1]), str(found[2])  # the usual round: read only
    with db.transaction() as session:
        state = _state_row(session, hub_url)
        if state.hub_url != hub_url:
            for table in (CommonsEntry, CommonsRemoved, CommonsUsage):
                session.execute(delete(table))
            state.hub_url, state.cursor, state.usage_etag = hub_url, 0, ""
        return state.cursor, state.usage_etag


def _state_row(session: Session, hub_url: str) -> CommonsState:
    """The one catalogue state row, made if missing. Made with INSERT OR IGNORE: two syncs of one laptop
    at once (the app's and a command line's) both find it missing, and the second must not fail."""
    session.connection().exec_driver_sql(
        "INSERT OR IGNORE INTO commons_state (id, hub_url, cursor, usage_etag) VALUES (1, ?, 0, '')", (hub_url,)
    )
    return session.execute(select(CommonsState).where(CommonsState.id == 1)).scalar_one()


def store_page(db: Database, page: Any, after: int, fetched: Fetched | None = None) -> int:
    """Store one catalogue page and its cursor in one transaction; the new cursor.

    Raises HubUnreachable (a malformed answer) if the page is not a catalogue page. Entries this
    laptop cannot use (a field of the wrong sort, a licence it does not know) are left out and logged:
    one bad entry never holds back the rest.
    """
    fetched = fetched if fetched is not None else Fetched()
    if not isinstance(page, dict) or not isinstance(page.get("entries"), list):
        raise HubUnreachable("not a catalogue page", kind="malformed")
    last = page.get("last_seq")
    if type(last) is not int:
        raise HubUnreachable("a catalogue page without its last_seq", kind="malformed")
    rows: list[tuple[Any, ...]] = []
    for raw in page["entries"]:
        row, problem = entry_row(raw)
        if row is None:
            fetched.skipped.append(problem)
            log.info("a commons entry left out: %s", problem)
        else:
            rows.append(row)
    removed = [r for r in page.get("removed") or [] if isinstance(r, str)]
    if not rows and not removed and last <= after:
        return after  # nothing new: nothing written (a write waits for the disk)
    with db.transaction() as session:
        conn = session.connection()
        if rows:
            conn.exec_driver_sql(_INSERT_ENTRY, rows)
            again = sorted({row[1] for row in rows})  # published again after being unpublished
            for start in range(0, len(again), 500):
                chunk = again[start : start + 500]
                conn.exec_driver_sql(
                    f"DELETE FROM commons_removed WHERE commons_lesson_id IN ({', '.join('?' * len(chunk))})",
                    tuple(chunk),
                )
        if removed:
            # Marked, not deleted: the view, taking and updates leave a removed lesson out, while copies taken
            # from it (or from its remixes) still read its credit, and an unchanged copy is still told unchanged.
            conn.exec_driver_sql(
                "INSERT OR IGNORE INTO commons_removed (commons_lesson_id) VALUES (?)", [(r,) for r in removed]
            )
        state = _state_row(session, "")
        if last > state.cursor:
            state.cursor = last
    fetched.entries += len(rows)
    fetched.removed += len(removed)
    return max(last, after)


def _text_of(raw: dict[str, Any], name: str, limit: int, *, required: bool = False) -> str:
    value = raw.get(name, "")
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value) or len(value) > limit:
        raise ValueError(name)
    return value


def _names(raw: dict[str, Any], name: str) -> list[str]:
    value = raw.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(name)
    return [v[:200] for v in value[: P.LIST_MAX]]


def _optional_id(raw: dict[str, Any], name: str) -> str | None:
    value = raw.get(name)
    if value is not None and (not isinstance(value, str) or len(value) > P.ID_MAX):
        raise ValueError(name)
    return value or None


def entry_row(raw: Any) -> tuple[tuple[Any, ...] | None, str]:
    """A catalogue entry as a row of ``commons_entries`` (in ``_ENTRY_COLUMNS`` order), or (None, why not)."""
    if not isinstance(raw, dict):
        return None, "not an object"
    try:
        version_id = _text_of(raw, "version_id", P.ID_MAX, required=True)
        lesson_id = _text_of(raw, "commons_lesson_id", P.ID_MAX, required=True)
        number, seq, minutes = raw.get("number"), raw.get("seq"), raw.get("minutes", 0)
        for name, value in (("number", number), ("seq", seq), ("minutes", minutes)):
            if type(value) is not int or not 0 <= value < 2**62:
                raise ValueError(name)
        title = _text_of(raw, "title", 300, required=True)
        licence = _text_of(raw, "licence", 32, required=True)
        if licence not in LICENCES:
            return None, f"{version_id}: a licence this laptop does not know ({licence})"
        tags, authors = _names(raw, "tags"), _names(raw, "authors")
        organisation = _text_of(raw, "organisation", 200)
        level, language = _text_of(raw, "level", 32), _text_of(raw, "language", P.LANGUAGE_MAX)
        row = (
            version_id,
            lesson_id,
            number,
            seq,
            title,
            level,
            language,
            minutes,
            P.json_dumps(tags),
            licence,
            P.json_dumps(authors),
            organisation,
            _optional_id(raw, "source_version_id"),
            _optional_id(raw, "parent_version_id"),
            _text_of(raw, "published_at", 40),
            _text_of(raw, "text", P.DOCUMENT_MAX),
            search_text(title, tags, authors, organisation, level, language, licence),
        )
    except ValueError as exc:
        return None, f"{raw.get('version_id')!r}: field {exc} is missing or not what a catalogue entry holds"
    return row, ""


def search_text(
    title: str, tags: Iterable[str], authors: Iterable[str], organisation: str, level: str, language: str, licence: str
) -> str:
    """What a search of the commons looks in, folded (case and accents aside, any script)."""
    short = LICENCES[licence].short_name if licence in LICENCES else licence
    return fold(" ".join((title, " ".join(tags), " ".join(authors), organisation, level, language, short)))


def store_usage(db: Database, body: Any, etag: str) -> bool:
    """Replace the stored usage with the hub's (the whole of it, as it comes) and keep its ETag.

    True if the figures differ from those stored: a first fetch of an empty commons changes nothing
    a page shows, so no page is told to read again."""
    lessons = body.get("lessons") if isinstance(body, dict) else None
    if not isinstance(lessons, dict):
        raise HubUnreachable("not the commons' usage", kind="malformed")
    rows = []
    for lesson_id, usage in lessons.items():
        if not isinstance(usage, dict):
            continue
        sessions, organisations, rating = usage.get("sessions"), usage.get("organisations"), usage.get("rating")
        if type(sessions) is not int or type(organisations) is not int:
            continue
        if not (rating is None or (isinstance(rating, int | float) and not isinstance(rating, bool))):
            rating = None
        rows.append((lesson_id, sessions, organisations, None if rating is None else float(rating)))
    with db.transaction() as session:
        conn = session.connection()
        stored = conn.exec_driver_sql(
            "SELECT commons_lesson_id, sessions, organisations, rating FROM commons_usage"
        ).fetchall()
        changed = {tuple(r) for r in stored} != set(rows)
        conn.exec_driver_sql("DELETE FROM commons_usage")
        if rows:
            conn.exec_driver_sql(
                "INSERT OR REPLACE INTO commons_usage (commons_lesson_id, sessions, organisations, rating) "
                "VALUES (?, ?, ?, ?)",
                rows,
            )
        state = session.get(CommonsState, 1)
        if state is not None:
            state.usage_etag = etag
    return changed


# Reading ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommonsSummary:
    """A commons lesson's newest version, as the Commons view lists and filters it. Plain data."""

    version_id: str
    commons_lesson_id: str
    number: int
    title: str
    level: str
    language: str
    minutes: int
    tags: tuple[str, ...]
    licence: str
    authors: tuple[str, ...]
    organisation: str
    is_remix: bool  # it names a parent: a remix of another commons lesson
    sessions: int = 0
    organisations: int = 0
    rating: float | None = None
    haystack: str = field(repr=False, default="")


@dataclass
class CommonsFilter:
    query: str = ""
    level: str = ""  # "" for any
    language: str = ""
    duration: str = ""  # a ``desktop.lessons.library.DURATIONS`` key, "" for any
    licence: str = ""
    topic: str = ""  # one of the lessons' tags

    def matches(self, s: CommonsSummary) -> bool:
        from desktop.lessons.library import DURATIONS

        if self.level and s.level != self.level:
            return False
        if self.language and s.language != self.language:
            return False
        if self.licence and s.licence != self.licence:
            return False
        if self.topic and self.topic not in s.tags:
            return False
        if self.duration:
            low, high = next((lo, hi) for key, lo, hi in DURATIONS if key == self.duration)
            if not low <= s.minutes <= high:
                return False
        return all(word in s.haystack for word in fold(self.query).split())


_NEWEST = (
    "SELECT e.version_id, e.commons_lesson_id, e.number, e.title, e.level, e.language, e.minutes, e.tags, "
    "e.licence, e.authors, e.organisation, e.parent_version_id, e.search_text, "
    "u.sessions, u.organisations, u.rating "
    "FROM commons_entries e LEFT JOIN commons_usage u ON u.commons_lesson_id = e.commons_lesson_id "
    "WHERE e.number = (SELECT max(n.number) FROM commons_entries n WHERE n.commons_lesson_id = e.commons_lesson_id) "
    "AND e.commons_lesson_id NOT IN (SELECT commons_lesson_id FROM commons_removed)"
)


def browse(session: Session) -> list[CommonsSummary]:
    """The newest version of every commons lesson still published, by title."""
    found = [
        CommonsSummary(
            version_id=r[0],
            commons_lesson_id=r[1],
            number=r[2],
            title=r[3],
            level=r[4],
            language=r[5],
            minutes=r[6],
            tags=tuple(P.json_loads(r[7]) or ()),
            licence=r[8],
            authors=tuple(P.json_loads(r[9]) or ()),
            organisation=r[10],
            is_remix=r[11] is not None,
            haystack=r[12],
            sessions=r[13] or 0,
            organisations=r[14] or 0,
            rating=r[15],
        )
        for r in session.connection().exec_driver_sql(_NEWEST)
    ]
    return sorted(found, key=lambda s: (fold(s.title).lstrip("¿¡\"'“(«"), s.commons_lesson_id))


def search(session: Session, filt: CommonsFilter) -> list[CommonsSummary]:
    return [s for s in browse(session) if filt.matches(s)]


@dataclass(frozen=True)
class CommonsDetail:
    """One commons version with its text, and the titles of the versions it descends from (if here)."""

    summary: CommonsSummary
    text: str
    published_at: str
    source_title: str
    parent_title: str
    taken_here: tuple[str, ...]  # ids of lessons in this library taken from this commons lesson


def entry(session: Session, version_id: str) -> CommonsEntry | None:
    return session.get(CommonsEntry, version_id)


def detail(session: Session, version_id: str) -> CommonsDetail | None:
    """The commons version ``version_id`` (None if it is not, or no longer, in the catalogue here)."""
    from desktop.models.entities import LessonLineage

    row = session.get(CommonsEntry, version_id)
    if row is None or session.get(CommonsRemoved, row.commons_lesson_id) is not None:
        return None
    summary = _summary_of(row, session.get(CommonsUsage, row.commons_lesson_id))
    titles = {
        e.version_id: e.title
        for e in session.scalars(
            select(CommonsEntry).where(
                CommonsEntry.version_id.in_({v for v in (row.source_version_id, row.parent_version_id) if v})
            )
        )
    }
    versions = select(CommonsEntry.version_id).where(CommonsEntry.commons_lesson_id == row.commons_lesson_id)
    taken = session.scalars(
        select(LessonLineage.id).where(LessonLineage.parent_version_id.in_(versions), LessonLineage.deleted.is_(False))
    ).all()
    return CommonsDetail(
        summary=summary,
        text=row.text,
        published_at=row.published_at,
        source_title=titles.get(row.source_version_id or "", ""),
        parent_title=titles.get(row.parent_version_id or "", ""),
        taken_here=tuple(taken),
    )


def _summary_of(row: CommonsEntry, usage: CommonsUsage | None = None) -> CommonsSummary:
    return CommonsSummary(
        version_id=row.version_id,
        commons_lesson_id=row.commons_lesson_id,
        number=row.number,
        title=row.title,
        level=row.level,
        language=row.language,
        minutes=row.minutes,
        tags=tuple(row.tags or ()),
        licence=row.licence,
        authors=tuple(row.authors or ()),
        organisation=row.organisation,
        is_remix=row.parent_version_id is not None,
        sessions=usage.sessions if usage else 0,
        organisations=usage.organisations if usage else 0,
        rating=usage.rating if usage else None,
        haystack=row.search_text,
    )


def cursor(session: Session) -> int:
    state = session.get(CommonsState, 1)
    return state.cursor if state is not None else 0
