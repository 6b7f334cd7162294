"""Migration 0007: a database made at 0006, with sessions in it, opens with the learning records added."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import inspect, text

from desktop.models import FollowUp, Intervention, LadderStep, Participant, TasterSession, migrations, open_database
from desktop.models.database import make_engine


def test_a_0006_database_with_a_session_upgrades_keeping_it_and_can_hold_every_new_record(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    migrations.upgrade(engine, "0006_paper_row_codes")
    with engine.begin() as conn:
        assert "interventions" not in inspect(conn).get_table_names()
        conn.execute(
            text(
                "INSERT INTO venues (id, updated_at, origin, deleted, name, kind, address, access_notes, step_free,"
                " public_transport, parking, offers, languages, notes)"
                " VALUES ('v1', '1767225600000-000000-old', 'old', 0, 'Union Hall 12', 'union_hall', '', '', 0, 0, 0, '[]', '[]', '')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO sessions (id, updated_at, origin, deleted, venue_id, title, starts_at, duration_minutes,"
                " lesson_ids, hosts, helpers, capacity, language, status, notes)"
                " VALUES ('s1', '1767225600000-000001-old', 'old', 0, 'v1', 'Spreadsheets', '2026-05-02 18:00:00.000000', 90,"
                " '[]', '[]', '[]', 12, 'en', 'closed', '')"
            )
        )
    engine.dispose()

    db = open_database(path)
    try:
        assert migrations.current_revision(db.engine) == migrations.HEAD
        with db.transaction() as s:
            old = s.get(TasterSession, "s1")
            assert (old.title, old.headcount_estimate) == ("Spreadsheets", None)
            old.headcount_estimate = 9
            person = Participant(first_name="Zoë")
            s.add(person)
            s.flush()
            s.add_all(
                [
                    Intervention(venue_id="v1", kind="food", starts_on=date(2026, 6, 1)),
                    FollowUp(participant_id=person.id, followed_up_on=date(2026, 6, 2)),
                    LadderStep(participant_id=person.id, kind="helped", taken_on=date(2026, 6, 3), session_id="s1"),
                ]
            )
        with db.session() as s:
            assert s.get(TasterSession, "s1").headcount_estimate == 9
            assert (s.query(Intervention).count(), s.query(FollowUp).count(), s.query(LadderStep).count()) == (1, 1, 1)
    finally:
        db.close()
