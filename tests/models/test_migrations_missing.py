"""A copy of On-Ramp without its Alembic scripts says so in plain words, and changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.models import DatabaseProblem, migrations, open_database
from desktop.models.database import make_engine


@pytest.fixture
def scripts(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the migration scripts the test may damage; Alembic reads this one."""
    copy = tmp_path / "migrations"
    shutil.copytree(migrations.SCRIPT_LOCATION, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrations, "SCRIPT_LOCATION", copy)
    return copy


def _first_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(migrations.alembic_config(None)).get_base()


def _open_fails_plainly(path: Path) -> str:
    with pytest.raises(DatabaseProblem) as caught:
        open_database(path)
    assert isinstance(caught.value, migrations.MigrationsMissing)
    message = str(caught.value)
    assert "scripts that set it up are missing" in message and "install On-Ramp again" in message
    return message


def test_a_missing_scripts_folder_is_a_plain_database_problem(scripts: Path, tmp_path: Path) -> None:
    shutil.rmtree(scripts)
    _open_fails_plainly(tmp_path / "new.sqlite3")


def test_an_empty_revisions_folder_is_not_mistaken_for_a_newer_database(scripts: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    migrations.upgrade(engine, _first_revision())
    engine.dispose()
    for revision in (scripts / "versions").glob("*.py"):
        revision.unlink()
    message = _open_fails_plainly(path)
    assert "newer version" not in message


def test_a_missing_alembic_environment_leaves_an_older_database_as_it_was(scripts: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    first = _first_revision()
    migrations.upgrade(engine, first)
    engine.dispose()
    before = path.read_bytes()
    (scripts / "env.py").unlink()
    _open_fails_plainly(path)
    assert path.read_bytes() == before
    assert migrations.current_revision(make_engine(path)) == first


def test_a_current_database_opens_without_loading_the_scripts(scripts: Path, tmp_path: Path) -> None:
    path = tmp_path / "current.sqlite3"
    open_database(path).close()
    shutil.rmtree(scripts)
    db = open_database(path)
    assert migrations.current_revision(db.engine) == migrations.HEAD
    db.close()


def test_the_command_line_prints_the_message_not_a_traceback(scripts: Path, tmp_path: Path, capsys) -> None:
    from desktop.cli import main

    shutil.rmtree(scripts / "versions")
    code = main(["--data-dir", str(tmp_path / "data"), "lessons", "list"])
    err = capsys.readouterr().err
    assert code == 1
    assert "scripts that set it up are missing" in err and "Traceback" not in err
