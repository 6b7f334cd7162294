"""Whether the schema is current is read with plain sqlite3; Alembic loads only to migrate or refuse."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.dbcheck import DatabaseTooNew
from desktop.models import Participant, open_database
from desktop.models.database import make_engine, open_current_database
from desktop.models.migrations import HEAD, current_revision, is_current, upgrade
from desktop.paths import database_path
from tests.helpers import run_onramp

NEWER = "9999_from_a_newer_on_ramp"


def database_at_the_revision_before_head(path: Path) -> Path:
    from alembic.script import ScriptDirectory

    from desktop.models.migrations import alembic_config

    before = ScriptDirectory.from_config(alembic_config(None)).get_revision(HEAD).down_revision
    assert isinstance(before, str)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    upgrade(engine, before)
    engine.dispose()
    return path


def current_database(path: Path) -> Path:
    db = open_database(path)
    with db.transaction() as s:
        s.add(Participant(first_name="Zoë"))
    db.close()
    return path


def newer_database(path: Path) -> Path:
    current_database(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (NEWER,))
    conn.close()
    return path


def test_only_a_database_at_the_known_head_is_current(tmp_path: Path):
    assert is_current(current_database(tmp_path / "current.sqlite3"))
    assert not is_current(database_at_the_revision_before_head(tmp_path / "older.sqlite3"))
    assert not is_current(newer_database(tmp_path / "newer.sqlite3"))
    assert not is_current(tmp_path / "none.sqlite3")
    (tmp_path / "junk.sqlite3").write_bytes(b"\x00junk" * 100)
    assert not is_current(tmp_path / "junk.sqlite3")


def test_a_current_database_opens_on_first_use_with_its_rows(tmp_path: Path):
    db = open_current_database(current_database(tmp_path / "current.sqlite3"))
    assert db is not None and not db.is_open
    assert db.read(lambda conn: conn.execute("SELECT first_name FROM participants").fetchall()) == [("Zoë",)]
    assert not db.is_open  # a plain read opens nothing
    with db.transaction() as s:
        assert [p.first_name for p in s.query(Participant)] == ["Zoë"]
    assert db.is_open
    db.close()


@pytest.mark.parametrize("make", [database_at_the_revision_before_head, newer_database])
def test_a_database_not_at_the_head_is_left_to_the_full_opening(tmp_path: Path, make):
    assert open_current_database(make(tmp_path / "db.sqlite3")) is None


def test_an_older_database_is_migrated_to_the_head(tmp_path: Path):
    db = open_database(database_at_the_revision_before_head(tmp_path / "older.sqlite3"))
    assert current_revision(db.engine) == HEAD
    db.close()


def test_a_database_from_a_newer_on_ramp_is_refused_and_left_as_it_was(tmp_path: Path):
    path = newer_database(tmp_path / "newer.sqlite3")
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew):
        open_database(path)
    assert path.read_bytes() == before


def test_the_app_refuses_a_database_from_a_newer_on_ramp_in_plain_words(tmp_path: Path):
    data_dir = tmp_path / "data"
    newer_database(database_path(data_dir))
    result = run_onramp("--self-test", data_dir=data_dir)
    assert result.returncode == 1
    assert "made by a newer version of On-Ramp" in result.stderr
    assert "Traceback" not in result.stderr
