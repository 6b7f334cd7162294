"""Backups of the local database with SQLite's online backup API, and restoring one."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

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


def _copy(source: Path, dest: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def take_backup(db_path: Path, backups_dir: Path, reason: str = "manual") -> Path:
    """A consistent copy of the database, safe while the app is writing to it."""
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    safe_reason = "".join(c for c in reason if c.isalnum() or c in "-_")[:32] or "manual"
    dest = backups_dir / f"{PREFIX}{stamp}-{safe_reason}{SUFFIX}"
    tmp = dest.with_suffix(".partial")
    _copy(db_path, tmp)
    tmp.replace(dest)  # a half-written backup never looks like a backup
    prune(backups_dir)
    return dest


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
    kept: Path | None = None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    if db_path.exists():
        kept = db_path.with_name(f"{db_path.name}.replaced-{stamp}")
        shutil.move(db_path, kept)
    for side in ("-wal", "-shm"):
        extra = db_path.with_name(db_path.name + side)
        if extra.exists():
            shutil.move(extra, db_path.with_name(f"{db_path.name}.replaced-{stamp}{side}"))
    _copy(backup, db_path)
    return kept
