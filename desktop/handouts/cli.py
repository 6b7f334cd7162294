"""``onramp handout``: print any handout to a PDF file.

onramp handout LESSON_FILE_OR_ID --out FILE.pdf [--host] [--large-print] [--paper a4|letter]
onramp handout signin-sheet|badges|pair-cards|certificates|take-home --session ID|latest --out FILE.pdf
onramp handout badges --names FILE --out FILE.pdf
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.i18n import _

SESSION_WORDS = ("signin-sheet", "badges", "pair-cards", "certificates", "take-home")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "handout",
        help=_("print a lesson handout, sign-in sheet, badges, table cards, certificates or take-home sheets"),
        description=_("WHAT is a lesson file or lesson id, or one of: {kinds}.").format(kinds=", ".join(SESSION_WORDS)),
    )
    p.add_argument("what", metavar="WHAT", help=_("a lesson file or id, or the kind of session handout"))
    p.add_argument("--out", required=True, metavar="FILE.pdf", help=_("where to write the PDF"))
    p.add_argument(
        "--session",
        metavar="ID",
        help=_(
            "the session: its id (`onramp sessions list` shows them), or `latest`: the one under way, else the last"
        ),
    )
    p.add_argument("--names", metavar="FILE", help=_("badges: a file of names, one per line or CSV"))
    p.add_argument("--host", action="store_true", help=_("lesson: the host's copy, with solutions and timings"))
    p.add_argument("--large-print", action="store_true", help=_("large print: 18 pt and up, high contrast"))
    p.add_argument("--paper", choices=("a4", "letter"), help=_("paper size (default: from settings)"))
    p.set_defaults(handler=_handout)


def _handout(args: argparse.Namespace) -> int:
    from desktop.cli import fail, write_file
    from desktop.handouts.data import HandoutError

    out = Path(args.out)
    if out.exists() and out.is_dir():
        return fail(_("{path} is a folder; give a file name ending in .pdf.").format(path=out))
    try:
        data = _make(args)
    except HandoutError as exc:
        return fail(str(exc))
    if (code := write_file(out, data)) is not None:
        return code
    print(_("Wrote {path}").format(path=out))
    return 0


def _paper(args: argparse.Namespace) -> str:
    if args.paper:
        return args.paper
    from desktop.settings import PAPER_SIZE, Settings

    return Settings(args.data_dir).get(PAPER_SIZE)


def _make(args: argparse.Namespace) -> bytes:
    from desktop.handouts.data import HandoutError

    what = args.what.strip()
    paper = _paper(args)
    if what == "badges" and args.names:
        from desktop.handouts.badges import badges_pdf, read_names
        from desktop.handouts.layout import Options

        return badges_pdf(read_names(Path(args.names)), Options(paper, args.large_print, _app_language()))
    if args.names:
        raise HandoutError(_("--names is for badges: onramp handout badges --names FILE --out FILE.pdf"))
    if what in SESSION_WORDS:
        if not args.session:
            raise HandoutError(_("Say which session with --session ID (or --session latest)."))
        from desktop.handouts.data import collect_session
        from desktop.handouts.documents import session_document

        db = _open_db(args)
        try:
            with db.transaction() as s:
                info = collect_session(s, args.session)
        finally:
            db.close()
        return session_document(what, info, paper, args.large_print)
    return _lesson(args, what, paper)


def _lesson(args: argparse.Namespace, what: str, paper: str) -> bytes:
    from desktop.handouts.data import HandoutError, find_lesson_row
    from desktop.handouts.documents import handout_language
    from desktop.handouts.layout import Options
    from desktop.handouts.lesson import lesson_pdf
    from desktop.handouts.request import lesson_credit
    from desktop.lessons.parse import LessonError, parse_file, parse_text

    path = Path(what)
    base: Path | None
    credit: str | None = None
    try:
        if path.suffix.lower() in (".md", ".markdown", ".rmd", ".txt") or path.is_file():
            if not path.is_file():
                raise HandoutError(_("There is no lesson file at {path}.").format(path=path))
            doc, base = parse_file(path), path.parent
        else:
            db = _open_db(args)
            try:
                with db.transaction() as s:
                    lesson = find_lesson_row(s, what)
                    text, source = lesson.text, lesson.source_path or lesson.slug
                    doc = parse_text(text, source)
                    credit = lesson_credit(s, lesson.id, doc)
            finally:
                db.close()
            base = Path(source).parent if source and Path(source).is_file() else None
    except LessonError as exc:
        raise HandoutError(_("That lesson cannot be read: {error}").format(error=exc)) from exc
    options = Options(paper, args.large_print, handout_language(doc.meta.language))
    return lesson_pdf(doc, options, host=args.host, base_dir=base, credit=credit)


def _open_db(args: argparse.Namespace):
    from desktop.cli import open_db_or_fail
    from desktop.handouts.data import HandoutError

    db = open_db_or_fail(args.data_dir)
    if db is None:
        raise HandoutError(_("The database could not be opened."))
    return db


def _app_language() -> str:
    from desktop.i18n import current_language

    return current_language()
