"""Durable settings, corrupt files, backups and restore."""

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.backup import list_backups, restore_backup, take_backup
from desktop.models import DatabaseCorrupt, Participant, open_database
from desktop.paths import backups_dir, database_path


def test_database_runs_in_wal_mode_with_full_sync(db):
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_file_that_is_not_a_database_is_reported_not_replaced(tmp_path: Path):
    path = tmp_path / "onramp.sqlite3"
    path.write_bytes(b"this is a shopping list, not a database" * 100)
    with pytest.raises(DatabaseCorrupt, match="damaged or is not an On-Ramp database"):
        open_database(path)
    assert path.read_bytes().startswith(b"this is a shopping list")


def test_a_database_with_damaged_pages_is_reported(db, data_dir: Path):
    with db.transaction() as s:
        s.add_all(Participant(first_name=f"Person {i}", notes="x" * 500) for i in range(400))
    db.close()
    path = database_path(data_dir)
    raw = bytearray(path.read_bytes())
    for offset in range(4096 * 3, len(raw) - 4096, 4096 * 2):
        raw[offset : offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(raw))
    with pytest.raises(DatabaseCorrupt):
        open_database(path)


def test_a_backup_can_be_restored_and_the_replaced_file_is_kept(db, data_dir: Path):
    with db.transaction() as s:
        s.add(Participant(first_name="Olena"))
    backup = take_backup(db.path, backups_dir(data_dir), "session-closed")
    with db.transaction() as s:
        s.add(Participant(first_name="Added after the backup"))
    db.close()
    assert list_backups(backups_dir(data_dir))[0].path == backup
    kept = restore_backup(backup, db.path)
    assert kept is not None and kept.exists()
    restored = open_database(db.path)
    with restored.session() as s:
        names = sorted(p.first_name for p in s.query(Participant))
    assert names == ["Olena"]
    restored.close()


def test_backups_are_consistent_copies_even_while_the_app_writes(db, data_dir: Path):
    with db.transaction() as s:
        s.add_all(Participant(first_name=f"P{i}") for i in range(50))
    backup = take_backup(db.path, backups_dir(data_dir))
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT count(*) FROM participants").fetchone() == (50,)
    conn.close()


def test_old_backups_are_pruned_to_a_bounded_number(db, data_dir: Path):
    from desktop import backup as backup_module

    for _ in range(backup_module.KEEP + 3):
        take_backup(db.path, backups_dir(data_dir))
    assert len(list_backups(backups_dir(data_dir))) == backup_module.KEEP


def test_a_short_file_that_is_not_a_database_is_reported_not_overwritten(tmp_path: Path):
    """SQLite would take a few stray bytes for an empty database and write over them."""
    path = tmp_path / "onramp.sqlite3"
    path.write_bytes(b"x")
    with pytest.raises(DatabaseCorrupt, match="damaged or is not an On-Ramp database"):
        open_database(path)
    assert path.read_bytes() == b"x"


def test_an_empty_file_is_taken_as_a_new_database(tmp_path: Path):
    path = tmp_path / "onramp.sqlite3"
    path.write_bytes(b"")
    open_database(path).close()
    assert path.read_bytes().startswith(b"SQLite format 3\x00")
