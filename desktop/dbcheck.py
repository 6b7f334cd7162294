"""Checking the database file before use, with plain sqlite3 (no SQLAlchemy, so it can start first).

SQLite releases the GIL while it checks, so start-up runs this on a thread
while the window is being built.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from desktop.i18n import _

SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseProblem(Exception):
    """The database cannot be used as it is.

    ``str()`` says so to the host in plain, translated words, the same for every problem of a kind: no
    file path, no SQLite message. The technical ``detail`` (SQLite's words) is for the log.
    """

    def __init__(self, path: Path, detail: str = "") -> None:
        super().__init__(detail)
        self.path = path
        self.detail = detail

    def plain(self) -> str:
        return _("On-Ramp cannot open its database.")

    def raise_again(self) -> None:
        """Raise this problem once more: for a start that met it after the window opened (desktop.app)."""
        raise self

    def __str__(self) -> str:
        return self.plain()


class DatabaseCorrupt(DatabaseProblem):
    """The file is damaged or is not an On-Ramp database."""

    def plain(self) -> str:
        return _("On-Ramp's database file is damaged or is not an On-Ramp database.")


class DatabaseUnreadable(DatabaseProblem):
    """The file or its folder cannot be opened (permissions, missing disk)."""

    def plain(self) -> str:
        return _(
            "On-Ramp cannot open the file that holds its database. If it is on a memory stick or another "
            "disk, check that it is plugged in, then start On-Ramp again."
        )


class DatabaseTooNew(DatabaseProblem):
    """Made by a newer On-Ramp than this one."""

    def plain(self) -> str:
        return _("This database was made by a newer version of On-Ramp. Please update On-Ramp to open it.")


class InstallIncomplete(DatabaseProblem):
    """This copy of On-Ramp lacks what sets up its database (a damaged install); the database is untouched."""

    def plain(self) -> str:
        return _(
            "On-Ramp cannot prepare its database: the scripts that set it up are missing from this copy of "
            "On-Ramp. Please install On-Ramp again; the database has not been changed."
        )


@contextmanager
def reading_sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to ``path``, for a check or a copy.

    SQLite makes "-wal" and "-shm" files beside a database in WAL mode even to read it. When the file
    turns out damaged, the ones this look made are removed again, so a damaged database is left exactly
    as it was found; a healthy one is left as SQLite leaves it (the app may be using it this moment).
    """
    sides = [Path(f"{path}{side}") for side in ("-wal", "-shm")]
    there_before = {side for side in sides if side.exists()}
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.OperationalError as exc:
        raise DatabaseUnreadable(path, str(exc)) from exc
    try:
        yield conn
    except sqlite3.DatabaseError:
        conn.close()
        wal, shm = sides
        # A read never writes to the log: one this look made is empty, and no one else is using the file.
        if wal not in there_before and wal.exists() and wal.stat().st_size == 0:
            wal.unlink(missing_ok=True)
        if shm not in there_before and not wal.exists():
            shm.unlink(missing_ok=True)
        raise
    finally:
        conn.close()


def check_integrity(path: Path) -> None:
    """Raise DatabaseCorrupt or DatabaseUnreadable if ``path`` is not a healthy SQLite file."""
    if not path.exists():
        return
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseUnreadable(path, str(exc)) from exc
    # SQLite takes a short non-SQLite file for an empty database and would write over it.
    if header and header != SQLITE_HEADER:
        raise DatabaseCorrupt(path, "not an SQLite file")
    try:
        with reading_sqlite(path) as conn:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            if rows != [("ok",)]:
                raise sqlite3.DatabaseError("; ".join(str(r[0]) for r in rows[:3]))
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorrupt(path, str(exc)) from exc


class BackgroundCheck:
    """``check_integrity`` on a thread; ``result()`` waits and re-raises its problem, if any."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._problem: DatabaseProblem | None = None
        self._thread = threading.Thread(target=self._run, name="onramp-dbcheck", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        _give_way_to_the_window()
        try:
            check_integrity(self.path)
        except DatabaseProblem as problem:
            self._problem = problem

    def result(self) -> None:
        self._thread.join()
        if self._problem is not None:
            raise self._problem


def _give_way_to_the_window() -> None:
    """Run this thread at a lower priority: the check reads the whole file (an eighth of a second of CPU on 50,000
    people) while the window is drawn, and on a busy two-core laptop it took CPU the first paint was waiting for."""
    if sys.platform.startswith("linux"):  # there a thread's id names it to setpriority
        with suppress(OSError):  # not allowed here: the check runs as it did
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
