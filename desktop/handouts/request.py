"""One handout the Handouts page asks for: gathered on the database thread, drawn on another."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.handouts.data import HandoutError, SessionInfo, collect_session, find_lesson_row
from desktop.handouts.documents import KIND_BY_KEY, handout_language, session_document
from desktop.handouts.flyer import FlyerSession, collect_flyer, flyer_pdf
from desktop.handouts.layout import Options
from desktop.i18n import _, language
from desktop.lessons.document import LessonDoc


@dataclass(frozen=True)
class HandoutRequest:
    kind: str
    session_id: str = ""
    lesson_id: str = ""
    host: bool = False
    large_print: bool = False
    paper: str = "a4"


@dataclass
class Gathered:
    request: HandoutRequest
    info: SessionInfo | None = None
    lesson: LessonDoc | None = None
    base_dir: Path | None = None
    flyer: FlyerSession | None = None
    credit: str | None = None  # a commons lesson's credit line, in the handout's language


def gather(session: Session, request: HandoutRequest) -> Gathered:
    """Read what the handout needs (database thread)."""
    kind = KIND_BY_KEY.get(request.kind)
    if kind is None:
        raise HandoutError(_("Unknown kind of handout: {kind}").format(kind=request.kind))
    if kind.needs == "lesson":
        if not request.lesson_id:
            raise HandoutError(_("Pick a lesson first."))
        from desktop.lessons.parse import LessonError, parse_text

        row = find_lesson_row(session, request.lesson_id)
        try:
            doc = parse_text(row.text, row.source_path or row.slug)
        except LessonError as exc:
            raise HandoutError(_("That lesson cannot be read: {error}").format(error=exc)) from exc
        src = Path(row.source_path) if row.source_path else None
        base_dir = src.parent if src and src.is_file() else None
        return Gathered(request, lesson=doc, base_dir=base_dir, credit=lesson_credit(session, row.id, doc))
    if not request.session_id:
        raise HandoutError(_("Pick a session first."))
    if kind.needs == "flyer":
        return Gathered(request, flyer=collect_flyer(session, request.session_id))
    return Gathered(request, info=collect_session(session, request.session_id))


def lesson_credit(session: Session, lesson_id: str, doc: LessonDoc) -> str | None:
    """The credit line of a lesson taken from the commons, in its handout's language; None for our own."""
    from desktop.commons.updates import lesson_credit_line

    with language(handout_language(doc.meta.language)):
        return lesson_credit_line(session, lesson_id)


def render(g: Gathered) -> bytes:
    """Draw the PDF (any thread)."""
    r = g.request
    if g.lesson is not None:
        from desktop.handouts.lesson import lesson_pdf

        options = Options(r.paper, r.large_print, handout_language(g.lesson.meta.language))
        return lesson_pdf(g.lesson, options, host=r.host, base_dir=g.base_dir, credit=g.credit)
    if g.flyer is not None:
        return flyer_pdf(g.flyer, Options(r.paper, r.large_print, handout_language(g.flyer.language)))
    assert g.info is not None
    return session_document(r.kind, g.info, r.paper, r.large_print)
