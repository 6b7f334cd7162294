"""Command line of the desktop app.

``onramp`` opens the window; ``onramp --demo`` opens it on the demo database;
``onramp --self-test`` builds everything offscreen and exits. Subcommands are
added by each feature's ``cli`` module (listed in ``FEATURE_COMMANDS``); they
import their heavy dependencies only when run, so start-up stays fast.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from desktop import APP_NAME, __version__
from desktop.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from desktop.models import Database
    from desktop.settings import Settings

# Modules with ``register(subparsers)``; each adds its own subcommands.
FEATURE_COMMANDS: tuple[str, ...] = (
    "desktop.commands",
    "desktop.lessons.cli",
    "desktop.handouts.cli",
    "desktop.about.commands",
    "desktop.sync.cli",
    "desktop.sessions.cli",
    "desktop.reports.cli",
)


# argparse's own words (the usage line, its headings, its errors), here so the catalogs hold them: argparse
# looks them up with gettext, which ``speak_to_argparse`` points at the app's language.
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
)


def speak_to_argparse() -> None:
    """argparse's words in the app's language: its module-level gettext functions are the app's."""
    # setattr: the type stubs do not declare the gettext names argparse imports for itself.
    setattr(argparse, "_", _)  # noqa: B010
    setattr(argparse, "ngettext", ngettext)  # noqa: B010


class _NotTheWindow(Exception):
    """The command line asks for more than the window: help, a subcommand, or a mistake to explain."""


class _WindowParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotTheWindow(message)


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; without ``commands``, only the window's options (no feature is imported)."""
    parser = (argparse.ArgumentParser if commands else _WindowParser)(
        prog="onramp",
        description=_("On-Ramp: lessons, sign-in, pairing and handouts for taster coding sessions."),
        add_help=commands,
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--data-dir", **_data_dir_option())
    parser.add_argument("--demo", action="store_true", help=_("open the window on a separate demo database"))
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=_("start offscreen, open the database, build every page, and exit"),
    )
    # The ordinary start, then quit once the first page has loaded (start-up benchmarks).
    parser.add_argument("--quit-after-start", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--large-text", action="store_true", help=_("start with large text"))
    parser.add_argument("--language", **_language_option())
    if not commands:
        return parser
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in FEATURE_COMMANDS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:  # a feature left out of a trimmed build
            continue
        module.register(subparsers)
    _also_after_subcommands(parser, "--data-dir", **_data_dir_option())
    _also_after_subcommands(parser, "--language", **_language_option())
    return parser


def _language_option() -> dict[str, Any]:
    return {"choices": ("en", "es"), "help": _("language of the app")}


def _data_dir_option() -> dict[str, Any]:
    return {
        "metavar": "DIR",
        "help": _("where On-Ramp keeps its database (default: your user data folder; or ONRAMP_DATA_DIR)"),
    }


def _also_after_subcommands(parser: argparse.ArgumentParser, flag: str, **option: Any) -> None:
    """Let an option of the whole program also come after a subcommand (``onramp demo --data-dir X``).

    Each subcommand, at every depth, accepts it too; its default is SUPPRESS so that a subcommand not
    given it leaves the value given before the subcommand (argparse copies only what is set).
    """
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for sub in {id(p): p for p in action.choices.values()}.values():  # aliases share one parser
            sub.add_argument(flag, default=argparse.SUPPRESS, **option)
            _also_after_subcommands(sub, flag, **option)


def _saved_settings(data_dir: Path, known: Settings | None = None) -> Settings:
    """The settings kept in ``data_dir``: ``known`` when it was read from there already (read once a start)."""
    from desktop.settings import Settings

    if known is not None and known.path == data_dir / Settings.FILENAME:
        return known
    return Settings(data_dir)


def _saved_language(settings: Settings) -> str:
    """The app's saved language; English when there is none or the folder cannot be read."""
    from desktop.settings import LANGUAGE

    return settings.get(LANGUAGE)


def _speak(language: str) -> None:
    if language:
        from desktop.i18n import set_language

        set_language(language)


def language_before_parsing(argv: Sequence[str] | None) -> tuple[str, Settings]:
    """The language asked for (``--language``, anywhere), else the one saved in the app for ``--data-dir``:
    known before the parser is built, so its help and its usage errors speak it. With the settings read."""
    from desktop.paths import resolve_data_dir

    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--language")
    early.add_argument("--data-dir")
    known, _rest = early.parse_known_args(list(sys.argv[1:] if argv is None else argv))
    settings = _saved_settings(resolve_data_dir(known.data_dir))
    if known.language in ("en", "es"):
        return str(known.language), settings
    return _saved_language(settings), settings


def main(argv: Sequence[str] | None = None) -> int:
    language, settings = language_before_parsing(argv)
    _speak(language)
    speak_to_argparse()
    args = window_args(argv) or build_parser().parse_args(argv)
    from desktop.paths import data_dir_named, data_dir_problem, resolve_data_dir

    args.data_dir_named = data_dir_named(args.data_dir)  # chosen by the person, not the platform default
    args.data_dir = resolve_data_dir(args.data_dir)
    args.settings = _saved_settings(args.data_dir, settings)  # the window uses them too: read once
    # What a command prints speaks the language asked for, else the one saved in the app, as the window does.
    _speak(args.language or _saved_language(args.settings))
    problem = data_dir_problem(args.data_dir)
    if problem:  # said once, here, for the window and every command alike
        return fail(problem, 2)
    if args.command:
        handler = args.handler
        try:
            return int(handler(args) or 0)
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:
            # Whoever read the output stopped early (``| head``): nothing went wrong here. Point stdout
            # at nothing, so the interpreter's last flush cannot fail again on the way out.
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
    from desktop.app import run_app

    return run_app(args)


def window_args(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The options of a plain start of the window, parsed without importing every feature's commands
    (they cost the window a noticeable moment); None when the command line asks for anything else."""
    try:
        args, rest = build_parser(commands=False).parse_known_args(argv)
    except _NotTheWindow:
        return None
    if rest:
        return None
    args.command = None
    return args


def fail(message: str, code: int = 1) -> int:
    """Print a message for a person (not a traceback) and return an exit code."""
    print(message, file=sys.stderr)
    return code


def write_file(out: Path, body: bytes) -> int | None:
    """Write ``body`` to ``out`` whole or not at all (written beside it, then moved in); None when
    written, else the exit code after saying in one line why it could not be."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        tmp.write_bytes(body)
        tmp.replace(out)
    except OSError as exc:
        return fail(_("Could not write {path}: {error}").format(path=out, error=exc.strerror or exc))
    return None


def with_database(handler: Callable[[argparse.Namespace, Database], int]) -> Callable[[argparse.Namespace], int]:
    """A command handler that gets the open database and has it closed afterwards.

    A database that cannot be opened is reported (with how to restore) and the command exits 1.
    """

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        db = open_db_or_fail(args.data_dir)
        if db is None:
            return 1
        try:
            return handler(args, db)
        finally:
            db.close()

    return run


def open_db_or_fail(data_dir: Path):
    """Open the database for a command; a problem is printed, not raised."""
    from desktop.models import DatabaseCorrupt, DatabaseProblem, open_database
    from desktop.paths import database_path

    try:
        return open_database(database_path(data_dir))
    except DatabaseCorrupt as exc:
        fail(str(exc))
        fail(damaged_way_out(data_dir))
        return None
    except DatabaseProblem as exc:
        fail(str(exc))
        fail(_("Run `onramp backups` to see backups, and `onramp restore` to put one back."))
        return None


def damaged_way_out(data_dir: Path) -> str:
    """What to do about a damaged database that works: the newest backup if there is one, else a new, empty one."""
    from desktop.backup import list_backups
    from desktop.paths import backups_dir

    if list_backups(backups_dir(data_dir)):
        return _("`onramp restore` puts the newest backup in its place.")
    return _("There is no backup: `onramp restore --new-empty` starts a new, empty database and keeps the damaged one.")
