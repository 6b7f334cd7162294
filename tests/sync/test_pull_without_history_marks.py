"""A hub whose op log holds no history marks (ops logged before marks were kept, migration 0002)
still serves every pull page: the next page's head then names a cursor and no mark."""

from __future__ import annotations

from sqlalchemy import select, update

from desktop.models import Venue
from desktop.sync.engine import sync_once
from hub.store import op_log
from tests.sync.conftest import enrolled
from tests.sync.scenarios import add_venue


def test_pages_of_a_hub_without_history_marks_all_arrive(hub, org, laptops):
    writer, reader = enrolled(hub, org, laptops(2))
    names = [f"Venue {i}" for i in range(5)]
    for name in names:
        add_venue(writer, name)
    writer.sync()
    with hub.engine.begin() as conn:
        conn.execute(update(op_log).values(chain=None))
    report = sync_once(reader.db, pull_limit=2)  # three pages, each naming the next before its body
    assert report.pulled >= len(names)
    with reader.db.transaction() as s:
        held = set(s.scalars(select(Venue.name)))
    assert set(names) <= held
