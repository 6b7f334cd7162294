"""An erased person never comes back: not by a stale laptop, a merge, a restored backup, nor in the files' bytes."""

from __future__ import annotations

import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import select

from desktop.backup import restore_backup, take_backup
from desktop.models import OutboxEntry, Participant
from desktop.signin.erasure import erase_participant
from desktop.signin.exit_cards import ExitCardDraft, record_exit_card
from desktop.signin.merge import merge_participants
from desktop.sync import identity
from desktop.sync import protocol as P
from hub.store import op_log, organisations, rows
from tests.helpers import wait_until
from tests.hubtools import Laptop, hub_rows
from tests.sync.conftest import enrolled
from tests.sync.scenarios import add_person, add_session, add_venue, edit, get, sign_in


def _host_erases(laptop: Laptop, person_id: str) -> None:
    """The host's Erase button on the roster."""
    with laptop.db.transaction() as s:
        erase_participant(s, person_id)


def _laptop_text(laptop: Laptop) -> str:
    """Every value of every table on a laptop (rows, outbox, conflicts, search index), as one text."""
    with laptop.db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        tables = [t for (t,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return "\n".join(
            json.dumps(row, default=str, ensure_ascii=False)
            for table in tables
            for row in raw.execute(f'SELECT * FROM "{table}"')
        )


def _hub_text(engine, org: str) -> str:
    """Every row, flagged conflict and op-log reason the hub holds for an organisation, as one text."""
    with engine.connect() as conn:
        org_id = conn.execute(select(organisations.c.id).where(organisations.c.name == org)).scalar_one()
        held = [
            f"{r.data}\n{r.conflicts}"
            for r in conn.execute(select(rows.c.data, rows.c.conflicts).where(rows.c.org_id == org_id))
        ]
        held += list(conn.execute(select(op_log.c.reason).where(op_log.c.org_id == org_id)).scalars())
    return "\n".join(held)


def _file_bytes(db_path: Path) -> bytes:
    """The database file and its write-ahead log, as they are on disk."""
    wal = db_path.with_name(db_path.name + "-wal")
    return db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _card(laptop: Laptop, session_id: str, person_id: str, comment: str) -> None:
    with laptop.db.transaction() as s:
        record_exit_card(
            s, session_id, ExitCardDraft(rating=3, will_return="yes", participant_id=person_id, comment=comment)
        )


def _merge(laptop: Laptop, keep: str, duplicate: str) -> None:
    with laptop.db.transaction() as s:
        merge_participants(s, keep, duplicate)


def test_a_stale_laptops_edits_visits_cards_and_merges_leave_no_trace_of_an_erased_person(any_hub, org, laptops):
    a, stale = enrolled(any_hub, org, laptops(2))
    session = add_session(a, add_venue(a))
    # Two people who will ask to be forgotten; one will be merged into a record, one will keep a record merged in.
    quillon = add_person(
        a,
        "Quillon",
        "Farnsby",
        phone="555-0177",
        email="quillon@example.org",
        notes="Quillon likes spreadsheets",
        pronouns="xe/xem",
        contact_consent=True,
    )
    rhiannon = add_person(
        a,
        "Rhiannon",
        "Vasquez-Tull",
        phone="555-0166",
        email="rhiannon@example.org",
        access_needs="Rhiannon needs step-free access",
        contact_consent=True,
    )
    zephyra = add_person(a, "Zephyra", "Okonkwo")  # an empty record, as if Quillon had registered twice
    dunstan = add_person(a, "Dunstan", "Pell", phone="555-0155", contact_consent=True)
    sign_in(a, session, quillon, came_with="Quillon came with Mireille")
    a.sync(), stale.sync()

    # Offline, the stale laptop works with both people; meanwhile the host on the other laptop erases them.
    edit(stale, Participant, quillon, phone="555-0188", notes="Quillon moved to Elm Street")
    sign_in(stale, session, quillon, came_with="Quillon's cousin Bertrand")
    _card(stale, session, quillon, "Quillon here: loved it")
    _card(stale, session, rhiannon, "Rhiannon: too fast for me")
    _merge(stale, zephyra, quillon)  # Quillon's record merged into Zephyra's
    _merge(stale, rhiannon, dunstan)  # Dunstan's record merged into Rhiannon's
    _host_erases(a, quillon)
    _host_erases(a, rhiannon)
    a.sync()
    stale.sync(), a.sync(), stale.sync()

    secrets = [
        "Quillon",
        "Farnsby",
        "555-0177",
        "555-0188",
        "quillon@",
        "xe/xem",
        "spreadsheets",
        "Mireille",
        "Bertrand",
        "Elm Street",
        "loved it",
        "Rhiannon",
        "Vasquez",
        "555-0166",
        "rhiannon@",
        "step-free",
        "too fast",
    ]
    for where, text in (
        ("laptop", _laptop_text(a)),
        ("stale laptop", _laptop_text(stale)),
        ("hub", _hub_text(any_hub.engine, org)),
    ):
        assert [s for s in secrets if s in text] == [], where
    on_hub = hub_rows(any_hub.engine, org)
    assert on_hub[("participants", quillon)] == P.participant_tombstone()
    assert on_hub[("participants", rhiannon)] == P.participant_tombstone()
    assert (on_hub[("participants", zephyra)]["first_name"], on_hub[("participants", zephyra)]["phone"]) == (
        "Zephyra",
        "",
    )
    # The merges that touched an erased person were refused, and the host is told why in plain words.
    refused = {e.row_id: e.rejected_reason for e in _entries(stale) if e.rejected_reason}
    assert "erased" in refused[quillon] and "erased" in refused[dunstan]
    assert on_hub[("participants", dunstan)]["merged_into"] is None
    assert get(stale, Participant, dunstan).first_name == "Dunstan"  # his own record, not the erased person's


def _entries(laptop: Laptop) -> list[OutboxEntry]:
    with laptop.db.transaction() as s:
        found = list(s.scalars(select(OutboxEntry)))
        for e in found:
            s.expunge(e)
        return found


def _reopen_restored(laptop: Laptop, backup: Path) -> Laptop:
    laptop.close()
    restore_backup(backup, laptop.db.path)
    return Laptop.open(laptop.data_dir, name=laptop.name)


def _enrol_again(laptop: Laptop, hub, org: str) -> None:
    """A restored laptop whose backup is older than its last accepted push is a new device: it takes
    a new identity and is enrolled again. One with nothing pushed since is still the enrolled device
    (the hub refuses a second enrolment under a live id) and syncs with its own token."""
    if identity.check_identity(laptop.db):
        laptop.enrol(hub.url, hub.code(org))


def test_restoring_a_backup_from_before_an_erasure_does_not_bring_the_person_back(hub, org, laptops, tmp_path):
    a, b = enrolled(hub, org, laptops(2))
    session = add_session(a, add_venue(a))
    person = add_person(a, "Ottoline", "Brackenridge", phone="555-0133", notes="Ottoline's daughter drives her")
    sign_in(a, session, person, came_with="Ottoline's daughter")
    a.sync(), b.sync()
    backup = take_backup(b.db.path, tmp_path / "backups", "session-closed")
    _host_erases(a, person)
    a.sync(), b.sync()

    restored = _reopen_restored(b, backup)
    secrets = ["Ottoline", "Brackenridge", "555-0133", "daughter"]
    # Gone at once, before any sync: the restore re-applies the erasures the laptop knew of.
    assert [s for s in secrets if s in _laptop_text(restored)] == []
    assert get(restored, Participant, person).erased
    _enrol_again(restored, hub, org)
    restored.sync(), a.sync()
    for text in (_laptop_text(restored), _laptop_text(a), _hub_text(hub.engine, org)):
        assert [s for s in secrets if s in text] == []


def test_an_erasure_not_yet_sent_survives_restoring_an_older_backup_and_reaches_the_hub(hub, org, laptops, tmp_path):
    a, b = enrolled(hub, org, laptops(2))
    person = add_person(a, "Philippa", "Cardew-Hythe", email="philippa@example.org")
    a.sync(), b.sync()
    backup = take_backup(b.db.path, tmp_path / "backups", "manual")
    _host_erases(b, person)  # offline: the erasure waits in b's outbox

    restored = _reopen_restored(b, backup)
    assert "Philippa" not in _laptop_text(restored)
    _enrol_again(restored, hub, org)
    restored.sync(), a.sync()
    assert hub_rows(hub.engine, org)[("participants", person)] == P.participant_tombstone()
    for text in (_laptop_text(a), _hub_text(hub.engine, org)):
        assert "Philippa" not in text and "philippa@" not in text


def test_the_hub_on_sqlite_leaves_no_erased_bytes_in_its_database_file_or_write_ahead_log(hub, org, laptops):
    (a,) = enrolled(hub, org, laptops(1))
    session = add_session(a, add_venue(a))
    person = add_person(a, "Thaddeus", "Quillfeather", phone="555-0122", notes="Thaddeus-private-note")
    sign_in(a, session, person, came_with="Thaddeus-came-with")
    a.sync()
    db_file = Path(hub.database_url.split("///", 1)[1])
    assert b"Quillfeather" in _file_bytes(db_file)  # the check below can see the bytes when they are there

    _host_erases(a, person)
    a.sync()

    secrets = ("Thaddeus", "Quillfeather", "555-0122", "private-note", "came-with")
    # Emptied at once when nothing reads the store, else in the background as soon as nothing does.
    assert wait_until(lambda: not any(s.encode() in _file_bytes(db_file) for s in secrets), 30), [
        s for s in secrets if s.encode() in _file_bytes(db_file)
    ]


def test_an_erasure_while_a_pull_reads_the_hub_stalls_no_push_and_its_bytes_go_once_the_read_ends(hub, org, laptops):
    (a,) = enrolled(hub, org, laptops(1))
    (other,) = enrolled(hub, f"{org} elsewhere", laptops(1, prefix="other"))
    person = add_person(a, "Wilhelmina", "Fenwick-Oduya", phone="555-0144")
    a.sync()
    db_file = Path(hub.database_url.split("///", 1)[1])
    _host_erases(a, person)
    add_venue(other, "Northside Union Hall")

    # A long pull: a read transaction open on the hub's file, as another laptop's pull holds one.
    reader = sqlite3.connect(db_file, isolation_level=None)
    with ThreadPoolExecutor(2) as pool:
        try:
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM rows").fetchone()
            erasing, elsewhere = pool.submit(a.sync), pool.submit(other.sync)
            # Bounded: before, the erasing push held the write lock up to 30 s waiting for the reader.
            assert erasing.result(timeout=20).pushed == 1
            assert elsewhere.result(timeout=20).pushed == 1
            assert b"Fenwick-Oduya" in _file_bytes(db_file)  # the reader still needs the old pages
        finally:
            reader.rollback()
            reader.close()

    assert hub_rows(hub.engine, org)[("participants", person)] == P.participant_tombstone()
    wal = db_file.with_name(db_file.name + "-wal")
    # The hub empties its log in the background once the reader is gone.
    assert wait_until(
        lambda: b"Fenwick-Oduya" not in _file_bytes(db_file) and (not wal.exists() or wal.stat().st_size == 0), 30
    )


def test_a_laptop_that_pulls_an_erasure_leaves_no_erased_bytes_in_its_files(hub, org, laptops):
    a, b = enrolled(hub, org, laptops(2))
    session = add_session(a, add_venue(a))
    person = add_person(a, "Cosima", "Wetherell", phone="555-0111", notes="Cosima-private-note")
    sign_in(a, session, person, came_with="Cosima-came-with")
    a.sync(), b.sync()
    assert b"Wetherell" in _file_bytes(b.db.path)

    _host_erases(a, person)
    a.sync(), b.sync()

    held = _file_bytes(b.db.path).lower()
    for secret in ("Cosima", "Wetherell", "555-0111", "private-note", "came-with"):
        assert secret.lower().encode() not in held, secret
