"""What the commons' web pages show: published lessons, each with its versions, credit, lineage and remixes.

Only what the commons already shares crosses here: published versions (title, text, licence, authors,
the publishing organisation's name) and the usage aggregates of ``hub.commons.usage``. A lesson its
organisation unpublished is not listed and its page is not found; a remix of it still credits it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Connection, and_, func, or_, select

from desktop.commons.licences import Credit, credit_line, is_known
from hub.commons import usage
from hub.commons_store import commons_lessons, commons_versions
from hub.scope import NotFound

PAGE_SIZE = 50


@dataclass(frozen=True)
class Version:
    id: str
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
    source_version_id: str | None
    parent_version_id: str | None
    published_at: datetime
    published: bool  # its lesson is still in the commons

    @property
    def credit(self) -> Credit:
        return Credit.of(self.title, self.authors, self.organisation, self.licence)


@dataclass(frozen=True)
class Usage:
    sessions: int = 0
    organisations: int = 0
    rating: float | None = None  # the mean exit-card rating (1 to 3), only over at least 5 cards


@dataclass(frozen=True)
class Listed:
    latest: Version
    usage: Usage


@dataclass(frozen=True)
class Found:
    lessons: list[Listed]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class LessonPage:
    latest: Version
    versions: list[Version]  # newest first
    usage: Usage
    credit: str  # the credit line of the newest version, naming its parent and original
    parent: Version | None  # the version it was remixed from (None for an original)
    source: Version | None  # the original its line starts from (None when it is the parent, or an original)
    remixes: list[Version] = field(default_factory=list)  # the newest version of each lesson remixed from it


_COLUMNS = (
    commons_versions.c.id,
    commons_versions.c.commons_lesson_id,
    commons_versions.c.number,
    commons_versions.c.title,
    commons_versions.c.level,
    commons_versions.c.language,
    commons_versions.c.minutes,
    commons_versions.c.tags,
    commons_versions.c.licence,
    commons_versions.c.authors,
    commons_versions.c.organisation_name,
    commons_versions.c.source_version_id,
    commons_versions.c.parent_version_id,
    commons_versions.c.published_at,
    commons_lessons.c.unpublished_at,
)


def _version(row: Any) -> Version:
    return Version(
        id=row.id,
        commons_lesson_id=row.commons_lesson_id,
        number=row.number,
        title=row.title,
        level=row.level,
        language=row.language,
        minutes=row.minutes,
        tags=tuple(orjson.loads(row.tags or "[]")),
        licence=row.licence,
        authors=tuple(orjson.loads(row.authors or "[]")),
        organisation=row.organisation_name,
        source_version_id=row.source_version_id,
        parent_version_id=row.parent_version_id,
        published_at=row.published_at,
        published=row.unpublished_at is None,
    )


def _joined() -> Any:
    return commons_versions.join(commons_lessons, commons_lessons.c.id == commons_versions.c.commons_lesson_id)


def _newest_numbers() -> Any:
    return (
        select(commons_versions.c.commons_lesson_id, func.max(commons_versions.c.number).label("number"))
        .group_by(commons_versions.c.commons_lesson_id)
        .subquery("newest")
    )


def _usage_of(found: dict[str, Any], lesson_id: str) -> Usage:
    item = found.get(lesson_id)
    return Usage(int(item["sessions"]), int(item["organisations"]), item["rating"]) if item else Usage()


def find_lessons(conn: Connection, words: str = "", language: str = "", page: int = 1) -> Found:
    """The published lessons (their newest versions) whose title, topics, authors or organisation hold
    ``words``, in ``language`` if given, newest first, a page of PAGE_SIZE at a time."""
    newest = _newest_numbers()
    query = (
        select(*_COLUMNS)
        .select_from(_joined())
        .join(
            newest,
            and_(
                newest.c.commons_lesson_id == commons_versions.c.commons_lesson_id,
                newest.c.number == commons_versions.c.number,
            ),
        )
        .where(commons_lessons.c.unpublished_at.is_(None))
    )
    for word in words.split():
        # A word is looked for as it is: "%" and "_" in it are letters, not wildcards.
        pattern = "%" + word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                *(
                    func.lower(column).like(pattern, escape="\\")
                    for column in (
                        commons_versions.c.title,
                        commons_versions.c.tags,
                        commons_versions.c.authors,
                        commons_versions.c.organisation_name,
                    )
                )
            )
        )
    if language:
        query = query.where(commons_versions.c.language == language)
    total = conn.execute(select(func.count()).select_from(query.subquery())).scalar() or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = conn.execute(
        query.order_by(commons_versions.c.seq.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    used = usage(conn) if rows else {}
    listed = [Listed(v, _usage_of(used, v.commons_lesson_id)) for v in map(_version, rows)]
    return Found(listed, total, page, pages)


def languages(conn: Connection) -> list[str]:
    """The languages published lessons are in, for the search's choice."""
    rows = conn.execute(
        select(commons_versions.c.language)
        .select_from(_joined())
        .where(commons_lessons.c.unpublished_at.is_(None))
        .distinct()
        .order_by(commons_versions.c.language)
    )
    return [lang for (lang,) in rows if lang]


def _versions_by_id(conn: Connection, ids: Iterable[str | None]) -> dict[str, Version]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = conn.execute(select(*_COLUMNS).select_from(_joined()).where(commons_versions.c.id.in_(wanted)))
    return {v.id: v for v in map(_version, rows)}


def lesson_page(conn: Connection, commons_lesson_id: str) -> LessonPage:
    """A published lesson's page; NotFound for a lesson that is not (or no longer) in the commons."""
    rows = conn.execute(
        select(*_COLUMNS)
        .select_from(_joined())
        .where(commons_versions.c.commons_lesson_id == commons_lesson_id)
        .order_by(commons_versions.c.number.desc())
    ).all()
    versions = [_version(row) for row in rows]
    if not versions or not versions[0].published:
        raise NotFound
    latest = versions[0]
    lineage = _versions_by_id(conn, (latest.parent_version_id, latest.source_version_id))
    parent = lineage.get(latest.parent_version_id or "")
    source = lineage.get(latest.source_version_id or "")
    if source is not None and parent is not None and source.id == parent.id:
        source = None
    ids = [v.id for v in versions]
    remixed = conn.execute(
        select(*_COLUMNS)
        .select_from(_joined())
        .where(
            commons_lessons.c.unpublished_at.is_(None),
            commons_versions.c.commons_lesson_id != commons_lesson_id,
            or_(commons_versions.c.parent_version_id.in_(ids), commons_versions.c.source_version_id.in_(ids)),
        )
        .order_by(commons_versions.c.seq.desc())
    ).all()
    remixes: dict[str, Version] = {}
    for version in map(_version, remixed):
        remixes.setdefault(version.commons_lesson_id, version)  # the newest version of each remix
    credit = credit_line(
        latest.credit,
        parent=parent.credit if parent is not None and is_known(parent.licence) else None,
        source=source.credit if source is not None and is_known(source.licence) else None,
    )
    return LessonPage(
        latest=latest,
        versions=versions,
        usage=_usage_of(usage(conn), commons_lesson_id),
        credit=credit,
        parent=parent,
        source=source,
        remixes=list(remixes.values()),
    )


def version_text(conn: Connection, commons_lesson_id: str, number: int) -> tuple[str, str]:
    """(title, Markdown text) of a published lesson's version; NotFound otherwise."""
    row = conn.execute(
        select(commons_versions.c.title, commons_versions.c.text)
        .select_from(_joined())
        .where(
            commons_versions.c.commons_lesson_id == commons_lesson_id,
            commons_versions.c.number == number,
            commons_lessons.c.unpublished_at.is_(None),
        )
    ).first()
    if row is None:
        raise NotFound
    return row.title, row.text
