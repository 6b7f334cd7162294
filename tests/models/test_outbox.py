"""Every local change to a shared row is stamped and recorded in the outbox, in the same transaction."""

from datetime import datetime

import pytest
from sqlalchemy import func, select

from desktop.models import OutboxEntry, Participant, TasterSession, Venue
from desktop.models.outbox import HardDeleteError, allowing_purge, applying_remote


def outbox(db):
    with db.session() as s:
        return list(s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))


def test_an_insert_writes_one_outbox_entry_with_the_whole_row(db):
    with db.transaction() as s:
        s.add(Venue(name="Iglesia Nueva Vida", kind="place_of_worship", languages=["es"]))
    (entry,) = outbox(db)
    assert entry.op == "insert" and entry.table_name == "venues"
    assert entry.fields["name"] == "Iglesia Nueva Vida"
    assert entry.fields["languages"] == ["es"]
    assert entry.fields["deleted"] is False
    assert entry.version and entry.base_version == ""


def test_an_update_records_only_changed_fields_and_the_version_it_started_from(db):
    with db.transaction() as s:
        v = Venue(name="Salon", kind="salon")
        s.add(v)
    first_version = v.updated_at
    with db.transaction() as s:
        s.get(Venue, v.id).address = "17 Market Row"
    update = outbox(db)[-1]
    assert update.op == "update"
    assert update.fields == {"address": "17 Market Row"}
    assert update.base_version == first_version
    assert update.version > first_version


def test_a_rolled_back_change_leaves_no_outbox_entry(db):
    with pytest.raises(RuntimeError), db.transaction() as s:
        s.add(Venue(name="Never saved"))
        s.flush()
        raise RuntimeError("host cancelled")
    assert outbox(db) == []
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Venue)) == 0


def test_shared_rows_cannot_be_hard_deleted_only_tombstoned(db):
    with db.transaction() as s:
        v = Venue(name="Library")
        s.add(v)
    with pytest.raises(HardDeleteError), db.transaction() as s:
        s.delete(s.get(Venue, v.id))
    with db.transaction() as s:
        s.get(Venue, v.id).deleted = True
    assert outbox(db)[-1].op == "delete"


def test_purge_is_allowed_only_inside_allowing_purge(db):
    with db.transaction() as s:
        p = Participant(first_name="Zoë")
        s.add(p)
    with db.transaction() as s, allowing_purge(s):
        s.delete(s.get(Participant, p.id))
    with db.session() as s:
        assert s.get(Participant, p.id) is None


def test_changes_applied_from_the_hub_keep_their_version_and_write_no_outbox(db):
    with db.transaction() as s, applying_remote(s):
        s.add(Venue(id="remote-1", name="From the hub", updated_at="0000000000001-000000-hub", origin="hub"))
    assert outbox(db) == []
    with db.session() as s:
        v = s.get(Venue, "remote-1")
        assert v.updated_at == "0000000000001-000000-hub" and v.origin == "hub"


def test_rows_carry_this_device_as_origin_and_a_uuid_made_locally(db):
    with db.transaction() as s:
        v = Venue(name="Union Hall")
        s.add(v)
        s.flush()
        ts = TasterSession(venue_id=v.id, starts_at=datetime(2026, 1, 5, 18))
        s.add(ts)
    assert v.origin == db.device_id and len(v.id) == 36
    assert ts.updated_at > v.updated_at


def test_unicode_names_survive_the_outbox_round_trip(db):
    names = ["José", "Nguyễn Thị Hoa", "王芳", "Олена", "محمد", "Siobhán"]
    with db.transaction() as s:
        s.add_all(Participant(first_name=n) for n in names)
    assert [e.fields["first_name"] for e in outbox(db)] == names


def test_every_database_opened_in_one_process_records_its_changes(tmp_path):
    """Opening many databases in turn (tests, a restored backup) never loses the outbox."""
    import gc

    from desktop.models import open_database

    for i in range(20):
        database = open_database(tmp_path / f"db{i}.sqlite3")
        with database.transaction() as s:
            s.add(Venue(name=f"Venue {i}"))
        assert [e.op for e in outbox(database)] == ["insert"], f"database {i} wrote no outbox"
        database.close()
        del database
        gc.collect()  # lets a later database reuse the memory (and id) of an earlier one


def test_a_column_added_later_travels_in_an_insert_only_when_it_holds_something(db):
    """An older hub refuses fields it does not know: a kiosk sign-in or a session without an estimate
    must not carry the paper row code or the estimate, so rows that do not use them keep syncing."""
    from desktop.models import SignIn

    with db.transaction() as s:
        venue = Venue(name="Salon", kind="salon")
        s.add(venue)
        s.flush()
        session = TasterSession(venue_id=venue.id, title="Taster", starts_at=datetime(2026, 11, 28, 18))
        person = Participant(first_name="Ana")
        s.add_all([session, person])
        s.flush()
        s.add(SignIn(session_id=session.id, participant_id=person.id))
        s.add(SignIn(session_id=session.id, participant_id=person.id, source="paper", row_code="K7M-07"))
    inserts = {(e.table_name, e.fields.get("source")): e.fields for e in outbox(db) if e.op == "insert"}
    assert "headcount_estimate" not in inserts[("sessions", None)]
    assert "row_code" not in inserts[("sign_ins", "kiosk")]
    assert inserts[("sign_ins", "paper")]["row_code"] == "K7M-07"
    with db.session() as s:
        assert {row.row_code for row in s.scalars(select(SignIn))} == {"", "K7M-07"}
