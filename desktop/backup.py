"""Backups of the local database with SQLite's online backup API, and restoring one.

A backup may be older than an erasure. Restoring it never brings the erased person back: the
erasures the replaced database knew of (and any not yet sent to the hub) are carried into the
restored one and applied there at once, before the app or sync opens it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop.dbcheck import DatabaseCorrupt, DatabaseUnreadable, reading_sqlite
from desktop.i18n import _

KEEP = 30
PREFIX = "onramp-"
SUFFIX = ".sqlite3"


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    reason: str

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def reason_words(reason: str) -> str:
    """Why a backup was taken, in the host's words ("on-close" is a file name's word, not theirs)."""
    words = {"on-close": _("taken when On-Ramp closed"), "manual": _("taken by hand")}
    return words.get(reason, reason)


def _copy(source: Path, dest: Path, *, checked: bool = False) -> None:
    """Copy with SQLite's backup API; ``checked`` also refuses a copy that fails SQLite's quick check
    (SQLite copies damaged pages as they are; the copy shows it), as damage found while reading."""
    with reading_sqlite(source) as src:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
        finally:
            dst.close()
        if checked and not _healthy(dest):
            raise sqlite3.DatabaseError("the copy fails SQLite's quick check")


def _healthy(copy: Path) -> bool:
    """SQLite's quick check of a fresh copy. A writable connection, so closing it leaves no -wal or -shm file."""
    conn = sqlite3.connect(copy)
    try:
        return conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def take_backup(db_path: Path, backups_dir: Path, reason: str = "manual") -> Path:
    """A consistent copy of the database, safe while the app is writing to it.

    A damaged database gives no backup (DatabaseCorrupt) and leaves nothing behind: a damaged copy
    among the backups would later be offered for restoring.
    """
    made_folder = not backups_dir.exists()
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    safe_reason = "".join(c for c in reason if c.isalnum() or c in "-_")[:32] or "manual"
    dest = backups_dir / f"{PREFIX}{stamp}-{safe_reason}{SUFFIX}"
    tmp = dest.with_suffix(".partial")
    try:
        try:
            _copy(db_path, tmp, checked=True)
        except sqlite3.OperationalError as exc:  # cannot be opened: missing, permissions
            raise DatabaseUnreadable(db_path, str(exc)) from exc
        except sqlite3.DatabaseError as exc:
            raise DatabaseCorrupt(db_path, str(exc)) from exc
    except BaseException:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
        if made_folder:
            with contextlib.suppress(OSError):
                backups_dir.rmdir()
        raise
    tmp.replace(dest)  # a half-written backup never looks like a backup
    prune(backups_dir)
    return dest


def back_up_now(data_dir: Path, reason: str = "manual") -> Path:
    """Back up the app's database in ``data_dir`` into the folder the app restores from."""
    from desktop.paths import backups_dir, database_path

    return take_backup(database_path(data_dir), backups_dir(data_dir), reason)


def damaged_copy_path(db_path: Path, today: date | None = None) -> Path:
    """Where ``set_aside_damaged`` will keep the damaged database: beside it, named with the date, unique."""
    stem = f"{PREFIX}damaged-{(today or date.today()).isoformat()}"
    candidate, n = db_path.with_name(stem + SUFFIX), 2
    while any(Path(f"{candidate}{side}").exists() for side in ("", "-wal", "-shm")):
        candidate, n = db_path.with_name(f"{stem}-{n}{SUFFIX}"), n + 1
    return candidate


def set_aside_damaged(db_path: Path, today: date | None = None) -> Path:
    """Move a damaged database, with its -wal and -shm files, out of the way; returns where it is kept.

    Nothing is deleted: the files keep their pairing (SQLite finds "X-wal" beside "X"), so someone
    can still try to rescue what they hold. The next open makes a new, empty database in its place.
    """
    kept = damaged_copy_path(db_path, today)
    # The main file last: until it moves, no new database is made in its place, so a crash halfway
    # can never leave a new database beside the old -wal (which would then be overwritten).
    for side in ("-wal", "-shm", ""):
        source = Path(f"{db_path}{side}")
        if source.exists():
            os.replace(source, f"{kept}{side}")  # the same folder: a rename, never a half copy
    _sync_folder(db_path.parent)
    return kept


def _sync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` survive a power cut (where the system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # not every system can sync a folder; the renames are still made
    finally:
        os.close(fd)


def list_backups(backups_dir: Path) -> list[Backup]:
    """Backups, newest first."""
    if not backups_dir.is_dir():
        return []
    found = []
    for path in backups_dir.glob(f"{PREFIX}*{SUFFIX}"):
        parts = path.stem[len(PREFIX) :].split("-", 3)
        try:
            taken = datetime.strptime("-".join(parts[:3]), "%Y%m%d-%H%M%S-%f")
        except ValueError:
            continue
        found.append(Backup(path, taken, parts[3] if len(parts) > 3 else ""))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def prune(backups_dir: Path, keep: int = KEEP) -> None:
    for old in list_backups(backups_dir)[keep:]:
        old.path.unlink(missing_ok=True)


def restore_backup(backup: Path, db_path: Path) -> Path | None:
    """Put ``backup`` in place of the database. The old file is kept aside, never deleted.

    Returns where the replaced file was moved, if there was one.
    """
    erasures, pending = _known_erasures(db_path)
    kept: Path | None = None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    # The -wal and -shm first and the main file last, for the reason set_aside_damaged gives.
    for side in ("-wal", "-shm"):
        extra = db_path.with_name(db_path.name + side)
        if extra.exists():
            shutil.move(extra, db_path.with_name(f"{db_path.name}.replaced-{stamp}{side}"))
    if db_path.exists():
        kept = db_path.with_name(f"{db_path.name}.replaced-{stamp}")
        shutil.move(db_path, kept)
    _sync_folder(db_path.parent)
    _copy(backup, db_path)
    if erasures:
        reapply_erasures(db_path, erasures, pending)
    return kept


_ERASURE_COLUMNS = ("id", "updated_at", "origin", "deleted", "participant_id", "requested_on")
_OUTBOX_COLUMNS = ("op_id", "table_name", "row_id", "op", "fields", "base_version", "version", "created_at")


def _known_erasures(db_path: Path) -> tuple[list[dict[str, Any]], list[tuple[Any, ...]]]:
    """The erasures a database holds, and its outbox entries for them not yet sent (none if unreadable)."""
    if not db_path.exists():
        return [], []
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            rows = conn.execute(f"SELECT {', '.join(_ERASURE_COLUMNS)} FROM erasures").fetchall()
            pending = conn.execute(
                f"SELECT {', '.join(_OUTBOX_COLUMNS)} FROM outbox "
                "WHERE table_name = 'erasures' AND rejected_reason IS NULL ORDER BY seq"
            ).fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return [], []  # a damaged database (the reason to restore): nothing can be read from it
    return [dict(zip(_ERASURE_COLUMNS, r, strict=True)) for r in rows], pending


def reapply_erasures(db_path: Path, erasures: list[dict[str, Any]], pending: list[tuple[Any, ...]]) -> None:
    """Record ``erasures`` in the database at ``db_path`` (as they were) and remove those people from it."""
    from datetime import date

    from sqlalchemy import text

    from desktop.models import Erasure, open_database
    from desktop.models.outbox import applying_remote
    from desktop.sync.erasure import purge_person

    db = open_database(db_path)
    try:
        with db.transaction() as session:
            with applying_remote(session):  # kept as they were: their own ids and clock values
                for row in erasures:
                    if session.get(Erasure, row["id"]) is None:
                        session.add(
                            Erasure(
                                **{
                                    **row,
                                    "deleted": bool(row["deleted"]),
                                    "requested_on": date.fromisoformat(str(row["requested_on"])),
                                }
                            )
                        )
            marks = ", ".join(f":{c}" for c in _OUTBOX_COLUMNS)
            for entry in pending:  # an erasure the hub has not heard of yet must still reach it
                session.execute(
                    text(f"INSERT OR IGNORE INTO outbox ({', '.join(_OUTBOX_COLUMNS)}) VALUES ({marks})"),
                    dict(zip(_OUTBOX_COLUMNS, entry, strict=True)),
                )
            for person in dict.fromkeys(row["participant_id"] for row in erasures):
                purge_person(session, person)
    finally:
        db.close()
