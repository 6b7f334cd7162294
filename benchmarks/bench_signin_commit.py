"""signin_commit: a durable kiosk sign-in against a bare sqlite3 insert+commit, same durability, same run.

Ours: one transaction as the kiosk runs it (a session from the Database, the
duplicate and first-visit checks, the sign-in row and its outbox entry, commit).
Bare: sqlite3 INSERT + COMMIT of a row of the same shape. Both WAL with
synchronous=FULL on the same disk, interleaved so disk noise hits both alike.
Target: p95 ratio <= 3.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from datetime import datetime

from benchmarks.harness import CACHE, Figure, percentile
from desktop.models import Participant, new_id, open_database
from desktop.sessions.planning import SessionDraft, create_session, open_session
from desktop.sessions.venues import VenueDraft, create_venue
from desktop.signin.attendance import sign_in

N = 1000


def run() -> list[Figure]:
    folder = CACHE / "signin-commit"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    db = open_database(folder / "onramp.sqlite3")
    with db.transaction() as s:
        venue = create_venue(s, VenueDraft(name="Maple Community Centre"))
        ts = create_session(s, SessionDraft(venue_id=venue.id, starts_at=datetime.now()))
        open_session(s, ts.id)
        people = [Participant(first_name=f"Person {i}") for i in range(N + 50)]
        s.add_all(people)

    bare = sqlite3.connect(folder / "bare.sqlite3", isolation_level=None)
    bare.execute("PRAGMA journal_mode=WAL")
    bare.execute("PRAGMA synchronous=FULL")
    bare.execute(
        "CREATE TABLE sign_ins (id TEXT PRIMARY KEY, session_id TEXT, participant_id TEXT, signed_in_at TEXT, "
        "as_helper INTEGER, first_visit INTEGER, came_with TEXT, source TEXT, voided INTEGER)"
    )

    ours, floor = [], []
    for i, p in enumerate(people):
        start = time.perf_counter()
        with db.transaction() as s:
            sign_in(s, ts.id, p.id)
        t_ours = time.perf_counter() - start
        start = time.perf_counter()
        bare.execute("BEGIN")
        bare.execute(
            "INSERT INTO sign_ins VALUES (?, ?, ?, ?, 0, 1, '', 'kiosk', 0)",
            (new_id(), ts.id, p.id, datetime.now().isoformat(" ")),
        )
        bare.execute("COMMIT")
        t_bare = time.perf_counter() - start
        if i >= 50:  # warm-up
            ours.append(t_ours)
            floor.append(t_bare)
    db.close()
    bare.close()
    p95_ours, p95_bare = percentile(ours, 95) * 1000, percentile(floor, 95) * 1000
    print(f"  medians: ours {percentile(ours, 50) * 1000:.3f} ms, bare {percentile(floor, 50) * 1000:.3f} ms")
    return [
        Figure(
            "durable sign-in p95",
            p95_ours,
            "ms",
            "bare sqlite3 insert+commit, WAL + synchronous=FULL",
            p95_bare,
            "ratio <= 3",
            p95_ours / p95_bare <= 3.0,
        ),
    ]
