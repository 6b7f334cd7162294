"""What the tests of pushes to one organisation on PostgreSQL share: a store, a fresh organisation, a venue op.

The fixtures are imported by the modules that use them (pytest finds them by their ``name``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, select

from desktop.sync import protocol as P
from hub import admin
from hub.store import open_store, organisations, reading
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
