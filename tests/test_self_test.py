"""``onramp --self-test`` fails, naming the page and the error, when any page cannot be built or loaded.

Run as a person (or a packaging check) would: a real subprocess on a real data folder, whose
database has one row a page cannot show, written straight into the SQLite file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import run_onramp

TIMEOUT = 90  # seconds: a self-test stuck behind a dialog nobody can answer fails here, not for ever


def _demo_with(tmp_path: Path, sql: str) -> Path:
    data = tmp_path / "data"
    made = run_onramp("demo", "--participants", "5", "--sessions", "3", data_dir=data)
    assert made.returncode == 0, made.stderr
    with sqlite3.connect(data / "onramp.sqlite3") as conn:
        assert conn.execute(sql).rowcount == 1
    return data


def test_a_session_that_cannot_be_read_fails_the_self_test_without_opening_a_dialog(tmp_path: Path):
    data = _demo_with(
        tmp_path, "UPDATE sessions SET starts_at = 'not a date' WHERE rowid = (SELECT min(rowid) FROM sessions)"
    )
    result = run_onramp("--self-test", data_dir=data, timeout=TIMEOUT)
    assert result.returncode == 1, result.stderr
    assert "self-test: page “Sessions” failed" in result.stderr
    assert "Invalid isoformat string: 'not a date'" in result.stderr
    assert "Traceback" in result.stderr
    assert "self-test ok" not in result.stdout


def test_a_load_error_the_page_shows_in_its_own_words_still_fails_the_self_test(tmp_path: Path):
    """The Lessons page puts its load error in a status line, not a dialog: the self-test still counts it."""
    data = _demo_with(tmp_path, "UPDATE lessons SET tags = '[not json' WHERE rowid = (SELECT min(rowid) FROM lessons)")
    result = run_onramp("--self-test", data_dir=data, timeout=TIMEOUT)
    assert result.returncode == 1, result.stderr
    assert "self-test: page “Lessons” failed" in result.stderr
    assert "JSONDecodeError" in result.stderr
    assert "self-test failed:" in result.stderr
