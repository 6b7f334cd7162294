"""The lesson library on this laptop: import, search, save as versions, remix, trash, export.

Every function takes a SQLAlchemy session and leaves committing to the caller
(``Database.transaction()`` or the UI's ``db_runner``). Files are read and
parsed before anything is added: a file that cannot be read adds nothing and is
reported with its reason, while the good files beside it are imported.
Lessons are never removed outright: the trash sets ``trashed_at``, and sync
carries that like any other change.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.i18n import N_, _, ngettext, translate_in
from desktop.lessons.document import LessonDoc, LessonMeta
from desktop.lessons.parse import (
    LESSON_SUFFIXES,
    LessonError,
    check_text,
    lesson_files,
    parse_text,
    read_lesson_text,
)
from desktop.lessons.write import write_text
from desktop.models import Lesson, LessonVersion, new_id, utcnow
from desktop.models.fast_insert import insert_new_batches
from desktop.text import fold

# Length filters offered to hosts: (key, lowest, highest) in minutes.
DURATIONS: tuple[tuple[str, int, int], ...] = (
    ("up_to_30", 0, 30),
    ("31_to_60", 31, 60),
    ("61_to_90", 61, 90),
    ("over_90", 91, 10_000),
)


# Starter lessons (the ones shipped with On-Ramp) get row ids made from the lesson itself, so two
# laptops that each add them make the same rows, and the hub merges them into one copy.
STARTER_NAMESPACE = uuid.UUID("3f6c2d4e-8a51-4b7e-9c0d-2e5f7a1b9c84")
# Their first version is dated by the lesson, not by the laptop's clock: every field of a starter
# row is the same on every laptop, so the hub's merge finds nothing to flag.
STARTER_RELEASED = datetime(2025, 1, 1)
STARTER_SOURCE_PREFIX = "lessons/"  # where they come from, the same wherever On-Ramp is installed


def starter_lesson_id(slug: str) -> str:
    """The row id of the starter lesson whose front matter ``id`` is ``slug``: one per organisation."""
    return str(uuid.uuid5(STARTER_NAMESPACE, f"starter:{slug}"))


def starter_version_id(slug: str, version: str) -> str:
    """The row id of a starter lesson's first version, as shipped in ``version`` of the lesson."""
    return str(uuid.uuid5(STARTER_NAMESPACE, f"starter:{slug}:{version}"))


class LibraryError(Exception):
    """Something a host asked for cannot be done; ``str()`` says why in their terms."""


@dataclass(frozen=True)
class LessonSummary:
    """What the list shows and filters on; plain data, safe to hand to the UI thread."""

    id: str
    slug: str
    title: str
    language: str
    level: str
    minutes: int
    offline: bool
    tags: tuple[str, ...]
    current_version: int
    remixed_from: str | None
    trashed: bool
    haystack: str = field(repr=False, default="")  # folded title, tags and text, for search


@dataclass(frozen=True)
class LessonDetail:
    summary: LessonSummary
    text: str
    doc: LessonDoc | None  # None if the stored text no longer parses
    problem: str = ""  # why it does not
    remixed_from_title: str = ""


@dataclass(frozen=True)
class VersionInfo:
    number: int
    created_at: datetime
    note: str
    text: str


@dataclass
class LessonFilter:
    query: str = ""
    level: str = ""  # "" for any
    language: str = ""
    duration: str = ""  # a DURATIONS key, "" for any
    offline_only: bool = False
    trash: bool = False  # show the trash instead of the library

    def matches(self, s: LessonSummary) -> bool:
        if self is _EVERYTHING:
            return True
        if s.trashed != self.trash:
            return False
        if self.level and s.level != self.level:
            return False
        if self.language and s.language != self.language:
            return False
        if self.offline_only and not s.offline:
            return False
        if self.duration:
            low, high = next((lo, hi) for key, lo, hi in DURATIONS if key == self.duration)
            if not low <= s.minutes <= high:
                return False
        return all(word in s.haystack for word in fold(self.query).split())


_EVERYTHING = LessonFilter()


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)  # lesson ids
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[LessonError] = field(default_factory=list)  # files that added nothing, each with its reason
    # Files imported all the same that the host may want to fix: (file name, "Line 16: …").
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def lesson_ids(self) -> list[str]:
        return [*self.added, *self.updated, *self.unchanged]

    @property
    def imported(self) -> int:
        """Files that are lessons in the library now: added, updated or already there."""
        return len(self.added) + len(self.updated) + len(self.unchanged) + len(self.skipped)

    def summary(self) -> str:
        """What a host reads first, such as "Imported 12 lessons; 2 files could not be read."
        (followed by "1 of them has something to check." when a file was read with a warning)."""
        text = self._counts()
        if self.warnings:
            files = len({name for name, _sentence in self.warnings})
            text += " " + ngettext(
                "{n} file has something to check.", "{n} files have something to check.", files
            ).format(n=files)
        return text

    def _counts(self) -> str:
        n, bad = self.imported, len(self.failed)
        if not bad:
            return ngettext("Imported {n} lesson.", "Imported {n} lessons.", n).format(n=n)
        if not n:
            return ngettext(
                "Nothing was imported: {n} file could not be read.",
                "Nothing was imported: {n} files could not be read.",
                bad,
            ).format(n=bad)
        imported = ngettext("Imported {n} lesson", "Imported {n} lessons", n).format(n=n)
        failed = ngettext("{n} file could not be read", "{n} files could not be read", bad).format(n=bad)
        return _("{imported}; {failed}.").format(imported=imported, failed=failed)

    def failure_lines(self) -> list[str]:
        """One line per file that could not be read: its name and the reason, in plain words."""
        return [_("{file} — {reason}").format(file=error.file_name, reason=error.sentence) for error in self.failed]

    def warning_lines(self) -> list[str]:
        """One line per warning about a file that was imported: its name and what to check."""
        return [_("{file} — {reason}").format(file=name, reason=sentence) for name, sentence in self.warnings]


# Reading ------------------------------------------------------------------------------


def summarize(lesson: Lesson) -> LessonSummary:
    return LessonSummary(
        id=lesson.id,
        slug=lesson.slug,
        title=lesson.title,
        language=lesson.language,
        level=lesson.level,
        minutes=lesson.minutes,
        offline=lesson.offline,
        tags=tuple(lesson.tags or ()),
        current_version=lesson.current_version,
        remixed_from=lesson.remixed_from,
        trashed=lesson.trashed_at is not None,
        haystack=fold(" ".join((lesson.title, " ".join(lesson.tags or ()), lesson.slug, lesson.text))),
    )


def list_lessons(session: Session, filt: LessonFilter | None = None) -> list[LessonSummary]:
    """Lessons matching ``filt`` (all in the library when None), by title."""
    lessons = session.scalars(select(Lesson).where(Lesson.deleted.is_(False))).all()
    found = [summarize(lesson) for lesson in lessons]
    found = [s for s in found if filt.matches(s)] if filt is not None else [s for s in found if not s.trashed]
    return sorted(found, key=lambda s: (fold(s.title).lstrip("¿¡\"'“(«"), s.slug))


def all_lessons(session: Session) -> list[LessonSummary]:
    """Every lesson, the trash included, by title: the Lessons page filters them as the host types."""
    return list_lessons(session, _EVERYTHING)


def find_lesson(session: Session, ref: str) -> Lesson | None:
    """A lesson by id, or by slug (preferring one not in the trash)."""
    lesson = session.get(Lesson, ref)
    if lesson is not None and not lesson.deleted:
        return lesson
    candidates = session.scalars(select(Lesson).where(Lesson.slug == ref, Lesson.deleted.is_(False))).all()
    candidates = sorted(candidates, key=lambda lesson: (lesson.trashed_at is not None, lesson.title))
    return candidates[0] if candidates else None


def get_lesson(session: Session, ref: str) -> Lesson:
    lesson = find_lesson(session, ref)
    if lesson is None:
        raise LibraryError(_("There is no lesson {ref} in the library.").format(ref=ref))
    return lesson


def load_doc(lesson: Lesson) -> LessonDoc:
    """The parsed lesson; raises LessonError if its text no longer parses."""
    return parse_text(lesson.text, lesson.slug)


def lesson_detail(session: Session, ref: str) -> LessonDetail:
    lesson = get_lesson(session, ref)
    try:
        doc, problem = load_doc(lesson), ""
    except LessonError as exc:
        doc, problem = None, exc.sentence  # "Line 3: …": the host is looking at this lesson already
    original = session.get(Lesson, lesson.remixed_from) if lesson.remixed_from else None
    return LessonDetail(summarize(lesson), lesson.text, doc, problem, original.title if original else "")


def history(session: Session, ref: str) -> list[VersionInfo]:
    """Every saved version of a lesson, newest first."""
    lesson = get_lesson(session, ref)
    rows = session.scalars(
        select(LessonVersion)
        .where(LessonVersion.lesson_id == lesson.id, LessonVersion.deleted.is_(False))
        .order_by(LessonVersion.number.desc(), LessonVersion.created_at.desc())
    ).all()
    return [VersionInfo(v.number, v.created_at, v.note, v.text) for v in rows]


# Writing ------------------------------------------------------------------------------


def normalise(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def create_lesson(
    session: Session,
    text: str,
    *,
    note: str = "",
    source_path: str = "",
    remixed_from: str | None = None,
    slug_hint: str = "",
) -> Lesson:
    """A new lesson from Markdown text (its first version). Raises LessonError if the text is not a lesson."""
    text = normalise(text)
    doc = parse_text(text, source_path or slug_hint)
    lesson = Lesson(
        slug=_unique_slug(session, doc.meta.id or slug_hint or doc.meta.title),
        remixed_from=remixed_from,
        source_path=source_path,
        current_version=0,
    )
    _apply(lesson, doc.meta, text)
    session.add(lesson)
    session.flush()
    _add_version(session, lesson, text, note or _("First version"))
    return lesson


def save_lesson(session: Session, ref: str, text: str, note: str = "") -> Lesson:
    """Save new text for a lesson as its next version (nothing happens if the text is unchanged)."""
    lesson = get_lesson(session, ref)
    text = normalise(text)
    doc = parse_text(text, lesson.slug)
    if text == lesson.text:
        return lesson
    _apply(lesson, doc.meta, text)
    _add_version(session, lesson, text, note)
    return lesson


def restore_version(session: Session, ref: str, number: int) -> Lesson:
    """Make an older version current again, as a new version: history is never rewritten."""
    lesson = get_lesson(session, ref)
    old = next((v for v in history(session, lesson.id) if v.number == number), None)
    if old is None:
        raise LibraryError(_("Version {n} of this lesson was not found.").format(n=number))
    if old.text == lesson.text:
        return lesson
    _apply(lesson, parse_text(old.text, lesson.slug).meta, old.text)
    _add_version(session, lesson, old.text, _("Restored version {n}").format(n=number))
    return lesson


def duplicate_lesson(session: Session, ref: str) -> Lesson:
    """A copy to change freely; it remembers the lesson it was remixed from."""
    original = get_lesson(session, ref)
    doc = parse_text(original.text, original.slug)
    doc.meta.title = _("{title} (remix)").format(title=doc.meta.title)
    doc.meta.id = _unique_slug(session, f"{original.slug}-remix")
    return create_lesson(
        session,
        write_text(doc),
        note=_("Remixed from “{title}”").format(title=original.title),
        remixed_from=original.id,
    )


def trash_lesson(session: Session, ref: str) -> Lesson:
    lesson = get_lesson(session, ref)
    if lesson.trashed_at is None:
        lesson.trashed_at = utcnow()
    return lesson


def restore_from_trash(session: Session, ref: str) -> Lesson:
    lesson = get_lesson(session, ref)
    lesson.trashed_at = None
    return lesson


def export_lesson(session: Session, ref: str, path: str | Path) -> Path:
    """Write the lesson's current text to a Markdown file."""
    lesson = get_lesson(session, ref)
    path = Path(path)
    if path.suffix.lower() not in LESSON_SUFFIXES:
        path = path.with_name(path.name + ".md")
    try:
        path.write_text(lesson.text if lesson.text.endswith("\n") else lesson.text + "\n", encoding="utf-8")
    except OSError as exc:
        raise LibraryError(_("Could not write {path}: {reason}").format(path=path, reason=exc.strerror or exc)) from exc
    return path


# Importing ------------------------------------------------------------------------------


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Lesson files named by ``paths``, each folder's in teaching order.

    A Carpentries lesson can be given by its own folder: its ``episodes/`` (or
    older ``_episodes/``) folder is used.
    """
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for sub in ("episodes", "_episodes"):
                if (path / sub).is_dir() and not any(
                    p.suffix.lower() in LESSON_SUFFIXES for p in path.iterdir() if p.is_file()
                ):
                    path = path / sub
                    break
            found = lesson_files(path)
            if not found:  # a folder of folders, such as lessons/en and lessons/es
                found = collect_files(sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")))
            out.extend(found)
        else:
            out.append(path)
    return out


def import_paths(
    session: Session, paths: Iterable[str | Path], *, on_existing: str = "version", shipped: Path | None = None
) -> ImportReport:
    """Import lesson files and folders: every file that is a lesson, each one whole.

    A file that cannot be read adds nothing; it is listed in the report's ``failed``
    with its reason, and the other files are imported all the same.

    A file imported again (same slug, same file) becomes a new version of its
    lesson when it changed (``on_existing="version"``) or is left alone
    (``"skip"``); anything else with a taken slug gets a slug of its own.

    ``shipped`` is the folder of lessons shipped with On-Ramp, when ``paths`` are
    its lessons: their rows are the same on every laptop (ids from the lesson's
    ``id`` and ``version``, a fixed date, a source path without the install folder).
    """
    files: dict[str, Path] = {}  # by absolute path: a file named twice (by itself, by its folder) counts once
    for path in collect_files(paths):
        files.setdefault(str(path.absolute()), path)
    if not files:
        raise LibraryError(_("No lesson files (.md) were found there."))
    checked: list[tuple[str, Path, str, LessonMeta]] = []
    report = ImportReport()
    for source, path in files.items():
        try:
            checked.append((source, path, *check_text(read_lesson_text(path), str(path))))
        except LessonError as exc:
            report.failed.append(exc)
            continue
        report.warnings.extend((path.name, warning) for warning in checked[-1][3].warnings)
    # One query for what is there; then updates through the ORM (they record changed fields),
    # and every new lesson and first version as one batch: importing a whole folder stays
    # close to the cost of reading its files.
    before = {
        slug: (lesson_id, src)
        for lesson_id, slug, src in session.execute(
            select(Lesson.id, Lesson.slug, Lesson.source_path).where(Lesson.deleted.is_(False))
        )
    }
    taken = set(before)
    again: list[tuple[str, Path, str, LessonMeta]] = []
    lessons: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    now = utcnow()
    imported_from = N_("Imported from {file}")
    # A starter lesson's row may be here under another slug, or deleted: never a second row with its id.
    present = (
        _present_ids(
            session,
            [starter_lesson_id(_slugify(meta.id or _slug_for_file(path))) for _source, path, _text, meta in checked],
        )
        if shipped
        else set()
    )
    for file_source, path, text, meta in checked:
        source = file_source
        slug = _slugify(meta.id or _slug_for_file(path))
        if slug in before and (on_existing == "skip" or before[slug][1] == source):
            if on_existing == "skip":
                report.skipped.append(before[slug][0])
            else:
                again.append((before[slug][0], path, text, meta))
            continue
        if shipped is not None:
            lesson_id = starter_lesson_id(slug)
            if lesson_id in present:
                report.skipped.append(lesson_id)
                continue
            version_id = starter_version_id(slug, meta.version)
            # The lesson's own language, not the laptop's: the note is the same on every laptop.
            note = translate_in(meta.language, imported_from).format(file=path.name)
            source, created_at = STARTER_SOURCE_PREFIX + path.relative_to(shipped).as_posix(), STARTER_RELEASED
        else:
            slug = _free_slug(slug, taken)
            lesson_id, version_id = new_id(), new_id()
            note, created_at = _(imported_from).format(file=path.name), now
        taken.add(slug)
        lessons.append(
            {"id": lesson_id, "slug": slug, "source_path": source, "current_version": 1, **_listed_values(meta, text)}
        )
        versions.append(
            {
                "id": version_id,
                "lesson_id": lesson_id,
                "number": 1,
                "text": text,
                "created_at": created_at,
                "note": note,
            }
        )
        report.added.append(lesson_id)
    _import_again(session, again, report)
    insert_new_batches(session, [(Lesson, lessons), (LessonVersion, versions)])
    return report


def _import_again(session: Session, files: list[tuple[str, Path, str, LessonMeta]], report: ImportReport) -> None:
    """Files imported before: a new version for each that changed, with two queries in all."""
    ids = [lesson_id for lesson_id, *_rest in files]
    existing: dict[str, Lesson] = {}
    highest: dict[str, int] = {}
    for chunk in _chunks(ids):
        existing.update((x.id, x) for x in session.scalars(select(Lesson).where(Lesson.id.in_(chunk))))
        highest.update(
            session.execute(
                select(LessonVersion.lesson_id, func.max(LessonVersion.number))
                .where(LessonVersion.lesson_id.in_(chunk))
                .group_by(LessonVersion.lesson_id)
            ).all()
        )
    for lesson_id, path, text, meta in files:
        lesson = existing[lesson_id]
        if lesson.text == text:
            report.unchanged.append(lesson_id)
            continue
        number = max(highest.get(lesson_id, 0), lesson.current_version or 0) + 1
        highest[lesson_id] = number
        _apply(lesson, meta, text)
        lesson.current_version = number
        session.add(
            LessonVersion(
                lesson_id=lesson_id,
                number=number,
                text=text,
                created_at=utcnow(),
                note=_("Imported again from {file}").format(file=path.name),
            )
        )
        report.updated.append(lesson_id)
    if files:
        session.flush()


def _present_ids(session: Session, ids: list[str]) -> set[str]:
    """Which of these lesson ids have a row here, deleted or not."""
    found: set[str] = set()
    for chunk in _chunks(ids):
        found.update(session.scalars(select(Lesson.id).where(Lesson.id.in_(chunk))))
    return found


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    """Slices small enough for one SQL ``IN (…)``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def starter_lesson_files(folder: Path | None = None) -> list[Path]:
    """The lesson files shipped with On-Ramp: the ones ``install_starter_lessons`` adds, and
    the number ``onramp about`` and the README give."""
    from desktop.paths import bundled_lessons_dir

    return collect_files([folder or bundled_lessons_dir()])


def starter_lessons_to_offer(session: Session, folder: Path | None = None) -> int:
    """How many starter lessons to offer the host: all of them while this laptop has no lesson at
    all (the trash included: lessons a host put there stay there), otherwise none."""
    if session.scalar(select(Lesson.id).limit(1)) is not None:
        return 0
    return len(starter_lesson_files(folder))


def install_starter_lessons(session: Session, folder: Path | None = None) -> ImportReport:
    """Add the lessons shipped with On-Ramp; ones already in the library are left as they are.

    Every laptop makes the same rows for them (see ``import_paths``), so laptops that each
    add them before they first sync end up sharing one copy of each.
    """
    from desktop.paths import bundled_lessons_dir

    shipped = (folder or bundled_lessons_dir()).absolute()
    return import_paths(session, starter_lesson_files(shipped), on_existing="skip", shipped=shipped)


# Helpers ----------------------------------------------------------------------------------


def _listed_values(meta: LessonMeta, text: str) -> dict[str, Any]:
    """What the list shows and filters on, from the lesson's front matter, as column values."""
    return {
        "title": meta.title[:300],
        "language": meta.language[:16],
        "level": meta.level[:32],
        "minutes": meta.minutes,
        "offline": meta.offline,
        "tags": list(meta.tags),
        "text": text,
    }


def _apply(lesson: Lesson, meta: LessonMeta, text: str) -> None:
    """Copy what the list shows and filters on from the lesson's front matter onto its row."""
    for key, value in _listed_values(meta, text).items():
        setattr(lesson, key, value)


def _add_version(session: Session, lesson: Lesson, text: str, note: str) -> LessonVersion:
    highest = session.scalar(select(func.max(LessonVersion.number)).where(LessonVersion.lesson_id == lesson.id))
    number = max(highest or 0, lesson.current_version or 0) + 1
    version = LessonVersion(lesson_id=lesson.id, number=number, text=text, note=note, created_at=utcnow())
    session.add(version)
    lesson.current_version = number
    session.flush()
    return version


def _slugify(text: str) -> str:
    return re.sub(r"[^\w]+", "-", fold(text)).strip("-_")[:120] or "lesson"


def _slug_for_file(path: Path) -> str:
    folder = path.parent
    if folder.name in ("episodes", "_episodes"):
        return f"{folder.parent.name}-{path.stem}"
    return path.stem


def _unique_slug(session: Session, wanted: str) -> str:
    base = _slugify(wanted)
    taken = session.scalars(select(Lesson.slug).where(Lesson.slug.like(f"{base}%"), Lesson.deleted.is_(False))).all()
    return _free_slug(base, set(taken))


def _free_slug(base: str, taken: Container[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is not taken."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
