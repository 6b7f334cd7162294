"""Migration 0013: dates and times stored without their fraction (pulled rows, before this release) get
``.000000``, so SQLite's text comparisons treat them as this laptop's own; nothing else changes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import text

from desktop.models import Participant, TasterSession, migrations, open_database
from desktop.models.database import make_engine


def _make_0012_database(path: Path) -> None:
    engine = make_engine(path)
    migrations.upgrade(engine, "0012_commons")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO venues (id, updated_at, origin, deleted, name, kind, address, access_notes, step_free,"
                " public_transport, parking, offers, languages, notes)"
                " VALUES ('v1', '1767225600000-000000-hub:9', 'b', 0, 'Union Hall 12', 'union_hall', '', '', 0, 0,"
                " 0, '[]', '[]', '')"
            )
        )
        for n, (starts, created) in enumerate(
            (("2026-05-02 18:00:00", "2026-05-01 10:00:00"), ("2026-05-09 18:00:00.250000", None)), start=1
        ):
            conn.execute(
                text(
                    "INSERT INTO sessions (id, updated_at, origin, deleted, venue_id, title, starts_at,"
                    " duration_minutes, lesson_ids, hosts, helpers, capacity, language, status, notes)"
                    f" VALUES ('s{n}', '1767225600000-00000{n}-hub:{n}', 'b', 0, 'v1', 'Spreadsheets', :starts,"
                    " 90, '[]', '[]', '[]', 12, 'en', 'closed', '')"
                ),
                {"starts": starts},
            )
            conn.execute(
                text(
                    "INSERT INTO participants (id, updated_at, origin, deleted, first_name, last_name, pronouns,"
                    " phone, email, contact_consent, contact_consent_at, contact_consent_text, language,"
                    " languages, experience, came_with, access_needs, heard_from, is_minor, guardian_name, stage,"
                    " never_pair_with, notes, search_key, phone_last4, erased, created_at)"
                    f" VALUES ('p{n}', '1767225600000-00000{n}-hub:{n + 2}', 'b', 0, 'Zoë', '', '', '', '', 0,"
                    " :consent, '', 'en', '[]', '', '', '', '', 0, '', 'newcomer', '[]', '', 'zoe', '', 0,"
                    " '2026-05-01 10:00:00.500000')"
                ),
                {"consent": created},
            )
            conn.execute(
                text(
                    "INSERT INTO sign_ins (id, updated_at, origin, deleted, session_id, participant_id, signed_in_at,"
                    " as_helper, first_visit, came_with, source, voided, row_code)"
                    f" VALUES ('i{n}', '1767225600000-00000{n}-hub:{n + 4}', 'b', 0, 's{n}', 'p{n}',"
                    " '2026-05-02 18:05:00', 0, 0, '', 'kiosk', 0, '')"
                )
            )
    engine.dispose()


def test_a_0012_database_upgrades_with_every_date_and_time_in_one_text_form(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    _make_0012_database(path)
    db = open_database(path)
    try:
        assert migrations.current_revision(db.engine) == migrations.HEAD
        with db.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT s.starts_at, p.contact_consent_at, p.created_at, i.signed_in_at, v.starts_at FROM sessions s"
                " JOIN sign_ins i ON i.session_id = s.id JOIN participants p ON p.id = i.participant_id"
                " JOIN visits v ON v.session_id = s.id ORDER BY s.id"
            ).all()
        assert [tuple(r) for r in rows] == [
            (
                "2026-05-02 18:00:00.000000",
                "2026-05-01 10:00:00.000000",
                "2026-05-01 10:00:00.500000",
                "2026-05-02 18:05:00.000000",
                "2026-05-02 18:00:00.000000",  # the visit the session's trigger keeps follows it
            ),
            (
                "2026-05-09 18:00:00.250000",
                None,
                "2026-05-01 10:00:00.500000",
                "2026-05-02 18:05:00.000000",
                "2026-05-09 18:00:00.250000",
            ),
        ]
        with db.transaction() as s:
            at_six = s.query(TasterSession.id).filter(TasterSession.starts_at >= datetime(2026, 5, 2, 18)).all()
            assert sorted(i for (i,) in at_six) == ["s1", "s2"]
            assert s.get(Participant, "p1").contact_consent_at == datetime(2026, 5, 1, 10)
            assert s.query(Participant).count() == 2
    finally:
        db.close()
