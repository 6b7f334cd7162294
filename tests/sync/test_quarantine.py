"""A laptop never lets one bad pulled row break a page or sync: it keeps the row aside and goes on."""

from __future__ import annotations

import json
import os
from datetime import datetime

from sqlalchemy import select, update

from desktop import vocabulary as V
from desktop.models import Participant, QuarantinedChange, SyncState, TasterSession, Venue
from desktop.sessions.planning import SessionDraft, create_session
from desktop.sessions.venues import VenueDraft, create_venue
from desktop.sync import protocol as P
from desktop.sync import quarantine
from desktop.sync.client import parse_page
from desktop.sync.engine import apply_page
from desktop.sync.quarantine import kept_aside
from hub.store import organisations, rows
from tests.conftest import run_onramp
from tests.sync.conftest import enrolled

GOOD_PERSON = "7d1c2a4e-0000-4000-8000-00000000000a"
BAD_PERSON = "7d1c2a4e-0000-4000-8000-00000000000b"
BAD_SESSION = "7d1c2a4e-0000-4000-8000-00000000000c"


def _plant(hub, org: str, *planted: tuple[str, str, dict]) -> int:
    """Rows straight into the hub's store, as an older (or damaged) hub might hold them; returns the last seq."""
    with hub.engine.begin() as conn:
        org_id, last = conn.execute(
            select(organisations.c.id, organisations.c.last_seq).where(organisations.c.name == org)
        ).one()
        for table, row_id, data in planted:
            last += 1
            conn.execute(
                rows.insert().values(
                    org_id=org_id,
                    table_name=table,
                    row_id=row_id,
                    seq=last,
                    version=f"1767225600000-000000-hub:{last}",
                    origin="old-hub",
                    complete=True,
                    data=json.dumps(data),
                    meta="{}",
                    conflicts="[]",
                )
            )
        conn.execute(update(organisations).where(organisations.c.id == org_id).values(last_seq=last))
    return last


def test_a_laptop_keeps_bad_pulled_rows_aside_applies_the_rest_and_its_pages_still_load(hub, org, laptops, qtbot):
    a, b = enrolled(hub, org, laptops(2))
    with a.db.transaction() as s:
        venue = create_venue(s, VenueDraft(name="Curl Up & Dye Salon", kind="salon"))
        good_session = create_session(
            s, SessionDraft(venue_id=venue.id, title="Budget sheet", starts_at=datetime(2026, 5, 2, 18))
        )
        venue_id, good_session_id = venue.id, good_session.id
    a.sync()
    last = _plant(
        hub,
        org,
        (
            "sessions",
            BAD_SESSION,
            {
                "venue_id": venue_id,
                "title": "Never ends",
                "starts_at": "9999-12-31T23:59:59",
                "duration_minutes": 2**62,
                "status": "cancelled!",
                "deleted": False,
            },
        ),
        (
            "participants",
            BAD_PERSON,
            {"first_name": "X" * 5000, "created_at": "2026-05-02T18:00:00+02:00", "deleted": False},
        ),
        ("participants", GOOD_PERSON, {"first_name": "Zoë", "created_at": "2026-05-02T18:00:00", "deleted": False}),
    )

    report = b.sync()  # no exception: the bad rows do not stop the sync

    with b.db.transaction() as s:
        assert s.get(Venue, venue_id) is not None and s.get(TasterSession, good_session_id) is not None
        assert s.get(Participant, GOOD_PERSON).first_name == "Zoë"
        assert s.get(TasterSession, BAD_SESSION) is None and s.get(Participant, BAD_PERSON) is None
        assert s.get(SyncState, 1).pull_cursor >= last  # the cursor moved past them
        aside = {k.row_id: k for k in kept_aside(s)}
    assert report.pulled >= 3
    assert set(aside) == {BAD_SESSION, BAD_PERSON}
    assert aside[BAD_SESSION].field == "starts_at" and "year 9999" in aside[BAD_SESSION].reason
    assert aside[BAD_PERSON].field == "first_name"
    explained = aside[BAD_PERSON].explain()
    assert "first name" in explained and "nothing else was affected" in explained  # its kind is in the Record column

    b.sync()  # pulling again keeps one entry per bad row
    with b.db.transaction() as s:
        assert s.query(QuarantinedChange).count() == 2

    _every_page_loads(b, qtbot)
    started = run_onramp("--self-test", data_dir=b.data_dir, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert started.returncode == 0, started.stderr


def _every_page_loads(laptop, qtbot) -> None:
    """Build the app's pages on the laptop's database and load each one: none may fail."""
    from desktop.settings import Settings
    from desktop.ui.context import AppContext
    from desktop.ui.pages import PAGES
    from desktop.ui.tasks import DbRunner, TaskRunner

    failures: list[BaseException] = []
    ctx = AppContext(
        db=laptop.db,
        db_runner=DbRunner(laptop.db, synchronous=True),
        tasks=TaskRunner(synchronous=True),
        settings=Settings(laptop.data_dir),
        data_dir=laptop.data_dir,
    )
    for runner in (ctx.db_runner, ctx.tasks):
        runner.run = _noting_failures(runner.run, failures)
    try:
        for spec in PAGES:
            page = spec.build(ctx)
            qtbot.addWidget(page)
            page.refresh()  # raises here if showing what it loaded fails
    finally:
        for hook in reversed(ctx.shutdown_hooks):  # the Sync page's worker among them
            hook()
        ctx.db_runner.shutdown()
        ctx.tasks.shutdown()
    assert not failures, failures


def _noting_failures(run, failures: list[BaseException]):
    """``run`` whose callbacks also note every error the background work raised."""

    def checked(fn, on_done=None):
        def done(result, error):
            if error is not None:
                failures.append(error)
            if on_done is not None:
                on_done(result, error)

        return run(fn, done)

    return checked


def _change(table: str, row_id: str, seq: int, **fields) -> dict:
    return {
        "table": table,
        "row_id": row_id,
        "seq": seq,
        "version": f"1767225600000-000000-hub:{seq}",
        "origin": "x",
        "fields": fields,
        "conflicts": [],
    }


def _page(*changes: dict) -> bytes:
    cursor = max(c["seq"] for c in changes)
    return json.dumps({"changes": list(changes), "cursor": cursor, "more": False, "mark": ""}).encode()


def test_a_later_usable_version_of_a_row_replaces_its_kept_aside_entry(db):
    apply_page(
        db, parse_page(_page(_change("participants", BAD_PERSON, 1, first_name="Zoë", stage="ceo", deleted=False)))
    )
    with db.transaction() as s:
        assert [k.row_id for k in kept_aside(s)] == [BAD_PERSON]
    apply_page(
        db, parse_page(_page(_change("participants", BAD_PERSON, 2, first_name="Zoë", stage="returner", deleted=False)))
    )
    with db.transaction() as s:
        assert kept_aside(s) == []
        assert s.get(Participant, BAD_PERSON).stage == "returner"


def test_an_erasure_removes_kept_aside_changes_about_the_person(db):
    apply_page(
        db,
        parse_page(
            _page(
                _change("participants", BAD_PERSON, 1, first_name="Zoë", phone="5" * 100, deleted=False),
                _change(
                    "sign_ins", "si-1", 2, session_id="s1", participant_id=BAD_PERSON, source="telepathy", deleted=False
                ),
            )
        ),
    )
    with db.transaction() as s:
        assert len(kept_aside(s)) == 2
    apply_page(
        db,
        parse_page(
            _page(_change("erasures", "e-1", 3, participant_id=BAD_PERSON, requested_on="2026-05-02", deleted=False))
        ),
    )
    with db.transaction() as s:
        assert kept_aside(s) == []


def test_a_bad_clock_value_on_a_pulled_row_is_kept_aside_not_fed_to_the_laptops_clock(db):
    bad = _change("participants", GOOD_PERSON, 1, first_name="Zoë", deleted=False)
    bad["version"] = "not-a-clock"
    apply_page(db, parse_page(_page(bad, _change("participants", BAD_PERSON, 2, first_name="Ana", deleted=False))))
    with db.transaction() as s:
        assert [k.row_id for k in kept_aside(s)] == [GOOD_PERSON]
        assert s.get(Participant, BAD_PERSON).first_name == "Ana"


def _older_release(monkeypatch, without: str) -> None:
    """This laptop as an older release whose closed set of session statuses lacked ``without``."""
    narrower = frozenset(V.SESSION_STATUSES) - {without}
    rule = P.TABLES["sessions"].rules["status"]._replace(choices=narrower)
    monkeypatch.setitem(P.TABLES["sessions"].rules, "status", rule)
    monkeypatch.setitem(P._TABLE_CHECKS["sessions"], "status", P._ok(rule))
    monkeypatch.setitem(P._TABLE_CLOSED["sessions"], "status", narrower)


def test_a_row_kept_aside_by_an_older_release_is_applied_after_the_update(hub, org, laptops, monkeypatch):
    newer, older = enrolled(hub, org, laptops(2))
    with newer.db.transaction() as s:
        venue = create_venue(s, VenueDraft(name="Mount Zion Fellowship Hall", kind="place_of_worship"))
        closed = create_session(
            s,
            SessionDraft(venue_id=venue.id, title="Spreadsheets for the food bank", starts_at=datetime(2026, 6, 6, 10)),
        )
        closed.status, session_id = "closed", closed.id
    newer.sync()
    _older_release(monkeypatch, without="closed")
    older.sync()
    with older.db.transaction() as s:
        assert s.get(TasterSession, session_id) is None
        assert [k.row_id for k in kept_aside(s)] == [session_id]

    monkeypatch.undo()  # the laptop is updated: "closed" is a status it knows
    report = older.sync()

    with older.db.transaction() as s:
        assert s.get(TasterSession, session_id).status == "closed"
        assert kept_aside(s) == []
    assert "sessions" in report.tables


def test_a_kept_aside_change_never_overwrites_a_newer_version_of_its_row(db, monkeypatch):
    session_id = "7d1c2a4e-0000-4000-8000-00000000000d"
    fields = {"venue_id": "v-1", "title": "Budget sheet", "starts_at": "2026-05-02T18:00:00", "deleted": False}
    apply_page(db, parse_page(_page(_change("sessions", session_id, 1, **fields, status="planned"))))
    _older_release(monkeypatch, without="closed")
    apply_page(db, parse_page(_page(_change("sessions", session_id, 2, **fields, status="closed"))))
    with db.transaction() as s:
        assert len(kept_aside(s)) == 1
        s.get(TasterSession, session_id).title = "Budget sheet, moved indoors"  # edited here since
    monkeypatch.undo()

    assert quarantine.recheck(db) == set()

    with db.transaction() as s:
        held = s.get(TasterSession, session_id)
        assert (held.title, held.status) == ("Budget sheet, moved indoors", "planned")
        assert kept_aside(s) == []
