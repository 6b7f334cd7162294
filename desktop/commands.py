"""Core subcommands: demo data, CSV export, backups."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli import damaged_way_out, fail, with_database
from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.models import Database


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser(
        "demo",
        help=_(
            "fill the separate demo database (the one `onramp --demo` opens) with believable demo data; "
            "with --data-dir, that folder's database, after you confirm"
        ),
    )
    demo.add_argument("--participants", type=int, default=60, help=_("how many people (default 60)"))
    demo.add_argument("--sessions", type=int, default=56, help=_("how many sessions (default 56)"))
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument(
        "--yes", action="store_true", help=_("fill the database of the folder given with --data-dir without asking")
    )
    demo.set_defaults(handler=_demo)

    export = subparsers.add_parser("export", help=_("write one CSV file per table"))
    export.add_argument("--out", required=True, help=_("folder to write the CSV files to"))
    export.set_defaults(handler=_export)

    backup = subparsers.add_parser("backup", help=_("take a backup of the database now"))
    backup.set_defaults(handler=_backup)

    backups = subparsers.add_parser("backups", help=_("list the backups, newest first"))
    backups.set_defaults(handler=_backups)

    restore = subparsers.add_parser("restore", help=_("put a backup back in place of the database"))
    restore.add_argument("backup", nargs="?", help=_("the backup file (default: the newest)"))
    restore.add_argument(
        "--new-empty",
        action="store_true",
        help=_("instead of a backup, start a new, empty database; the damaged one is kept beside it"),
    )
    restore.set_defaults(handler=_restore)


def _demo(args: argparse.Namespace) -> int:
    """Demo people never land in a real database: the demo one, unless a folder is named and confirmed."""
    from desktop.cli import open_db_or_fail
    from desktop.demo import fill_demo
    from desktop.paths import database_path, demo_data_dir

    if args.data_dir_named:
        target = args.data_dir
        existing = database_path(target)
        if existing.exists() and not args.yes and not _confirm_fill(existing):
            return fail(
                _(
                    "Nothing was added to {path}. `onramp demo` without --data-dir fills the separate demo "
                    "database; --yes fills this one without asking."
                ).format(path=existing)
            )
    else:
        target = demo_data_dir(args.data_dir)
    db = open_db_or_fail(target)
    if db is None:
        return 1
    try:
        counts = fill_demo(db, participants=args.participants, sessions=args.sessions, seed=args.seed)
    finally:
        db.close()
    summary = ", ".join(f"{n} {what}" for what, n in counts.items())
    print(_("Demo data added to {path}: {summary}").format(path=db.path, summary=summary))
    if not args.data_dir_named:
        print(_("Open it with: onramp --demo"))
    return 0


def _confirm_fill(existing: Path) -> bool:
    """Ask on the terminal before made-up people go into a database that may be real; no answer is no."""
    import sys

    question = _(
        "{path} already holds a database, perhaps a real one. Add made-up people, venues and sessions to it? [y/N] "
    ).format(path=existing)
    print(question, end="", flush=True)
    answer = sys.stdin.readline().strip().casefold()
    if not answer:
        print()
    return answer in {"y", "yes", _("y").casefold(), _("yes").casefold()}


@with_database
def _export(args: argparse.Namespace, db: Database) -> int:
    from pathlib import Path

    from desktop.export import export_csv

    try:
        written = export_csv(db, Path(args.out))
    except OSError as exc:
        return fail(_("Could not write to {folder}: {error}").format(folder=args.out, error=exc.strerror))
    for path, rows in written:
        print(_("{path}: {rows} rows").format(path=path, rows=rows))
    return 0


def _backup(args: argparse.Namespace) -> int:
    from desktop.backup import take_backup
    from desktop.models.database import DatabaseCorrupt, DatabaseProblem
    from desktop.paths import backups_dir, database_path

    db_path = database_path(args.data_dir)
    if not db_path.exists():
        return fail(_("There is no database at {path} yet.").format(path=db_path))
    try:
        dest = take_backup(db_path, backups_dir(args.data_dir), "manual")
    except DatabaseCorrupt:
        return fail(
            _("No backup was taken: the database at {path} is damaged.").format(path=db_path)
            + " "
            + damaged_way_out(args.data_dir)
        )
    except DatabaseProblem:
        return fail(_("No backup was taken: the database at {path} cannot be read.").format(path=db_path))
    except OSError as exc:
        return fail(
            _("No backup was taken: On-Ramp could not write to {folder} ({error}).").format(
                folder=backups_dir(args.data_dir), error=exc.strerror
            )
        )
    print(_("Backup written to {path}").format(path=dest))
    return 0


def _backups(args: argparse.Namespace) -> int:
    from desktop.backup import list_backups
    from desktop.paths import backups_dir

    found = list_backups(backups_dir(args.data_dir))
    if not found:
        print(_("No backups yet."))
    for b in found:
        print(f"{b.taken_at:%Y-%m-%d %H:%M:%S}  {b.reason:<12} {b.path}")
    return 0


def _damaged(db_path: Path) -> bool:
    from desktop.models.database import DatabaseCorrupt, check_integrity

    try:
        check_integrity(db_path)
    except DatabaseCorrupt:
        return True
    except Exception:  # unreadable or too new: not damage, and not what this asks
        return False
    return False


def _restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from desktop.backup import list_backups, restore_backup
    from desktop.models.database import DatabaseProblem, check_integrity
    from desktop.paths import backups_dir, database_path

    if args.new_empty:
        if args.backup:
            return fail(_("Give a backup to restore or --new-empty, not both."), 2)
        return _start_new_empty(args)
    if args.backup:
        chosen = Path(args.backup)
    else:
        found = list_backups(backups_dir(args.data_dir))
        if not found:
            return fail(
                damaged_way_out(args.data_dir)
                if _damaged(database_path(args.data_dir))
                else _("No backups to restore.")
            )
        chosen = found[0].path
    try:
        check_integrity(chosen)
    except DatabaseProblem as exc:
        return fail(_("That backup cannot be used: {error}").format(error=exc))
    if not chosen.exists():
        return fail(_("No backup at {path}.").format(path=chosen))
    kept = restore_backup(chosen, database_path(args.data_dir))
    print(_("Restored {backup}.").format(backup=chosen))
    if kept:
        print(_("The previous database was kept at {path}.").format(path=kept))
    return 0


def _start_new_empty(args: argparse.Namespace) -> int:
    """What the recovery dialog's "Start a new, empty database" does: only for a damaged database, kept aside."""
    from desktop.backup import set_aside_damaged
    from desktop.models.database import DatabaseCorrupt, DatabaseProblem, check_integrity
    from desktop.paths import database_path

    db_path = database_path(args.data_dir)
    if not db_path.exists():
        return fail(
            _("There is no database at {path} yet: On-Ramp makes a new one when it opens.").format(path=db_path)
        )
    try:
        check_integrity(db_path)
    except DatabaseCorrupt:
        kept = set_aside_damaged(db_path)
        print(
            _(
                "The damaged database is kept at {path}. On-Ramp starts with a new, empty one when it next opens."
            ).format(path=kept)
        )
        return 0
    except DatabaseProblem as exc:
        return fail(_("Nothing was changed: {problem}").format(problem=exc))
    return fail(_("Nothing was changed: the database at {path} is not damaged.").format(path=db_path))
