"""Taking a lesson from the commons into this organisation's library: as it is, or to remix.

Either way the copy is a lesson of the library like any other, with a ``lesson_lineage`` row (synced,
so every laptop of the organisation and the hub know it): its source, the original commons version
it descends from, and its parent, the commons version it was copied from, each with the title,
licence, authors and organisation it was published with. A copy of a version that is itself a remix
keeps that version's original as its source; a first-generation copy has source = parent. A remix of
a copy made here (``carry_lineage``) keeps the copy's source, and its parent stays the commons
version the copy came from.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.lessons import library
from desktop.lessons.parse import parse_text
from desktop.lessons.write import write_text
from desktop.models.base import utcnow
from desktop.models.entities import Lesson, LessonLineage
from desktop.models.local import CommonsEntry, CommonsRemoved


class TakeError(Exception):
    """The commons version cannot be taken; ``str()`` says why in plain words."""


def _available(session: Session, version_id: str) -> CommonsEntry:
    entry = session.get(CommonsEntry, version_id)
    if entry is None or session.get(CommonsRemoved, entry.commons_lesson_id) is not None:
        raise TakeError(_("This lesson is no longer in the commons."))
    return entry


def take(session: Session, version_id: str, *, remix: bool = False) -> Lesson:
    """A copy of the commons version ``version_id`` in the library, with its lineage.

    ``remix``: the copy is to be changed (its title says it is a remix, as a library remix's does);
    otherwise it is used as it is."""
    entry = _available(session, version_id)
    text = entry.text
    note = _("Taken from the commons: version {n} of “{title}”").format(n=entry.number, title=entry.title)
    if remix:
        doc = parse_text(text, entry.title)
        doc.meta.title = _("{title} (remix)").format(title=doc.meta.title)
        text = write_text(doc)
        note = _("Remixed from the commons: version {n} of “{title}”").format(n=entry.number, title=entry.title)
    lesson = library.create_lesson(session, text, note=note, slug_hint=entry.title)
    session.add(lineage_of(session, lesson.id, entry))
    session.flush()
    return lesson


def lineage_of(session: Session, lesson_id: str, parent: CommonsEntry) -> LessonLineage:
    """The lineage of a lesson copied from ``parent``: its source is the parent's source (the original of
    a remix), or the parent itself when it is an original."""
    source = parent
    if parent.source_version_id and parent.source_version_id != parent.version_id:
        source = session.get(CommonsEntry, parent.source_version_id) or _unknown(parent.source_version_id)
    return LessonLineage(
        id=lesson_id,
        source_version_id=source.version_id,
        source_title=source.title,
        source_licence=source.licence,
        source_authors=list(source.authors or []),
        source_organisation=source.organisation,
        parent_version_id=parent.version_id,
        parent_title=parent.title,
        parent_licence=parent.licence,
        parent_authors=list(parent.authors or []),
        parent_organisation=parent.organisation,
        taken_at=utcnow(),
        taken_version_number=parent.number,
    )


def _unknown(version_id: str) -> CommonsEntry:
    """An original no longer in the catalogue (unpublished): its id is kept, its details are not known here."""
    return CommonsEntry(
        version_id=version_id, title="", licence="", authors=[], organisation="", commons_lesson_id="", number=0
    )


def carry_lineage(session: Session, original_id: str, copy_id: str) -> LessonLineage | None:
    """A remix made here of a lesson that came from the commons keeps its source, and its parent is the
    commons version it came from. Nothing for a lesson with no lineage."""
    row = session.get(LessonLineage, original_id)
    if row is None or row.deleted or not row.parent_version_id:
        return None
    copy = LessonLineage(
        id=copy_id,
        source_version_id=row.source_version_id,
        source_title=row.source_title,
        source_licence=row.source_licence,
        source_authors=list(row.source_authors or []),
        source_organisation=row.source_organisation,
        parent_version_id=row.parent_version_id,
        parent_title=row.parent_title,
        parent_licence=row.parent_licence,
        parent_authors=list(row.parent_authors or []),
        parent_organisation=row.parent_organisation,
        taken_at=row.taken_at,
        taken_version_number=row.taken_version_number,
    )
    session.add(copy)
    session.flush()
    return copy


def lineage(session: Session, lesson_id: str) -> LessonLineage | None:
    row = session.get(LessonLineage, lesson_id)
    return None if row is None or row.deleted else row
