"""The hub's bulk writes (``insert_rows``, ``update_rows``) store exactly what SQLAlchemy's own statements
store for the same values, however they convert them on the way (booleans a column at a time, SQLite's
datetimes as text made in C)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, MetaData, String, Table, insert, text, update

from hub.store import insert_rows, make_engine, update_rows

metadata = MetaData()
things = Table(
    "things",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("flag", Boolean, nullable=True),
    Column("at", DateTime, nullable=True),
    Column("day", Date, nullable=True),
    Column("note", String(20), nullable=True),
)
NAMES = ("id", "flag", "at", "day", "note")

SAME = datetime(2026, 11, 28, 23, 36, 40, 29091)
VALUES = [
    (1, True, SAME, date(2026, 1, 2), "a"),
    (2, False, SAME, None, None),  # a repeated value, converted once
    (3, None, datetime(2026, 1, 1), date(999, 12, 31), "c"),  # no microseconds: written all the same
    (4, True, datetime(999, 1, 2, 3, 4, 5, 6), None, ""),  # a year under 1000
    (5, 1, datetime(2026, 6, 1, 12, tzinfo=UTC), None, None),  # not a bool; a time zone SQLite drops
    (6, 0, datetime(2026, 6, 1, 12, tzinfo=timezone(timedelta(hours=2))), None, None),
    (7, False, None, None, None),
]


def _stored(engine) -> list[tuple]:
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT id, flag, typeof(flag), at, typeof(at), day, note FROM things ORDER BY id")
        ).all()


def _by_sqlalchemy(engine) -> list[tuple]:
    with engine.begin() as conn:
        conn.execute(insert(things), [dict(zip(NAMES, row, strict=True)) for row in VALUES])
    return _stored(engine)


def test_bulk_inserts_store_what_sqlalchemy_stores(tmp_path):
    expected = _by_sqlalchemy(_fresh(tmp_path / "orm.sqlite3"))
    engine = _fresh(tmp_path / "bulk.sqlite3")
    with engine.begin() as conn:
        insert_rows(conn, things, NAMES, list(VALUES))
    assert _stored(engine) == expected
    assert [r.flag for r in expected] == [1, 0, None, 1, 1, 0, 0]
    assert expected[0].at == "2026-11-28 23:36:40.029091" and expected[2].at == "2026-01-01 00:00:00.000000"


def test_bulk_updates_store_what_sqlalchemy_stores(tmp_path):
    changed = [(not bool(row[1]), row[2], row[0]) for row in VALUES]
    ours, theirs = _fresh(tmp_path / "bulk.sqlite3"), _fresh(tmp_path / "orm.sqlite3")
    for engine in (ours, theirs):
        with engine.begin() as conn:
            insert_rows(conn, things, NAMES, list(VALUES))
    with ours.begin() as conn:
        update_rows(conn, things, ("flag", "at"), ("id",), changed)
    with theirs.begin() as conn:
        for flag, at, row_id in changed:
            conn.execute(update(things).where(things.c.id == row_id).values(flag=flag, at=at))
    assert _stored(ours) == _stored(theirs)


def _fresh(path):
    engine = make_engine(f"sqlite:///{path}")
    metadata.create_all(engine)
    return engine
