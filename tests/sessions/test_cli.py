"""`onramp sessions list` from a shell: every session with its id, time, status and venue; the latest marked."""

from __future__ import annotations

from pathlib import Path

from desktop.models import open_database
from desktop.paths import database_path
from desktop.sessions.planning import latest_session, list_sessions
from tests.conftest import run_onramp


def test_sessions_list_prints_each_sessions_id_time_status_and_venue_and_marks_the_latest(data_dir: Path):
    assert run_onramp("demo", "--participants", "5", "--sessions", "6", data_dir=data_dir).returncode == 0
    result = run_onramp("sessions", "list", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    db = open_database(database_path(data_dir))
    try:
        with db.session() as s:
            rows, latest = list_sessions(s), latest_session(s)
    finally:
        db.close()
    assert latest is not None and len(rows) > 3
    lines = [line for line in result.stdout.splitlines() if any(r.id in line for r in rows)]
    assert len(lines) == len(rows)
    for row, line in zip(rows, lines, strict=True):  # in the order of the Sessions page
        assert row.id in line and f"{row.starts_at:%Y-%m-%d %H:%M}" in line and row.venue in line
        assert {"open": "Open", "planned": "Planned", "closed": "Closed"}[row.status] in line
        assert line.startswith("*") == (row.id == latest.id)


def test_sessions_list_on_an_empty_laptop_says_there_are_none(data_dir: Path):
    result = run_onramp("sessions", "list", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "No sessions yet" in result.stdout
