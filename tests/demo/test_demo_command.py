"""`onramp demo` never fills a real database: the separate demo one, unless a folder is named and confirmed."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_onramp


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """A person's environment with its own home and data folders, and no ONRAMP_DATA_DIR."""
    env = {k: v for k, v in os.environ.items() if k != "ONRAMP_DATA_DIR"}
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "home" / ".local" / "share"))
    return env


def people_in(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT count(*) FROM participants").fetchone()[0]
    finally:
        conn.close()


def real_database(home: dict[str, str]) -> Path:
    return Path(home["XDG_DATA_HOME"]) / "onramp" / "onramp.sqlite3"


def test_demo_with_no_folder_named_fills_the_demo_database_that_onramp_demo_opens(home: dict[str, str]):
    made = run_onramp("demo", "--participants", "7", "--sessions", "2", env=home)
    assert made.returncode == 0, made.stderr
    demo = real_database(home).parent / "demo" / "onramp.sqlite3"
    assert str(demo) in made.stdout and "onramp --demo" in made.stdout
    assert people_in(demo) == 7
    assert not real_database(home).exists()  # the real database was never made, let alone filled
    opened = run_onramp("--demo", "--self-test", env=home)
    assert opened.returncode == 0, opened.stderr
    assert f"database {demo}" in opened.stdout
    assert people_in(demo) == 7  # opened as it is: not filled a second time


def test_demo_into_a_named_folder_that_holds_a_database_asks_first_and_no_answer_is_no(tmp_path: Path):
    real = tmp_path / "real"
    real.mkdir()
    db = run_onramp("sessions", "list", data_dir=real)
    assert db.returncode == 0, db.stderr
    path = real / "onramp.sqlite3"
    before = path.read_bytes()
    for answer in ("", "n\n", "whatever\n"):
        refused = run_onramp("demo", data_dir=real, input=answer)
        assert refused.returncode != 0
        assert "perhaps a real one" in refused.stdout and "[y/N]" in refused.stdout
        assert refused.stderr.count("\n") == 1 and "Nothing was added" in refused.stderr
    assert path.read_bytes() == before
    assert people_in(path) == 0


@pytest.mark.parametrize(("how", "answer"), [("typed yes", "y\n"), ("--yes", None)])
def test_demo_into_a_named_folder_fills_it_once_confirmed(tmp_path: Path, how: str, answer: str | None):
    real = tmp_path / "real"
    assert run_onramp("sessions", "list", data_dir=real).returncode == 0
    extra = ("--yes",) if answer is None else ()
    filled = run_onramp("demo", "--participants", "4", "--sessions", "1", *extra, data_dir=real, input=answer or "")
    assert filled.returncode == 0, filled.stderr
    assert people_in(real / "onramp.sqlite3") == 4
    assert ("[y/N]" in filled.stdout) is (answer is not None)


def test_spanish_asks_for_si(tmp_path: Path):
    real = tmp_path / "real"
    assert run_onramp("sessions", "list", data_dir=real).returncode == 0
    filled = run_onramp(
        "--language", "es", "demo", "--participants", "3", "--sessions", "1", data_dir=real, input="sí\n"
    )
    assert filled.returncode == 0, filled.stderr
    assert "[s/N]" in filled.stdout and people_in(real / "onramp.sqlite3") == 3


def test_demo_into_a_new_named_folder_needs_no_question(tmp_path: Path):
    """A folder with no database holds nothing real: filling it is what the person asked for."""
    new = tmp_path / "new"
    filled = run_onramp("demo", "--participants", "2", "--sessions", "1", data_dir=new, input="")
    assert filled.returncode == 0, filled.stderr
    assert "[y/N]" not in filled.stdout and people_in(new / "onramp.sqlite3") == 2
