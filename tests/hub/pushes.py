"""What the tests of pushes to one organisation on PostgreSQL share: a store, a fresh organisation, venue ops,
a push applied as the hub does with hooks between its steps, and its history read back.

The fixtures are imported by the modules that use them (pytest finds them by their ``name``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError, OperationalError

from desktop.sync import protocol as P
from hub import admin
from hub.merge import PushBatch
from hub.pull import chain_link
from hub.store import open_store, organisations, reading, worth_trying_again, writing
from tests.hubtools import pg_unavailable, postgres_cluster

VERSION = "1767225600000-000000-laptop"  # a laptop's clock value, 2026-01-01


@pytest.fixture(scope="module", name="engine")
def pg_engine() -> Iterator[Engine]:
    """A hub store on a PostgreSQL database of this module's own."""
    cluster = postgres_cluster()
    if cluster is None:
        pytest.skip(pg_unavailable())
    engine = open_store(cluster.new_database())
    yield engine
    engine.dispose()


def store_defaulting_to(isolation: str) -> Iterator[Engine]:
    """A hub store on a PostgreSQL database whose transactions start at ``isolation`` unless told otherwise
    (``default_transaction_isolation``, as whoever runs the server may set it)."""
    cluster = postgres_cluster()
    if cluster is None:
        pytest.skip(pg_unavailable())
    url = cluster.new_database()
    engine = open_store(url)
    with engine.connect() as conn:
        name = conn.exec_driver_sql("SELECT current_database()").scalar_one()
        conn.exec_driver_sql(f"ALTER DATABASE \"{name}\" SET default_transaction_isolation = '{isolation}'")
        conn.commit()
    engine.dispose()
    engine = open_store(url)
    yield engine
    engine.dispose()


def venue_push_body(n: int) -> dict[str, Any]:
    """A push body (``P.PushRequest`` as JSON) of ``n`` new venues."""
    return {
        "ops": [
            {
                "op_id": str(uuid.uuid4()),
                "table": "venues",
                "row_id": str(uuid.uuid4()),
                "op": "insert",
                "fields": {"name": f"Venue {i}"},
                "base_version": "",
                "version": VERSION,
            }
            for i in range(n)
        ]
    }


def new_org(engine: Engine) -> int:
    name = f"Org {uuid.uuid4()}"
    admin.create_org(engine, name)
    with reading(engine) as conn:
        return conn.execute(select(organisations.c.id).where(organisations.c.name == name)).scalar_one()


@pytest.fixture(name="org_id")
def fresh_org(engine: Engine) -> int:
    """A new organisation: each test's sequence numbers start at 1."""
    return new_org(engine)


def venue_op(row_id: str, kind: str = "insert", base: str = "", **fields) -> P.Op:
    """An op on a venue (a new one is named, as the laptop's form requires)."""
    if kind == "insert":
        fields.setdefault("name", "Curl Up & Dye Salon")
    return P.Op(
        op_id=str(uuid.uuid4()),
        table="venues",
        row_id=row_id,
        op=kind,
        fields=fields,
        base_version=base,
        version=VERSION,
    )


def waiting(engine: Engine, condition: str) -> bool:
    """Whether a PostgreSQL session waits as ``condition`` (on ``pg_stat_activity``'s columns) says."""
    with reading(engine) as conn:
        return bool(conn.exec_driver_sql(f"SELECT count(*) FROM pg_stat_activity WHERE {condition}").scalar_one())


def rival_venue_edits(venue: str) -> tuple[list[P.Op], list[P.Op]]:
    """Laptops A and B both rename ``venue`` (its first version, seq 1, seen by both); B adds a note."""
    base = P.hub_version(VERSION, 1)
    edit_a = [venue_op(venue, "update", base, name="Barber shop on 5th")]
    edit_b = [venue_op(venue, "update", base, name="Barbería El Corte", notes="Ask for Luis")]
    return edit_a, edit_b


def run_first(batch: PushBatch, name: str, hook: Callable[[], None]) -> None:
    """``hook`` runs just before ``batch``'s method ``name``, each time it is called."""
    method = getattr(batch, name)

    def late(*args):
        hook()
        return method(*args)

    setattr(batch, name, late)


def apply_push(engine: Engine, org_id: int, device: str, ops: list[P.Op], **hooks) -> list[tuple[str, str, str]]:
    """Apply a push as the hub does (worked out again when the hub would, up to three times); each hook
    runs once, before the PushBatch method it is named after, on the first try."""
    prepared = PushBatch(org_id, device)
    prepared.prepare(ops)
    for _attempt in range(3):
        batch = prepared.again()
        for name, hook in hooks.items():
            run_first(batch, name, hook)
        hooks = {}
        try:
            with writing(engine) as conn:
                return batch.apply(conn)
        except (IntegrityError, OperationalError) as exc:
            if not worth_trying_again(exc):
                raise
    raise AssertionError("worked out again, the push still clashed")


def logged_in_order(engine: Engine, org_id: int, rolled_back: list[str] | None = None) -> list[str]:
    """The op_ids of the organisation's history, in sequence order, once its history marks are checked
    link by link (chained first over the op_ids of pushes rolled back after claiming the first numbers)."""
    with reading(engine) as conn:
        logged = conn.exec_driver_sql(
            "SELECT op_id, chain FROM op_log WHERE org_id = %s AND seq IS NOT NULL ORDER BY seq", (org_id,)
        ).all()
        last_mark = conn.execute(select(organisations.c.last_mark).where(organisations.c.id == org_id)).scalar_one()
    chain = ""
    for op_id in rolled_back or []:
        chain = chain_link(chain, op_id)
    for op_id, stored in logged:
        chain = chain_link(chain, op_id)
        assert stored == chain, "a mark that does not follow from the one before"
    assert last_mark == chain
    return [op_id for op_id, _chain in logged]
