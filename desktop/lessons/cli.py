"""``onramp lessons …``: check, import, export and list lessons from the command line."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from desktop.cli import fail, with_database
from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.models import Database


def register(subparsers: argparse._SubParsersAction) -> None:
    lessons = subparsers.add_parser("lessons", help=_("check, import, export and list lessons"))
    sub = lessons.add_subparsers(dest="lessons_command", metavar="ACTION", required=True)

    check = sub.add_parser("check", help=_("check lesson files or folders without importing them"))
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.set_defaults(handler=_check)

    imp = sub.add_parser("import", help=_("add lesson files or folders to the library"))
    imp.add_argument("paths", nargs="+", metavar="PATH")
    imp.set_defaults(handler=_import)

    export = sub.add_parser("export", help=_("write a lesson to a Markdown file"))
    export.add_argument("ref", metavar="ID", help=_("the lesson's id or short name (slug)"))
    export.add_argument("--out", required=True, metavar="FILE", help=_("the .md file to write"))
    export.set_defaults(handler=_export)

    listing = sub.add_parser("list", help=_("list the lessons in the library"))
    listing.add_argument("--trash", action="store_true", help=_("list the lessons in the trash instead"))
    listing.set_defaults(handler=_list)


def _check(args: argparse.Namespace) -> int:
    from desktop.lessons.library import collect_files
    from desktop.lessons.parse import LessonError, parse_file

    files = collect_files(args.paths)
    if not files:
        print(_("No lesson files (.md) were found there."))
        return 1
    bad = 0
    for path in files:
        try:
            doc = parse_file(path)
        except LessonError as exc:
            print(str(exc))
            bad += 1
        else:
            print(
                _("{path}: ok — “{title}”, {minutes} min").format(
                    path=path, title=doc.meta.title, minutes=doc.meta.minutes
                )
            )
    return 1 if bad else 0


@with_database
def _import(args: argparse.Namespace, db: Database) -> int:
    """Every good file imported; one line per file that could not be read, and exit code 1 if any."""
    from desktop.lessons.library import LibraryError, import_paths

    try:
        with db.transaction() as session:
            report = import_paths(session, args.paths)
    except LibraryError as exc:
        return fail(str(exc))
    for error in report.failed:
        fail(str(error))  # the path as typed, then "Line 3: …"
    print(report.summary())
    for line in report.warning_lines():  # imported, but worth a look: "01-intro.md — Line 17: …"
        print(line)
    print(
        _("{added} added, {updated} updated, {unchanged} unchanged.").format(
            added=len(report.added), updated=len(report.updated), unchanged=len(report.unchanged)
        )
    )
    return 1 if report.failed else 0


@with_database
def _export(args: argparse.Namespace, db: Database) -> int:
    from desktop.lessons.library import LibraryError, export_lesson

    try:
        with db.transaction() as session:
            path = export_lesson(session, args.ref, args.out)
    except LibraryError as exc:
        return fail(str(exc))
    print(_("Written to {path}").format(path=path))
    return 0


@with_database
def _list(args: argparse.Namespace, db: Database) -> int:
    from desktop.lessons.library import LessonFilter, list_lessons

    with db.transaction() as session:
        found = list_lessons(session, LessonFilter(trash=args.trash))
    if not found:
        print(
            _("The trash is empty.")
            if args.trash
            else _("No lessons yet. Import some with `onramp lessons import PATH`.")
        )
    for s in found:
        offline = _("offline") if s.offline else _("needs internet")
        print(f"{s.slug:<34} {s.language:<3} {s.minutes:>3} min  {offline:<14} {s.title}")
    return 0
