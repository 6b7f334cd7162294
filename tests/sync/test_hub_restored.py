"""A hub restored from an older copy of its database: the laptops notice, send it what it lost, and
everyone ends up with everything that was ever acknowledged."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.models import Lesson, OutboxEntry, Participant, SyncState, Venue
from desktop.signin.erasure import erase_participant
from desktop.sync import protocol as P
from desktop.sync.client import HubClient
from desktop.sync.engine import _read_batch, apply_page, pull_all, push_pending
from hub.store import organisations
from tests.hubtools import HubProcess, hub_rows, pg_unavailable, postgres_cluster, shared_rows
from tests.sync.scenarios import add_lesson, add_person, add_venue, edit, get, open_conflicts


class RestorableHub:
    """A hub whose database can be copied while it runs and later put back, as an administrator would."""

    def __init__(self, kind: str, tmp_path: Path) -> None:
        self.kind = kind
        self.tmp_path = tmp_path
        if kind == "postgresql":
            cluster = postgres_cluster()
            if cluster is None:
                pytest.skip(pg_unavailable())
            self.cluster = cluster
            self.url = self.cluster.new_database()
            self.dbname = self.url.rsplit("/", 1)[1]
            self.dump = self.cluster.dir / f"{self.dbname}.dump"
        else:
            self.path = tmp_path / "hub.sqlite3"
            self.url = f"sqlite:///{self.path}"
            self.copy = tmp_path / "copy.sqlite3"
        self.hub = HubProcess(self.url)

    def back_up(self) -> None:
        """Copy the database while the hub runs: SQLite's backup API, or pg_dump."""
        if self.kind == "postgresql":
            c = self.cluster
            c._run(
                [
                    str(c.bindir / "pg_dump"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(c.port),
                    "-U",
                    "onramp",
                    "-Fc",
                    "-f",
                    str(self.dump),
                    self.dbname,
                ]
            )
            return
        source, target = sqlite3.connect(self.path), sqlite3.connect(self.copy)
        with target:
            source.backup(target)
        source.close()
        target.close()

    def restore(self) -> HubProcess:
        """Stop the hub, put the copy back, start it again (at a new address)."""
        self.hub.stop()
        if self.kind == "postgresql":
            import psycopg

            c = self.cluster
            with psycopg.connect(f"host=127.0.0.1 port={c.port} user=onramp dbname=postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE "{self.dbname}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{self.dbname}"')
            c._run(
                [
                    str(c.bindir / "pg_restore"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(c.port),
                    "-U",
                    "onramp",
                    "-d",
                    self.dbname,
                    str(self.dump),
                ]
            )
        else:
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(self.copy, self.path)
        self.hub = HubProcess(self.url)
        return self.hub

    def last_seq(self, org: str) -> int:
        with self.hub.engine.connect() as conn:
            return conn.execute(select(organisations.c.last_seq).where(organisations.c.name == org)).scalar_one()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def restorable(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RestorableHub]:
    made = RestorableHub(request.param, tmp_path)
    yield made
    made.hub.stop()


@pytest.fixture
def sqlite_restorable(tmp_path: Path) -> Iterator[RestorableHub]:
    """A restorable hub on SQLite alone, for what does not depend on the store."""
    made = RestorableHub("sqlite", tmp_path)
    yield made
    made.hub.stop()


def _enrol(restorable: RestorableHub, org: str, laptops) -> list:
    hub = restorable.hub
    hub.org(org)
    made = laptops(3)
    for laptop in made:
        laptop.enrol(hub.url, hub.code(org))
    return made


def _synced_then_backed_up(restorable: RestorableHub, org: str, laptops, venue_name: str) -> tuple:
    """Three enrolled laptops that all hold one venue, and a backup of the hub taken then: (a, b, c, venue)."""
    a, b, c = _enrol(restorable, org, laptops)
    venue = add_venue(a, venue_name)
    for laptop in (a, b, c):
        laptop.sync()
    restorable.back_up()
    return a, b, c, venue


def _cursor(laptop) -> int:
    with laptop.db.transaction() as s:
        return s.get(SyncState, 1).pull_cursor


def _converged(hub: HubProcess, org: str, *laptops) -> dict:
    rows = hub_rows(hub.engine, org)
    for laptop in laptops:
        assert shared_rows(laptop) == rows
        assert open_conflicts(laptop) == []
        with laptop.db.transaction() as s:
            assert s.query(OutboxEntry).count() == 0
    return rows


def test_a_hub_restored_from_an_older_copy_gets_back_everything_the_laptops_had(restorable, laptops):
    org = "Restored from a backup"
    a, b, c = _enrol(restorable, org, laptops)
    venue = add_venue(a)
    olena = add_person(b, "Olena", "Kovalenko", phone="555-0142")
    for laptop in (a, b, a, c):
        laptop.sync()
    restorable.back_up()

    # After the copy: changes the hub acknowledged, then lost.
    lesson = add_lesson(a, "A flyer for your salon")
    edit(a, Venue, venue, notes="Side door after 6pm")
    a.sync()
    zoe = add_person(b, "Zoë", "Williams")
    with a.db.transaction() as s:
        erase_participant(s, olena)  # an erasure the restored hub does not know of
    b.sync(), a.sync(), b.sync()
    acknowledged = _converged(restorable.hub, org, a, b)

    hub = restorable.restore()
    assert restorable.last_seq(org) < _cursor(a)
    for laptop in (a, b, c):
        laptop.point_at(hub.url)
    for laptop in (a, b, c, a, b):
        laptop.sync()

    rows = _converged(hub, org, a, b, c)
    assert rows.keys() == acknowledged.keys()
    assert rows == acknowledged
    assert get(c, Lesson, lesson).title == "A flyer for your salon"
    assert get(c, Venue, venue).notes == "Side door after 6pm"
    assert get(c, Participant, zoe).first_name == "Zoë"
    assert rows[("participants", olena)] == P.participant_tombstone()  # erased again, not brought back
    assert a.reports[-2].resent > 0 and b.reports[-2].resent > 0


def test_a_restored_hub_that_took_other_pushes_is_noticed_by_its_history_mark(sqlite_restorable, laptops):
    restorable = sqlite_restorable
    org = "Restored, then written to"
    a, b, c, _venue = _synced_then_backed_up(restorable, org, laptops, "Union hall")
    lesson = add_lesson(a, "Loops with a deck of cards")
    a.sync()

    hub = restorable.restore()
    for laptop in (a, b, c):
        laptop.point_at(hub.url)
    # Another laptop, which never saw what was lost, writes past the first laptop's cursor.
    libraries = _cursor(a)
    for n in range(libraries):
        add_venue(c, f"Library {n}")
    c.sync()
    assert restorable.last_seq(org) >= _cursor(a)  # the cursor alone cannot tell

    for laptop in (a, b, c, a):
        laptop.sync()
    _converged(hub, org, a, b, c)
    assert a.reports[-2].resent > 0
    assert get(c, Lesson, lesson).title == "Loops with a deck of cards"
    with a.db.transaction() as s:
        assert s.query(Venue).filter(Venue.name.startswith("Library ")).count() == libraries


def test_a_pull_with_no_mark_gets_a_page_with_its_mark_and_a_refusal_past_the_hubs_history(hub, org, laptops):
    """A laptop that has not pulled from this hub has no mark to send: every page still carries the
    hub's mark, and a cursor past the hub's history is refused instead of answered empty for ever."""
    import httpx

    from tests.sync.conftest import enrolled

    (laptop,) = enrolled(hub, org, laptops(1))
    add_venue(laptop)
    laptop.sync()
    with laptop.db.transaction() as s:
        token, cursor = s.get(SyncState, 1).device_token, s.get(SyncState, 1).pull_cursor
    auth = {"Authorization": f"Bearer {token}"}
    page = httpx.get(f"{hub.url}/v1/sync/pull", params={"since": 0}, headers=auth)
    assert page.status_code == 200 and page.json().keys() == {"changes", "cursor", "more", "mark"}
    assert page.json()["mark"] and page.json()["cursor"] == cursor
    past = httpx.get(f"{hub.url}/v1/sync/pull", params={"since": cursor + 1}, headers=auth)
    assert past.status_code == 409
    assert (past.json()["code"], past.json()["last_seq"]) == (P.HISTORY_DIVERGED, cursor)


def _client(laptop) -> HubClient:
    """The laptop's own connection to its hub, to run a round's steps one by one."""
    with laptop.db.transaction() as s:
        state = s.get(SyncState, 1)
        return HubClient(state.hub_url, state.device_token)


def test_a_restored_hub_whose_new_history_ends_with_the_same_op_is_still_noticed(sqlite_restorable, laptops):
    """The mark names the whole history up to a sequence number, not only the op logged at it."""
    restorable = sqlite_restorable
    org = "Same last op, other history"
    a, b, c, _venue = _synced_then_backed_up(restorable, org, laptops, "Union hall")
    lost = add_venue(a, "Community centre")
    a.sync()
    add_venue(b, "Barbershop")
    with _client(b) as client:
        client.push(_read_batch(b.db).ops)  # stored, but its answer never reaches the laptop
    a.sync()

    hub = restorable.restore()
    for laptop in (a, b, c):
        laptop.point_at(hub.url)
    other = add_venue(c, "Salon")  # takes the lost venue's sequence number
    c.sync()
    b.sync()  # the barbershop is sent again and takes its old number, and op, again
    assert restorable.last_seq(org) == _cursor(a)

    for laptop in (a, b, c, a):
        laptop.sync()
    _converged(hub, org, a, b, c)
    assert a.reports[-2].resent > 0
    assert get(c, Venue, lost).name == "Community centre"
    assert get(a, Venue, other).name == "Salon"


def test_an_acknowledged_push_whose_pull_never_happened_is_not_lost_to_a_restored_hub(restorable, laptops):
    org = "Pushed, then the network dropped"
    a, b, _c = _enrol(restorable, org, laptops)
    olena = add_person(a, "Olena", "Kovalenko", phone="555-0142")
    a.sync(), b.sync()
    restorable.back_up()
    with a.db.transaction() as s:
        erase_participant(s, olena)
    with _client(a) as client:
        push_pending(a.db, client)  # acknowledged; the pull after it never happens
    assert _cursor(a) < restorable.last_seq(org)

    hub = restorable.restore()
    for laptop in (a, b):
        laptop.point_at(hub.url)
    a.sync(), b.sync()

    rows = _converged(hub, org, a, b)
    assert rows[("participants", olena)] == P.participant_tombstone()
    assert a.reports[-1].resent > 0


def test_a_pulled_row_never_writes_back_the_details_of_a_person_this_laptop_knows_was_erased(
    sqlite_restorable, laptops
):
    restorable = sqlite_restorable
    org = "Erased, then served from an old copy"
    a, b, _c = _enrol(restorable, org, laptops)
    olena = add_person(a, "Olena", "Kovalenko", phone="555-0142", notes="Prefers Ukrainian")
    a.sync(), b.sync()
    restorable.back_up()
    with b.db.transaction() as s:
        erase_participant(s, olena)
    b.sync(), a.sync()
    assert get(a, Participant, olena).phone == ""

    hub = restorable.restore()
    a.point_at(hub.url)
    with _client(a) as client:
        page = client.pull(0, P.MAX_PULL_LIMIT)  # the old copy still holds her details
    assert any(ch["row_id"] == olena and ch["fields"]["phone"] == "555-0142" for ch in page.changes)
    apply_page(a.db, page)

    person = get(a, Participant, olena)
    assert (person.first_name, person.phone, person.notes, person.erased) == ("", "", "", True)


def test_an_edit_waiting_on_history_the_restored_hub_lost_is_flagged_not_silently_applied(sqlite_restorable, laptops):
    restorable = sqlite_restorable
    org = "Edited on a history that is gone"
    a, b, c, venue = _synced_then_backed_up(restorable, org, laptops, "Church hall")
    add_venue(b, "Library")
    edit(b, Venue, venue, notes="Ramp at the back")
    b.sync(), a.sync()  # a now builds on b's edit, two numbers past the copy

    hub = restorable.restore()
    for laptop in (a, b, c):
        laptop.point_at(hub.url)
    edit(c, Venue, venue, notes="The lift is broken")
    c.sync()  # one number past the copy: the restored hub is behind what a's edit builds on
    with _client(a) as client:
        push_pending(a.db, client)
        edit(a, Venue, venue, notes="Use the main door")  # the host edits while the round runs
        pull_all(a.db, client)

    for laptop in (a, b, c, a, b):
        laptop.sync()
    assert get(c, Venue, venue).notes == "The lift is broken"  # the hub kept what it had ...
    assert ("venues", "notes", "The lift is broken", "Use the main door") in open_conflicts(c)  # ... and flagged
