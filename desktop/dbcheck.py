"""Checking the database file before use, with plain sqlite3 (no SQLAlchemy, so it can start first).

SQLite releases the GIL while it checks, so start-up runs this on a thread
while the window is being built.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from desktop.i18n import _

SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseProblem(Exception):
    """The database cannot be used as it is. ``str()`` is a message for the host."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


class DatabaseCorrupt(DatabaseProblem):
    """The file is damaged or is not an On-Ramp database."""


class DatabaseUnreadable(DatabaseProblem):
    """The file or its folder cannot be opened (permissions, missing disk)."""


class DatabaseTooNew(DatabaseProblem):
    """Made by a newer On-Ramp than this one."""


def damaged_message(path: Path) -> str:
    """What a host reads about a damaged database, in plain words."""
    return _("The file {path} is damaged or is not an On-Ramp database.").format(path=path)


def check_integrity(path: Path) -> None:
    """Raise DatabaseCorrupt or DatabaseUnreadable if ``path`` is not a healthy SQLite file."""
    if not path.exists():
        return
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseUnreadable(path, f"The database at {path} cannot be opened: {exc}.") from exc
    # SQLite takes a short non-SQLite file for an empty database and would write over it.
    if header and header != SQLITE_HEADER:
        raise DatabaseCorrupt(path, damaged_message(path))
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.OperationalError as exc:
        raise DatabaseUnreadable(path, f"The database at {path} cannot be opened: {exc}.") from exc
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorrupt(path, f"The file {path} is damaged or is not an On-Ramp database ({exc}).") from exc
    finally:
        conn.close()
    if rows != [("ok",)]:
        detail = "; ".join(str(r[0]) for r in rows[:3])
        raise DatabaseCorrupt(path, f"The database at {path} is damaged: {detail}.")


class BackgroundCheck:
    """``check_integrity`` on a thread; ``result()`` waits and re-raises its problem, if any."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._problem: DatabaseProblem | None = None
        self._thread = threading.Thread(target=self._run, name="onramp-dbcheck", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            check_integrity(self.path)
        except DatabaseProblem as problem:
            self._problem = problem

    def result(self) -> None:
        self._thread.join()
        if self._problem is not None:
            raise self._problem
