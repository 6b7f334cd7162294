"""The lesson commons on the hub: consent, publishing, unpublishing, the catalogue and usage.

Nothing crosses organisations but what is here: published lessons (each version with its licence
and authors, fixed once published) and usage aggregates (sessions held, organisations, a mean
rating from at least ``MIN_CARDS`` exit cards). Everything else an organisation's laptops push
stays in that organisation (``hub.pull`` serves only its own rows).
"""

from __future__ import annotations

import hashlib
import threading
import uuid
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import (
    Connection,
    Engine,
    String,
    and_,
    cast,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    union,
    union_all,
    update,
)

from desktop.commons import licences
from desktop.lessons.parse import LessonError, check_text
from hub.accounts import audit, org_id_named
from hub.admin import AdminError
from hub.commons_store import commons_lessons, commons_settings, commons_versions
from hub.store import organisations, reading, seq_claims, utcnow, writing

MIN_CARDS = 5  # a mean rating is shown only over at least this many exit cards
MIN_RATED_SESSIONS = 2  # ... from at least this many sessions: one session's mean is that session's own figure
DEFAULT_PAGE = 500  # catalogue entries a page
MAX_PAGE = 2000
PAGE_BYTES = 4 * 1024 * 1024  # a page stops growing past this much lesson text (a slow link resumes)
_LOCK_KEY = 724317  # PostgreSQL advisory lock: one publisher at a time, so seqs commit in order


class CommonsRefused(AdminError):
    """The organisation may not do this (no consent): 403 over HTTP."""


class CommonsInvalid(AdminError):
    """What was sent cannot be published as it is (licence, authors, text): 422 over HTTP."""


class CommonsNotFound(AdminError):
    """No such commons lesson of this organisation: 404 over HTTP."""


# Consent and receiving ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    may_publish: bool = False
    receives: bool = True


def settings_of(conn: Connection, org_id: int) -> Settings:
    found = conn.execute(
        select(commons_settings.c.may_publish, commons_settings.c.receives).where(commons_settings.c.org_id == org_id)
    ).first()
    return Settings() if found is None else Settings(bool(found.may_publish), bool(found.receives))


def _set(conn: Connection, org_id: int, **values: bool) -> None:
    done = conn.execute(update(commons_settings).where(commons_settings.c.org_id == org_id).values(**values))
    if done.rowcount == 0:
        conn.execute(insert(commons_settings).values(org_id=org_id, **{**Settings().__dict__, **values}))


def set_consent(engine: Engine, org: str, on: bool, actor_id: int | None = None) -> None:
    """The organisation agrees (or no longer agrees) that its laptops publish lessons to the commons.

    Withdrawing consent stops new publishing; lessons already published stay, under the open licence
    they were given (their organisation may still unpublish them)."""
    with writing(engine) as conn:
        org_id = org_id_named(conn, org)
        _set(conn, org_id, may_publish=on)
        audit(conn, actor_id, "commons consent given" if on else "commons consent withdrawn", "", org_id)


def set_receiving(engine: Engine, org: str, on: bool, actor_id: int | None = None) -> None:
    """Whether the organisation's laptops receive the commons' catalogue and usage."""
    with writing(engine) as conn:
        org_id = org_id_named(conn, org)
        _set(conn, org_id, receives=on)
        audit(conn, actor_id, "commons received" if on else "commons not received", "", org_id)


# Publishing ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """A lesson as a laptop (or an import) asks to publish it."""

    lesson_id: str  # the laptop's lesson id (or an imported lesson's own key)
    title: str
    level: str
    language: str
    minutes: int
    tags: Sequence[str]
    text: str
    licence: str
    authors: Sequence[str]
    source_version_id: str | None = None
    parent_version_id: str | None = None


@dataclass(frozen=True)
class Published:
    commons_lesson_id: str
    version_id: str
    number: int
    new: bool  # False: the same version was published before (a retry), nothing was added


def _lock(conn: Connection) -> None:
    """Serialise the commons' writers until commit, so a seq is never committed after a higher one.

    SQLite: ``writing`` began the transaction IMMEDIATE, which is the lock already."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})")


def _next_seq(conn: Connection) -> int:
    highest = conn.execute(
        select(
            func.coalesce(select(func.max(commons_versions.c.seq)).scalar_subquery(), 0),
            func.coalesce(select(func.max(commons_lessons.c.seq)).scalar_subquery(), 0),
        )
    ).one()
    return max(highest) + 1


def _authors(authors: Sequence[str]) -> list[str]:
    return [" ".join(a.split()) for a in authors if a.strip()]


def _check(conn: Connection, draft: Draft) -> None:
    """Refuse, in plain words, what may not be published: an unknown licence, no authors, a remix of a
    share-alike lesson under another licence, an ancestor the commons does not hold, a text that is not a lesson."""
    ancestors = [v for v in (draft.source_version_id, draft.parent_version_id) if v]
    found = {
        r.id: r.licence
        for r in conn.execute(
            select(commons_versions.c.id, commons_versions.c.licence).where(commons_versions.c.id.in_(ancestors))
        )
    }
    missing = [v for v in ancestors if v not in found]
    if missing:
        raise CommonsInvalid(f"The lesson this one was taken from ({missing[0]}) is not in the commons of this hub.")
    problem = licences.publish_problem(draft.licence, draft.authors, found.values())
    if problem:
        raise CommonsInvalid(problem)
    if not draft.title.strip():
        raise CommonsInvalid("A lesson needs a title to be published.")
    try:
        check_text(draft.text)
    except LessonError as exc:
        raise CommonsInvalid(f"The lesson's text cannot be read: {exc.sentence}") from None


def publish(conn: Connection, org_id: int, draft: Draft, *, consent_needed: bool = True) -> Published:
    """Publish ``draft`` as the next version of its commons lesson (made on first publishing), in the
    caller's write transaction. The same version sent again (a retry) is answered with the one stored."""
    if consent_needed and not settings_of(conn, org_id).may_publish:
        raise CommonsRefused(
            "Your organisation has not agreed to share lessons in the commons. An organisation admin "
            "can agree to it on the hub; until then lessons stay in your organisation."
        )
    _check(conn, draft)
    _lock(conn)
    lesson = conn.execute(
        select(commons_lessons.c.id, commons_lessons.c.unpublished_at).where(
            commons_lessons.c.org_id == org_id, commons_lessons.c.laptop_lesson_id == draft.lesson_id
        )
    ).first()
    now = utcnow()
    authors = _authors(draft.authors)
    tags = [t.strip() for t in draft.tags if t.strip()]
    if lesson is None:
        lesson_id = str(uuid.uuid4())
        conn.execute(
            insert(commons_lessons).values(
                id=lesson_id, org_id=org_id, laptop_lesson_id=draft.lesson_id, created_at=now, unpublished_at=None
            )
        )
        number = 1
    else:
        lesson_id = lesson.id
        latest = conn.execute(
            select(commons_versions)
            .where(commons_versions.c.commons_lesson_id == lesson_id)
            .order_by(commons_versions.c.number.desc())
            .limit(1)
        ).first()
        if lesson.unpublished_at is None and latest is not None and _same(latest, draft, authors, tags):
            return Published(lesson_id, latest.id, latest.number, new=False)
        if lesson.unpublished_at is not None:  # published again: back in the catalogue
            conn.execute(update(commons_lessons).where(commons_lessons.c.id == lesson_id).values(unpublished_at=None))
        number = (latest.number if latest is not None else 0) + 1
    organisation = conn.execute(select(organisations.c.name).where(organisations.c.id == org_id)).scalar_one()
    version_id = str(uuid.uuid4())
    conn.execute(
        insert(commons_versions).values(
            id=version_id,
            commons_lesson_id=lesson_id,
            number=number,
            seq=_next_seq(conn),
            title=draft.title.strip(),
            level=draft.level,
            language=draft.language,
            minutes=draft.minutes,
            tags=orjson.dumps(tags).decode(),
            text=draft.text,
            licence=draft.licence,
            authors=orjson.dumps(authors).decode(),
            organisation_name=organisation,
            source_version_id=draft.source_version_id,
            parent_version_id=draft.parent_version_id,
            published_at=now,
        )
    )
    return Published(lesson_id, version_id, number, new=True)


def _same(stored: Any, draft: Draft, authors: list[str], tags: list[str]) -> bool:
    return (
        stored.text == draft.text
        and stored.title == draft.title.strip()
        and stored.level == draft.level
        and stored.language == draft.language
        and stored.minutes == draft.minutes
        and orjson.loads(stored.tags) == tags
        and stored.licence == draft.licence
        and orjson.loads(stored.authors) == authors
        and stored.source_version_id == draft.source_version_id
        and stored.parent_version_id == draft.parent_version_id
    )


def unpublish(conn: Connection, org_id: int, commons_lesson_id: str) -> None:
    """Take one of the organisation's lessons out of the catalogue (another's, or none: CommonsNotFound).

    Laptops learn it at their next catalogue page; copies already taken keep working, with their credit."""
    _lock(conn)
    found = conn.execute(
        select(commons_lessons.c.unpublished_at).where(
            commons_lessons.c.id == commons_lesson_id, commons_lessons.c.org_id == org_id
        )
    ).first()
    if found is None:
        raise CommonsNotFound("Your organisation has no lesson in the commons with this id.")
    if found.unpublished_at is not None:
        return
    conn.execute(
        update(commons_lessons)
        .where(commons_lessons.c.id == commons_lesson_id)
        .values(unpublished_at=utcnow(), seq=_next_seq(conn))
    )


# The catalogue ------------------------------------------------------------------------------------


def _page_query(after: int, limit: int) -> Any:
    """The next ``limit`` catalogue events after ``after``, in seq order: each published version of a lesson
    still in the commons, and each unpublishing. One statement, read along the two seq indexes."""
    v, lesson = commons_versions, commons_lessons
    versions = (
        select(
            v.c.seq,
            v.c.id,
            v.c.commons_lesson_id,
            v.c.number,
            v.c.title,
            v.c.level,
            v.c.language,
            v.c.minutes,
            v.c.tags,
            v.c.licence,
            v.c.authors,
            v.c.organisation_name,
            v.c.source_version_id,
            v.c.parent_version_id,
            v.c.published_at,
            v.c.text,
        )
        .select_from(v.join(lesson, lesson.c.id == v.c.commons_lesson_id))
        .where(v.c.seq > after, lesson.c.unpublished_at.is_(None))
    )
    # Typed nulls: PostgreSQL takes an untyped null in a subquery as text, which no other type unites with.
    removed = select(
        lesson.c.seq,
        null().cast(v.c.id.type).label("id"),
        lesson.c.id.label("commons_lesson_id"),
        *(null().cast(c.type).label(c.name) for c in list(versions.selected_columns)[3:]),
    ).where(lesson.c.seq > after, lesson.c.unpublished_at.is_not(None))
    # Each side read along its own index and cut at the page, so a page never sorts what lies beyond it.
    first = versions.order_by(v.c.seq).limit(limit + 1).subquery("versions")
    second = removed.order_by(lesson.c.seq).limit(limit + 1).subquery("removed")
    both = union_all(select(first), select(second)).subquery("events")
    return select(both).order_by(both.c.seq).limit(limit + 1)


def catalogue_page(conn: Connection, org_id: int, after: int, limit: int = DEFAULT_PAGE) -> dict[str, Any]:
    """A page of the catalogue for a laptop of ``org_id``: ``entries`` (versions), ``removed`` (lessons
    unpublished), ``last_seq`` (the cursor to ask from next) and ``more``. An organisation that chose
    not to receive the commons gets an empty page and its cursor back unchanged."""
    empty = {"entries": [], "removed": [], "last_seq": after, "more": False}
    if not settings_of(conn, org_id).receives:
        return empty
    found = conn.execute(_page_query(after, limit)).all()
    entries: list[dict[str, Any]] = []
    removed: list[str] = []
    last_seq, size, more = after, 0, len(found) > limit
    for row in found[:limit]:
        if row[1] is None:
            removed.append(row.commons_lesson_id)
        else:
            if entries and size + len(row.text) > PAGE_BYTES:
                more = True
                break
            size += len(row.text)
            entries.append(_entry(row))
        last_seq = row.seq
    return {"entries": entries, "removed": removed, "last_seq": last_seq, "more": more}


def _entry(row: Any) -> dict[str, Any]:
    return {
        "version_id": row.id,
        "commons_lesson_id": row.commons_lesson_id,
        "number": row.number,
        "seq": row.seq,
        "title": row.title,
        "level": row.level,
        "language": row.language,
        "minutes": row.minutes,
        "tags": orjson.loads(row.tags),
        "licence": row.licence,
        "authors": orjson.loads(row.authors),
        "organisation": row.organisation_name,
        "source_version_id": row.source_version_id,
        "parent_version_id": row.parent_version_id,
        "published_at": row.published_at.isoformat(),
        "text": row.text,
    }


# Usage ---------------------------------------------------------------------------------------------


def _usage_rows(conn: Connection) -> list[Any]:
    """Per commons lesson still published: sessions held with a lesson descending from it, the organisations
    that held them, and their exit cards' count and mean rating. Only these aggregates leave the query."""
    from hub.projection import PROJECTED

    lesson, v = commons_lessons, commons_versions
    lineage, s, si, ec = (PROJECTED[n] for n in ("lesson_lineage", "sessions", "sign_ins", "exit_cards"))
    # The laptop lessons that descend from each commons lesson: the one it was published from, and every
    # lesson whose lineage names one of its versions as source or parent.
    descends = union(
        select(lesson.c.id.label("cid"), lesson.c.org_id, lesson.c.laptop_lesson_id.label("lesson_id")),
        select(v.c.commons_lesson_id, lineage.c.org_id, lineage.c.id)
        .select_from(lineage.join(v, or_(v.c.id == lineage.c.source_version_id, v.c.id == lineage.c.parent_version_id)))
        .where(lineage.c.deleted.is_(False)),
    ).subquery("descends")
    signed = (
        select(si.c.session_id)
        .where(si.c.org_id == s.c.org_id, si.c.session_id == s.c.id, si.c.voided.is_(False), si.c.deleted.is_(False))
        .exists()
    )
    # The same definition of a session held as the reports' (desktop.reports.definitions.held_sessions),
    # within the session's own organisation.
    used = (
        select(descends.c.cid, s.c.org_id, s.c.id.label("session_id"))
        .select_from(
            descends.join(
                s,
                and_(
                    s.c.org_id == descends.c.org_id,
                    cast(s.c.lesson_ids, String).like(literal('%"') + descends.c.lesson_id + literal('"%')),
                ),
            )
        )
        .where(s.c.deleted.is_(False), or_(signed, s.c.headcount_estimate.is_not(None)))
        .distinct()
        .subquery("used")
    )
    held = (
        select(
            used.c.cid,
            func.count().label("sessions"),
            func.count(func.distinct(used.c.org_id)).label("organisations"),
        )
        .group_by(used.c.cid)
        .subquery("held")
    )
    cards = (
        select(
            used.c.cid,
            func.count(ec.c.id).label("cards"),
            func.count(func.distinct(used.c.session_id)).label("rated_sessions"),
            func.avg(ec.c.rating).label("rating"),
        )
        .select_from(used.join(ec, and_(ec.c.org_id == used.c.org_id, ec.c.session_id == used.c.session_id)))
        .where(ec.c.deleted.is_(False))
        .group_by(used.c.cid)
        .subquery("cards")
    )
    return list(
        conn.execute(
            select(
                lesson.c.id,
                held.c.sessions,
                held.c.organisations,
                cards.c.cards,
                cards.c.rated_sessions,
                cards.c.rating,
            )
            .select_from(lesson.outerjoin(held, held.c.cid == lesson.c.id).outerjoin(cards, cards.c.cid == lesson.c.id))
            .where(lesson.c.unpublished_at.is_(None))
            .order_by(lesson.c.id)
        )
    )


def usage(conn: Connection) -> dict[str, dict[str, Any]]:
    """``{commons_lesson_id: {sessions, organisations, rating}}`` for every published lesson; ``rating`` is the
    mean exit-card rating (1 to 3) only when at least ``MIN_CARDS`` cards from at least ``MIN_RATED_SESSIONS``
    sessions exist, else None."""
    return {
        row.id: {
            "sessions": int(row.sessions or 0),
            "organisations": int(row.organisations or 0),
            "rating": round(float(row.rating), 2)
            if row.rating is not None
            and (row.cards or 0) >= MIN_CARDS
            and (row.rated_sessions or 0) >= MIN_RATED_SESSIONS
            else None,
        }
        for row in _usage_rows(conn)
    }


def _fingerprint(conn: Connection) -> tuple[int, int, int, int]:
    """Changes whenever usage may: any organisation's push or the commons. A push moves ``last_seq`` when
    it claims its numbers, before it writes (see hub.merge), and deletes its claim when it commits: so
    the open claims are counted too, or usage read in between would be kept past the commit."""
    return tuple(  # type: ignore[return-value]
        int(x or 0)
        for x in conn.execute(
            select(
                select(func.sum(organisations.c.last_seq)).scalar_subquery(),
                select(func.count()).select_from(seq_claims).scalar_subquery(),
                select(func.max(commons_versions.c.seq)).scalar_subquery(),
                select(func.max(commons_lessons.c.seq)).scalar_subquery(),
            )
        ).one()
    )


_EMPTY_USAGE = orjson.dumps({"lessons": {}})
# By engine: the fingerprint the body was worked out at, the body and its ETag.
_usage_cache: weakref.WeakKeyDictionary[Engine, tuple[tuple[int, int, int, int], bytes, str]] = (
    weakref.WeakKeyDictionary()
)
_usage_lock = threading.Lock()


def usage_body(engine: Engine, org_id: int) -> tuple[bytes, str]:
    """The usage answer (JSON bytes) for a laptop of ``org_id`` and its ETag. Worked out again only when
    something it depends on changed since this process last did (the same for every organisation that receives)."""
    with reading(engine) as conn:
        if not settings_of(conn, org_id).receives:
            return _EMPTY_USAGE, _etag(_EMPTY_USAGE)
        mark = _fingerprint(conn)
        with _usage_lock:
            kept = _usage_cache.get(engine)
        if kept is not None and kept[0] == mark:
            return kept[1], kept[2]
        body = orjson.dumps({"lessons": usage(conn)}, option=orjson.OPT_SORT_KEYS)
    etag = _etag(body)
    with _usage_lock:
        _usage_cache[engine] = (mark, body, etag)
    return body, etag


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
