"""Migration 0008: a database made at 0007, with sign-ins in it, opens with the Reports page's covering
indexes in place of the narrower sign-in indexes, its records kept, and the report answered from them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import event, inspect, text

from desktop.models import migrations, open_database
from desktop.models.database import make_engine
from desktop.reports import ReportFilter, build_report


def _make_0007_database(path: Path) -> None:
    engine = make_engine(path)
    migrations.upgrade(engine, "0007_learning_records")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO venues (id, updated_at, origin, deleted, name, kind, address, access_notes, step_free,"
                " public_transport, parking, offers, languages, notes)"
                " VALUES ('v1', '1767225600000-000000-old', 'old', 0, 'Union Hall 12', 'union_hall', '', '', 0, 0, 0,"
                " '[]', '[]', '')"
            )
        )
        for n, day in ((1, "02"), (2, "09")):
            conn.execute(
                text(
                    "INSERT INTO sessions (id, updated_at, origin, deleted, venue_id, title, starts_at,"
                    " duration_minutes, lesson_ids, hosts, helpers, capacity, language, status, notes)"
                    f" VALUES ('s{n}', '1767225600000-00000{n}-old', 'old', 0, 'v1', 'Spreadsheets',"
                    f" '2026-05-{day} 18:00:00.000000', 90, '[]', '[]', '[]', 12, 'en', 'closed', '')"
                )
            )
        conn.execute(
            text(
                "INSERT INTO participants (id, updated_at, origin, deleted, first_name, last_name, pronouns, phone,"
                " email, contact_consent, contact_consent_text, language, languages, experience, came_with,"
                " access_needs, heard_from, is_minor, guardian_name, stage, never_pair_with, notes, search_key,"
                " phone_last4, erased, created_at)"
                " VALUES ('p1', '1767225600000-000003-old', 'old', 0, 'Zoë', '', '', '', '', 0, '', 'en', '[]', '',"
                " '', '', '', 0, '', 'newcomer', '[]', '', 'zoe', '', 0, '2026-05-01 10:00:00.000000')"
            )
        )
        for n, (session, source) in enumerate((("s1", "kiosk"), ("s1", "host"), ("s2", "paper")), start=4):
            conn.execute(
                text(
                    "INSERT INTO sign_ins (id, updated_at, origin, deleted, session_id, participant_id, signed_in_at,"
                    " as_helper, first_visit, came_with, source, voided, row_code)"
                    f" VALUES ('i{n}', '1767225600000-00000{n}-old', 'old', 0, '{session}', 'p1',"
                    f" '2026-05-02 18:00:00.000000', 0, 0, '', '{source}', 0, '')"
                )
            )
    engine.dispose()


def _index_columns(path: Path) -> dict[str, list[str]]:
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            found = inspect(conn)
            return {
                index["name"]: [str(c) for c in index["column_names"]]
                for table in ("sign_ins", "sessions")
                for index in found.get_indexes(table)
                if index["name"]
            }
    finally:
        engine.dispose()


def test_a_0007_database_with_sign_ins_upgrades_to_the_report_indexes_keeping_every_record(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    _make_0007_database(path)
    before = _index_columns(path)
    assert "ix_sign_ins_session_live" in before and "ix_sign_ins_session_visits" not in before

    db = open_database(path)
    try:
        assert migrations.current_revision(db.engine) == migrations.HEAD
        with db.session() as s:
            report = build_report(s, ReportFilter())
        assert (report.sessions_held, report.sign_ins, report.visits, report.people) == (2, 3, 2, 1)
        assert (report.first_timers, report.returners) == (1, 1)
    finally:
        db.close()
    after = _index_columns(path)
    assert "ix_sign_ins_session_live" not in after and "ix_sign_ins_person_sessions" not in after
    assert after["ix_sign_ins_session_visits"] == [
        "session_id",
        "voided",
        "deleted",
        "participant_id",
        "as_helper",
        "source",
    ]
    assert after["ix_sign_ins_person_visits"] == ["participant_id", "session_id", "voided", "deleted", "as_helper"]
    assert after["ix_sessions_by_id"][0] == "id" and after["ix_sessions_by_date"][0] == "starts_at"


def test_the_report_reads_sign_ins_from_its_covering_indexes_never_row_by_row(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    _make_0007_database(path)
    db = open_database(path)
    statements: list[tuple[str, tuple[object, ...]]] = []

    def grab(_conn: object, _cursor: object, statement: str, parameters: tuple[object, ...], *_args: object) -> None:
        statements.append((statement, parameters))

    try:
        event.listen(db.engine, "before_cursor_execute", grab)
        with db.session() as s:
            build_report(s, ReportFilter())
    finally:
        db.close()
    con = sqlite3.connect(path)
    try:
        plans = [row[3] for sql, args in statements for row in con.execute("EXPLAIN QUERY PLAN " + sql, args)]
    finally:
        con.close()
    on_sign_ins = [step for step in plans if "sign_ins" in step or "someone" in step]
    assert on_sign_ins and all("COVERING INDEX" in step for step in on_sign_ins), on_sign_ins
