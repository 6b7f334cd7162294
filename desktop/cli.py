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
from typing import TYPE_CHECKING, Any

from desktop import APP_NAME, __version__
from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.models import Database

# Modules with ``register(subparsers)``; each adds its own subcommands.
FEATURE_COMMANDS: tuple[str, ...] = (
    "desktop.commands",
    "desktop.lessons.cli",
    "desktop.handouts.cli",
    "desktop.about.commands",
    "desktop.sync.cli",
    "desktop.sessions.cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="onramp",
        description=_("On-Ramp: lessons, sign-in, pairing and handouts for taster coding sessions."),
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


def _saved_language(data_dir: Path) -> str:
    """The app's saved language; English when there is none or the folder cannot be read."""
    from desktop.settings import LANGUAGE, Settings

    return Settings(data_dir).get(LANGUAGE)


def _speak(language: str) -> None:
    if language:
        from desktop.i18n import set_language

        set_language(language)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from desktop.paths import data_dir_named, data_dir_problem, resolve_data_dir

    args.data_dir_named = data_dir_named(args.data_dir)  # chosen by the person, not the platform default
    args.data_dir = resolve_data_dir(args.data_dir)
    # What a command prints speaks the language asked for, else the one saved in the app, as the window does.
    _speak(args.language or _saved_language(args.data_dir))
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


def fail(message: str, code: int = 1) -> int:
    """Print a message for a person (not a traceback) and return an exit code."""
    print(message, file=sys.stderr)
    return code


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
    from desktop.models import DatabaseProblem, open_database
    from desktop.paths import database_path

    try:
        return open_database(database_path(data_dir))
    except DatabaseProblem as exc:
        fail(str(exc))
        fail(_("Run `onramp backups` to see backups, and `onramp restore` to put one back."))
        return None
