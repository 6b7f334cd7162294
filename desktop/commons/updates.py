"""Updates from the commons: offered with a readable diff, never applied over a host's own edits.

A lesson taken from the commons keeps its lineage (``lesson_lineage``): the commons version it was
taken from (its parent) and that version's number. When the local catalogue (``commons_entries``)
holds a newer version of the same commons lesson, an update is available. Taking it is the host's
choice, and is a new version of the lesson (its history keeps what was there). A lesson changed here
since it was taken is offered three answers: keep mine (nothing changes; the offer stays, quietly,
until the host takes an update), take theirs, or see both (the update added as a lesson of its own
beside mine, to compare and combine by hand).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.commons.licences import lineage_credit_line
from desktop.commons.take import lineage_of, take
from desktop.i18n import _, ngettext
from desktop.lessons import library
from desktop.models.entities import Lesson, LessonLineage
from desktop.models.local import CommonsEntry, CommonsRemoved


@dataclass(frozen=True)
class UpdateOffer:
    """A newer commons version of the lesson a local lesson was taken from."""

    lesson_id: str
    lesson_title: str
    taken_number: int
    version_id: str
    number: int
    title: str
    organisation: str
    mine: str  # the lesson's text here
    theirs: str  # the newer version's text
    edited_here: bool  # the lesson was changed here since it was taken


def _normal(text: str) -> str:
    return library.normalise(text).strip()


def _newest_versions(session: Session, commons_lesson_ids: set[str]) -> dict[str, CommonsEntry]:
    if not commons_lesson_ids:
        return {}
    removed = set(
        session.scalars(
            select(CommonsRemoved.commons_lesson_id).where(CommonsRemoved.commons_lesson_id.in_(commons_lesson_ids))
        )
    )
    newest: dict[str, CommonsEntry] = {}
    rows = session.scalars(select(CommonsEntry).where(CommonsEntry.commons_lesson_id.in_(commons_lesson_ids - removed)))
    for entry in rows:
        kept = newest.get(entry.commons_lesson_id)
        if kept is None or entry.number > kept.number:
            newest[entry.commons_lesson_id] = entry
    return newest


def _offers(session: Session, lineages: list[LessonLineage]) -> dict[str, UpdateOffer]:
    lineages = [row for row in lineages if row.parent_version_id and not row.deleted]
    if not lineages:
        return {}
    parent_ids = {row.parent_version_id for row in lineages if row.parent_version_id}
    parents = {
        e.version_id: e for e in session.scalars(select(CommonsEntry).where(CommonsEntry.version_id.in_(parent_ids)))
    }
    newest = _newest_versions(session, {e.commons_lesson_id for e in parents.values()})
    offers: dict[str, UpdateOffer] = {}
    for row in lineages:
        parent = parents.get(row.parent_version_id or "")
        if parent is None:  # the version taken is no longer in the catalogue: nothing to compare with
            continue
        taken = row.taken_version_number if row.taken_version_number is not None else parent.number
        latest = newest.get(parent.commons_lesson_id)
        if latest is None or latest.number <= taken:
            continue
        lesson = session.get(Lesson, row.id)
        if lesson is None or lesson.deleted or lesson.trashed_at is not None:
            continue
        offers[row.id] = UpdateOffer(
            lesson_id=lesson.id,
            lesson_title=lesson.title,
            taken_number=taken,
            version_id=latest.version_id,
            number=latest.number,
            title=latest.title,
            organisation=latest.organisation,
            mine=lesson.text,
            theirs=latest.text,
            edited_here=_normal(lesson.text) != _normal(parent.text),
        )
    return offers


def update_for(session: Session, lesson_id: str) -> UpdateOffer | None:
    """The update available for this lesson, if its commons original has a newer version here; else None."""
    row = session.get(LessonLineage, lesson_id)
    return _offers(session, [row]).get(lesson_id) if row is not None else None


def lessons_with_updates(session: Session) -> dict[str, UpdateOffer]:
    """Every lesson of the library with an update available, by lesson id (one pass, for the lists)."""
    return _offers(
        session, list(session.scalars(select(LessonLineage).where(LessonLineage.parent_version_id.is_not(None))))
    )


def edited_since_taken(session: Session, lesson_id: str) -> bool:
    """The lesson's text is no longer the commons version it was taken from (True when that cannot be told)."""
    row = session.get(LessonLineage, lesson_id)
    lesson = session.get(Lesson, lesson_id)
    if row is None or lesson is None or not row.parent_version_id:
        return False
    parent = session.get(CommonsEntry, row.parent_version_id)
    return parent is None or _normal(lesson.text) != _normal(parent.text)


def lesson_credit_line(session: Session, lesson_id: str) -> str | None:
    """The credit line the licences of a lesson taken from the commons ask for; None for a lesson of our own.

    In the current language: a handout calls it inside ``desktop.i18n.language(handout language)``.
    """
    row = session.get(LessonLineage, lesson_id)
    if row is None or row.deleted or not row.parent_version_id or not row.parent_licence:
        return None
    return lineage_credit_line(
        parent_title=row.parent_title,
        parent_authors=row.parent_authors or [],
        parent_organisation=row.parent_organisation,
        parent_licence=row.parent_licence,
        source_title=row.source_title if row.source_version_id and row.source_licence else None,
        source_authors=row.source_authors or [],
        source_organisation=row.source_organisation,
        source_licence=row.source_licence or None,
        adapted=edited_since_taken(session, lesson_id),
    )


# --- The readable diff ------------------------------------------------------------------------


class Change(StrEnum):
    SAME = "same"
    ADDED = "added"  # in the update, not in the lesson here
    REMOVED = "removed"  # in the lesson here, not in the update
    SKIPPED = "skipped"  # a run of unchanged lines left out; ``text`` says how many


@dataclass(frozen=True)
class DiffLine:
    change: Change
    text: str

    def mark(self) -> str:
        """The line's mark in plain words ("added", "removed"), empty for lines the same."""
        if self.change is Change.ADDED:
            return _("added")
        if self.change is Change.REMOVED:
            return _("removed")
        return ""


def readable_diff(mine: str, theirs: str, context: int = 2) -> list[DiffLine]:
    """What taking ``theirs`` would change in ``mine``, line by line: removed and added lines with
    ``context`` unchanged lines around each change; longer unchanged runs say how many lines they hold."""
    old = library.normalise(mine).splitlines()
    new = library.normalise(theirs).splitlines()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    out: list[DiffLine] = []
    shown_to = 0  # the first line of ``old`` not yet accounted for
    for group in matcher.get_grouped_opcodes(context):
        first = group[0][1]
        if first > shown_to:
            out.append(_skipped(first - shown_to))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(DiffLine(Change.SAME, line) for line in old[i1:i2])
                continue
            out.extend(DiffLine(Change.REMOVED, line) for line in old[i1:i2])
            out.extend(DiffLine(Change.ADDED, line) for line in new[j1:j2])
        shown_to = group[-1][2]
    if out and shown_to < len(old):
        out.append(_skipped(len(old) - shown_to))
    return out


def _skipped(n: int) -> DiffLine:
    return DiffLine(Change.SKIPPED, ngettext("… {n} line the same …", "… {n} lines the same …", n).format(n=n))


def diff_summary(lines: list[DiffLine]) -> str:
    """ "3 lines added, 1 line removed" — or that nothing differs."""
    added = sum(1 for line in lines if line.change is Change.ADDED)
    removed = sum(1 for line in lines if line.change is Change.REMOVED)
    if not added and not removed:
        return _("The update's text is the same as the lesson here.")
    parts = []
    if added:
        parts.append(ngettext("{n} line added", "{n} lines added", added).format(n=added))
    if removed:
        parts.append(ngettext("{n} line removed", "{n} lines removed", removed).format(n=removed))
    return ", ".join(parts)


# --- The host's answers -----------------------------------------------------------------------


def take_update(session: Session, lesson_id: str, version_id: str) -> Lesson:
    """The lesson's text replaced by the commons version, as a new version of the lesson (the host chose it).

    Its lineage now names that version as its parent, and that version's original as its source, as a
    lesson taken from it afresh would (``desktop.commons.take.lineage_of``)."""
    row = _lineage(session, lesson_id)
    entry = _entry(session, version_id)
    note = _("Took version {n} of “{title}” from the commons").format(n=entry.number, title=entry.title)
    lesson = library.save_lesson(session, lesson_id, entry.text, note)
    fresh = lineage_of(session, lesson_id, entry)
    for name in _TAKEN_FIELDS:
        setattr(row, name, getattr(fresh, name))
    session.flush()
    return lesson


# What taking a commons version sets on a lineage; ``published_version_id`` (what the lesson became) stays.
_TAKEN_FIELDS = (
    "source_version_id",
    "source_title",
    "source_licence",
    "source_authors",
    "source_organisation",
    "parent_version_id",
    "parent_title",
    "parent_licence",
    "parent_authors",
    "parent_organisation",
    "taken_at",
    "taken_version_number",
)


def see_both(session: Session, lesson_id: str, version_id: str) -> Lesson:
    """The update added as a lesson of its own beside this one (which stays as it is), with its own lineage,
    as "Use this lesson" takes it. The host compares the two and carries over what they want."""
    _lineage(session, lesson_id)
    _entry(session, version_id)
    return take(session, version_id)


class UpdateError(Exception):
    """The lesson or the commons version is not here (any more)."""


def _lineage(session: Session, lesson_id: str) -> LessonLineage:
    row = session.get(LessonLineage, lesson_id)
    if row is None or row.deleted:
        raise UpdateError(_("This lesson did not come from the commons."))
    return row


def _entry(session: Session, version_id: str) -> CommonsEntry:
    entry = session.get(CommonsEntry, version_id)
    if entry is None or session.get(CommonsRemoved, entry.commons_lesson_id) is not None:
        raise UpdateError(_("That version is no longer in the commons on this laptop."))
    return entry
