"""A damaged database is never a dead end, and never spreads: it is kept aside, and never copied as a backup."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop.backup import damaged_copy_path, list_backups, set_aside_damaged, take_backup
from desktop.dbcheck import DatabaseCorrupt, check_integrity
from desktop.models import Participant, open_database
from desktop.paths import backups_dir, database_path

DAY = date(2026, 11, 28)


def damaged_database(data_dir: Path) -> Path:
    """A real On-Ramp database whose pages were overwritten in the middle, as a failing disk would."""
    db = open_database(database_path(data_dir))
    with db.transaction() as s:
        s.add_all(Participant(first_name=f"Zoë {i}", notes="x" * 400) for i in range(300))
    db.close()
    path = database_path(data_dir)
    for side in ("-wal", "-shm"):
        assert not Path(f"{path}{side}").exists()  # closed cleanly: everything is in the main file
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 3 : page * 6] = b"\xab" * (page * 3)
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseCorrupt):
        check_integrity(path)
    return path


def test_a_damaged_database_is_moved_aside_with_the_date_and_a_new_one_opens_in_its_place(data_dir: Path):
    path = damaged_database(data_dir)
    damaged_bytes = path.read_bytes()
    Path(f"{path}-wal").write_bytes(b"wal of the damaged file")
    kept = set_aside_damaged(path, today=DAY)
    assert kept == data_dir / "onramp-damaged-2026-11-28.sqlite3"
    assert kept.read_bytes() == damaged_bytes
    assert Path(f"{kept}-wal").read_bytes() == b"wal of the damaged file"  # kept paired with its file
    assert not path.exists() and not Path(f"{path}-wal").exists()
    db = open_database(path)
    try:
        with db.session() as s:
            assert s.query(Participant).count() == 0
    finally:
        db.close()


def test_a_second_damaged_file_on_the_same_day_never_overwrites_the_first(data_dir: Path):
    first = set_aside_damaged(damaged_database(data_dir), today=DAY)
    second_path = damaged_database(data_dir)
    assert damaged_copy_path(second_path, today=DAY) == data_dir / "onramp-damaged-2026-11-28-2.sqlite3"
    second = set_aside_damaged(second_path, today=DAY)
    assert second == data_dir / "onramp-damaged-2026-11-28-2.sqlite3"
    assert first.exists() and second.exists()


def test_a_file_set_aside_is_never_taken_for_a_backup(data_dir: Path):
    path = damaged_database(data_dir)
    backups = backups_dir(data_dir)
    backups.mkdir(parents=True)
    kept = set_aside_damaged(path, today=DAY)
    kept.rename(backups / kept.name)  # even if someone moves it among the backups
    assert list_backups(backups) == []


@pytest.mark.parametrize("damage", ["pages overwritten", "not a database at all"])
def test_backing_up_a_damaged_database_fails_and_leaves_no_file(data_dir: Path, damage: str):
    if damage == "pages overwritten":
        path = damaged_database(data_dir)
    else:
        data_dir.mkdir(parents=True)
        path = database_path(data_dir)
        path.write_bytes(b"not sqlite" * 500)
    backups = backups_dir(data_dir)
    with pytest.raises(DatabaseCorrupt):
        take_backup(path, backups, "manual")
    assert not backups.exists() or list(backups.iterdir()) == []


def test_backing_up_a_healthy_database_still_works_into_a_folder_with_older_backups(data_dir: Path):
    db = open_database(database_path(data_dir))
    db.close()
    first = take_backup(db.path, backups_dir(data_dir), "manual")
    second = take_backup(db.path, backups_dir(data_dir), "on-close")
    assert sorted(p.name for p in backups_dir(data_dir).iterdir()) == sorted([first.name, second.name])
    conn = sqlite3.connect(second)
    try:
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def test_checking_or_backing_up_a_damaged_database_leaves_no_new_files_beside_it(data_dir: Path):
    path = damaged_database(data_dir)  # checked once already, by the helper
    with pytest.raises(DatabaseCorrupt):
        check_integrity(path)
    with pytest.raises(DatabaseCorrupt):
        take_backup(path, backups_dir(data_dir), "manual")
    assert sorted(p.name for p in data_dir.iterdir()) == [path.name]


def test_a_wal_file_that_was_there_before_the_check_is_left_alone(data_dir: Path):
    path = damaged_database(data_dir)
    wal = Path(f"{path}-wal")
    wal.write_bytes(b"")  # someone's, not the check's
    with pytest.raises(DatabaseCorrupt):
        check_integrity(path)
    assert wal.exists()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("kind", ["pages overwritten", "not a database at all", "cannot be opened"])
def test_what_a_database_problem_says_is_plain_translated_words_without_the_path(data_dir: Path, kind, language):
    from desktop.dbcheck import DatabaseProblem
    from desktop.i18n import set_language

    if kind == "pages overwritten":
        path = damaged_database(data_dir)
    else:
        data_dir.mkdir(parents=True)
        path = database_path(data_dir)
        if kind == "not a database at all":
            path.write_bytes(b"not sqlite" * 500)
        else:
            path.mkdir()  # a folder where the file should be: it cannot be read
    with pytest.raises(DatabaseProblem) as caught:
        check_integrity(path)
    set_language(language)
    try:
        said = str(caught.value)
    finally:
        set_language("en")
    assert str(data_dir) not in said and path.name not in said
    assert not any(word in said.casefold() for word in ("sqlite", "malformed", "errno", "directory"))
    assert ("base de datos" in said) == (language == "es")
    assert caught.value.detail  # SQLite's or the system's own words are kept, for the log


def test_a_crash_while_setting_aside_never_leaves_the_old_wal_beside_a_new_database(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    """The power fails after the first rename: the next start must not make a new database next to the
    damaged file's -wal, which SQLite would then overwrite with the new database's own."""
    import os

    path = damaged_database(data_dir)
    wal = Path(f"{path}-wal")
    wal.write_bytes(b"what the damaged file still held")
    renames = []
    real_replace = os.replace

    def replace_then_die(source, target):
        if renames:
            raise OSError("the power failed")
        renames.append(source)
        real_replace(source, target)

    kept = damaged_copy_path(path, DAY)
    monkeypatch.setattr(os, "replace", replace_then_die)
    with pytest.raises(OSError):
        set_aside_damaged(path, DAY)
    monkeypatch.undo()
    assert path.exists(), "the main file moves last, so no new database is made in its place yet"
    assert not wal.exists()
    assert Path(f"{kept}-wal").read_bytes() == b"what the damaged file still held"
