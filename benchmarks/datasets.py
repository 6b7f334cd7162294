"""Large databases for benchmarks, built once and cached in benchmarks/.cache/."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from benchmarks.harness import CACHE
from desktop.demo import FIRST_LAST
from desktop.models import Database, OutboxEntry, Participant, SignIn, TasterSession, Venue, new_id, open_database
from desktop.paths import database_path
from desktop.text import fold


def cached_database(data_dir: Path, fill: Callable[[Database], None]) -> Path:
    """``data_dir``, holding a database ``fill`` made once: built beside it and moved in only when whole,
    so a run stopped halfway leaves no half-built database to be taken for a finished one."""
    if database_path(data_dir).exists():
        return data_dir
    tmp = data_dir.with_suffix(".building")
    shutil.rmtree(tmp, ignore_errors=True)
    db = open_database(database_path(tmp))
    try:
        fill(db)
    finally:
        db.close()
    shutil.rmtree(data_dir, ignore_errors=True)
    tmp.rename(data_dir)
    return data_dir


def row_meta(db: Database) -> Callable[[], dict[str, Any]]:
    """The sync columns of a new row written straight into the table (a fresh id, this device's clock)."""
    clock = db.clock

    def meta() -> dict[str, Any]:
        return {"id": new_id(), "updated_at": clock.now(), "origin": clock.node, "deleted": False}

    return meta


def big_database(participants: int = 50_000, sessions: int = 2_000, seed: int = 1) -> Path:
    """A data dir whose database holds ``participants`` people and ``sessions`` sessions (never synced)."""
    return cached_database(
        CACHE / f"big-{participants}-{sessions}", lambda db: _fill_big(db, participants, sessions, seed)
    )


def _fill_big(db: Database, participants: int, sessions: int, seed: int) -> None:
    rng = random.Random(seed)
    now = datetime.now().replace(microsecond=0)
    meta = row_meta(db)
    with db.transaction() as s:
        venues = [
            {
                **meta(),
                "name": f"Venue {i}",
                "kind": "library",
                "address": "",
                "access_notes": "",
                "step_free": True,
                "public_transport": True,
                "parking": False,
                "offers": [],
                "languages": ["en"],
                "notes": "",
            }
            for i in range(40)
        ]
        s.execute(insert(Venue), venues)
        people = []
        for i in range(participants):
            first, last = FIRST_LAST[i % len(FIRST_LAST)]
            last = f"{last} {i}"
            people.append(
                {
                    **meta(),
                    "first_name": first,
                    "last_name": last,
                    "search_key": fold(f"{first} {last}"),
                    "phone_last4": f"{rng.randint(0, 9999):04d}",
                    "created_at": now,
                }
            )
        s.execute(insert(Participant), people)
        ses = [
            {
                **meta(),
                "venue_id": venues[i % len(venues)]["id"],
                "title": f"Session {i}",
                "starts_at": now - timedelta(days=sessions - i),
                "lesson_ids": [],
                "hosts": [],
                "helpers": [],
            }
            for i in range(sessions)
        ]
        s.execute(insert(TasterSession), ses)
        signins = [
            {
                **meta(),
                "session_id": ses[rng.randrange(sessions)]["id"],
                "participant_id": people[rng.randrange(participants)]["id"],
                "signed_in_at": now,
            }
            for _ in range(participants * 2)
        ]
        s.execute(insert(SignIn), signins)
        outbox = [
            {
                "op_id": new_id(),
                "table_name": "participants",
                "row_id": p["id"],
                "op": "insert",
                "fields": {"first_name": p["first_name"]},
                "base_version": "",
                "version": p["updated_at"],
                "created_at": now,
            }
            for p in people
        ]
        s.execute(insert(OutboxEntry), outbox)
