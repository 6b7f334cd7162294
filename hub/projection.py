"""The hub's typed projection of the records the reports read, so it runs the laptop's reports.

The ``rows`` table keeps each synced record as JSON text, which is right for pulls and wrong for
reports. For each table the laptop's reports domain reads, ``report_<table>`` holds the complete,
current rows of every organisation with the laptop's own columns (same names, same types, taken
from ``desktop.models.entities``), keyed by ``(org_id, id)``. ``hub.merge`` keeps it in step inside
each push's transaction; migration 0004 fills it from the rows already stored.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from itertools import repeat
from typing import Any, NamedTuple

import orjson
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    ColumnElement,
    Connection,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Select,
    String,
    Subquery,
    Table,
    Text,
    and_,
    insert,
    literal,
    or_,
    select,
    union,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from desktop.models.base import table_of
from desktop.models.entities import (
    ExitCard,
    FollowUp,
    Intervention,
    LadderStep,
    Lesson,
    LessonLineage,
    Participant,
    SignIn,
    SignInTally,
    TasterSession,
    Venue,
    Visit,
)
from desktop.reports import definitions as d
from desktop.reports.definitions import Tables
from desktop.reports.filters import ReportFilter
from desktop.reports.tables import ReportData, collect
from desktop.sync import protocol as P
from hub.scope import Scope
from hub.store import insert_rows, metadata, organisations, placeholder, reading, rows

# The laptop's tables the reports read, by name.
LAPTOP_TABLES: dict[str, Table] = {
    table_of(m).name: table_of(m)
    for m in (
        Venue,
        TasterSession,
        Lesson,
        Participant,
        SignIn,
        ExitCard,
        Intervention,
        FollowUp,
        LadderStep,
        LessonLineage,  # the commons' usage counts what descends from a published lesson (hub.commons)
    )
}


# The indexes the reports' queries need, each after the organisation: a session by date and by venue, a
# person's visits and a session's sign-ins (covering, as the laptop's), what hangs from a session or a
# person. Written out rather than copied from the laptop's: the laptop tunes its own for SQLite (some
# cover JSON columns, which PostgreSQL cannot index), and the hub's schema changes only by migration.
_INDEXES: dict[str, dict[str, tuple[str, ...]]] = {
    "sessions": {
        "by_date": ("starts_at", "deleted", "venue_id", "language", "id"),
        "by_id": ("id", "deleted", "starts_at", "venue_id", "language"),
        "venue_id": ("venue_id",),
    },
    "sign_ins": {
        "person_visits": ("participant_id", "session_id", "voided", "deleted", "as_helper"),
        "session_visits": ("session_id", "voided", "deleted", "participant_id", "as_helper", "source"),
    },
    "exit_cards": {"session_id": ("session_id",), "participant_id": ("participant_id",)},
    "interventions": {"venue_id": ("venue_id",)},
    "follow_ups": {"participant_id": ("participant_id",)},
    "ladder_steps": {"participant_id": ("participant_id",), "session_id": ("session_id",)},
}


# What the hub stores in the laptop's bookkeeping columns (``rows`` holds ids, versions and writers this long).
_HUB_LENGTHS = {"id": 64, "updated_at": 128, "origin": 64}


def _hub_type(laptop: Table, column: Column[Any]) -> TypeEngine[Any]:
    """The laptop column's type, wide enough for everything the hub accepts into it (PostgreSQL refuses
    a string longer than its column, where the laptop's SQLite does not check): ids another record
    points at may be 64 characters on the wire, and an integer field may reach the protocol's bound."""
    kind = column.type
    rule = P.TABLES[laptop.name].rules.get(column.name)
    if isinstance(kind, String) and kind.length is not None:
        wanted = max(kind.length, _HUB_LENGTHS.get(column.name, 0), (rule.max_len or 0) if rule else 0)
        return type(kind)(wanted) if wanted != kind.length else kind.copy()
    if isinstance(kind, Integer) and rule is not None:
        bound = max(abs(v) for v in rule.choices) if rule.choices else max(abs(rule.lo), abs(rule.hi))
        if bound > 2**31 - 1:
            return BigInteger()
    return kind.copy()


def _projection_of(laptop: Table) -> Table:
    """``report_<name>``: ``org_id`` and the laptop's columns (no references: rows arrive in any order)."""
    name = f"report_{laptop.name}"
    columns = [Column("org_id", Integer, ForeignKey("organisations.id"), primary_key=True)]
    columns += [
        Column(c.name, _hub_type(laptop, c), primary_key=c.primary_key, nullable=c.nullable and not c.primary_key)
        for c in laptop.columns
    ]
    indexes = [
        Index(f"ix_{name}_{suffix}", "org_id", *columns) for suffix, columns in _INDEXES.get(laptop.name, {}).items()
    ]
    return Table(name, metadata, *columns, *indexes)


PROJECTED: dict[str, Table] = {name: _projection_of(laptop) for name, laptop in LAPTOP_TABLES.items()}


# Keeping it in step ------------------------------------------------------------------------------------


class Changed(NamedTuple):
    """A complete row as a push left it: its fields as JSON values, and the hub's bookkeeping."""

    table: str
    row_id: str
    version: str
    origin: str
    data: Mapping[str, Any]
    stored_before: bool  # it may be in the projection already (a new row cannot be)


def _reader(column: Column[Any]) -> Callable[[Any], Any]:
    """A JSON value to the column's Python value, as the laptop's SQLAlchemy column holds it. Lists are
    written as the text the laptop's column writes (SQLAlchemy's default, ``json.dumps``), so a report's
    ``LIKE '%"key"%'`` on them reads the same text on both, and PostgreSQL's COPY is given plain text."""
    if isinstance(column.type, DateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(column.type, Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    if isinstance(column.type, JSON):
        return _json_text
    return _as_is


def _as_is(value: Any) -> Any:
    return value


_JSON_TEXTS: dict[bytes, str] = {}  # a few distinct lists (languages, barriers) recur in thousands of rows


def _json_text(value: Any) -> str:
    """``json.dumps(value)``, remembered by the value's compact form (made in C), so a push of thousands
    of rows pays for each distinct list once. Values come from JSON, so never NaN (which orjson writes as null)."""
    try:
        key = orjson.dumps(value)
    except TypeError:  # beyond what orjson writes (an integer over 64 bits): as it is
        return json.dumps(value)
    text = _JSON_TEXTS.get(key)
    if text is None:
        if len(_JSON_TEXTS) >= 4096:
            _JSON_TEXTS.clear()
        text = _JSON_TEXTS[key] = json.dumps(value)
    return text


def _missing(column: Column[Any]) -> Callable[[], Any]:
    """The laptop's default for a field a row does not hold (a column newer than the laptop that sent it)."""
    default = column.default
    if default is None:
        return lambda: None
    arg = getattr(default, "arg", None)
    write = json.dumps if isinstance(column.type, JSON) else (lambda v: v)
    if getattr(default, "is_callable", False) and callable(arg):
        return lambda: write(arg(None))  # SQLAlchemy wraps a plain callable to take the execution context
    return lambda: write(arg)


class _Shape(NamedTuple):
    """How one laptop table's rows become projection rows: the columns filled, in order."""

    names: tuple[str, ...]
    fields: tuple[tuple[str, Callable[[Any], Any], Callable[[], Any]], ...]  # data columns, after the bookkeeping
    loading: Table  # the table as rows are written to it: lists arrive as JSON text already
    data_names: tuple[str, ...]  # the data columns' names, in order
    converted: tuple[tuple[int, Callable[[Any], Any]], ...]  # (position among them, reader) where not as is


_BOOKKEEPING = ("org_id", "id", "updated_at", "origin")


def _shape(projected: Table) -> _Shape:
    laptop = LAPTOP_TABLES[projected.name.removeprefix("report_")]
    data = [c.name for c in projected.columns if c.name not in _BOOKKEEPING]
    loading = Table(
        projected.name,
        MetaData(),
        *(Column(c.name, Text() if isinstance(c.type, JSON) else c.type) for c in projected.columns),
    )
    fields = tuple((name, _reader(laptop.c[name]), _missing(laptop.c[name])) for name in data)
    return _Shape(
        (*_BOOKKEEPING, *data),
        fields,
        loading,
        tuple(data),
        tuple((i, read) for i, (_name, read, _missing) in enumerate(fields) if read is not _as_is),
    )


_SHAPES: dict[str, _Shape] = {name: _shape(table) for name, table in PROJECTED.items()}


def _values(org_id: int, shape: _Shape, row_id: str, version: str, origin: str, data: Mapping[str, Any]) -> tuple:
    # Looked up in C (``map``); only the few columns that need reading, and fields a row lacks, in Python.
    # A JSON value never equals ``_ABSENT``, so ``in`` finds exactly the missing fields.
    out = list(map(data.get, shape.data_names, repeat(_ABSENT)))
    for i, read in shape.converted:
        value = out[i]
        if value is not _ABSENT:
            out[i] = read(value)
    if _ABSENT in out:
        for i, (_name, _read, missing) in enumerate(shape.fields):
            if out[i] is _ABSENT:
                out[i] = missing()
    return (org_id, row_id, version, origin, *out)


_ABSENT = object()


def _delete(conn: Connection, table: Table, org_id: int, ids: Sequence[str], chunk: int = 1000) -> None:
    mark = placeholder(conn)
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        conn.exec_driver_sql(
            f"DELETE FROM {table.name} WHERE org_id = {mark} AND id IN ({', '.join([mark] * len(part))})",
            (org_id, *part),
        )


def keep_in_step(conn: Connection, org_id: int, changed: Iterable[Changed]) -> None:
    """Replace these rows in the projection, inside the push's transaction: one DELETE per table for rows
    that may be there already (chunked), one bulk INSERT (COPY on PostgreSQL) per table."""
    by_table: dict[str, list[Changed]] = {}
    for row in changed:
        if row.table in PROJECTED:
            by_table.setdefault(row.table, []).append(row)
    touched = _sessions_touched(conn, org_id, by_table)  # read before the changed sign-ins are replaced
    _hold_sessions(conn, org_id, touched)
    for name, found in by_table.items():
        table, shape = PROJECTED[name], _SHAPES[name]
        _delete(conn, table, org_id, [r.row_id for r in found if r.stored_before])
        values = [_values(org_id, shape, r.row_id, r.version, r.origin, r.data) for r in found]
        insert_rows(conn, shape.loading, shape.names, values)
    refresh_derived(conn, org_id, touched)


# What the laptop derives from its records, kept as tables on the hub too ---------------------------------

# The laptop keeps ``visits`` and ``sign_in_tallies`` (its migrations 0009 and 0010) equal to
# ``definitions.visit_rows`` and ``sign_in_tally_rows`` with triggers; the reports read them, not the
# sign-ins. The hub keeps ``report_visits`` and ``report_sign_in_tallies`` equal to the same selects
# (run over the projection for the sessions a push touched) inside ``keep_in_step``; migration
# 0007 fills them from the projection already there. Each index after the organisation, as the laptop's.
_DERIVED_INDEXES: dict[str, dict[str, tuple[str, ...]]] = {
    "visits": {
        "session": ("session_id", "starts_at"),
        "starts_at": ("starts_at", "participant_id", "session_id"),
        "person_first": ("participant_id", "starts_at"),
        "person_helped": ("participant_id", "helped", "starts_at"),
    },
    "sign_in_tallies": {},
}


def _derived_of(laptop: Table) -> Table:
    """``report_<name>``: ``org_id`` and the laptop's columns, ids as wide as the projection's."""
    name = f"report_{laptop.name}"
    columns = [Column("org_id", Integer, ForeignKey("organisations.id"), primary_key=True)]
    for c in laptop.columns:
        kind: TypeEngine[Any] = String(_HUB_LENGTHS["id"]) if c.name.endswith("_id") else c.type.copy()
        columns.append(Column(c.name, kind, primary_key=c.primary_key, nullable=c.nullable and not c.primary_key))
    indexes = [Index(f"ix_{name}_{suffix}", "org_id", *on) for suffix, on in _DERIVED_INDEXES[laptop.name].items()]
    return Table(name, metadata, *columns, *indexes)


DERIVED: dict[str, Table] = {m.__tablename__: _derived_of(table_of(m)) for m in (Visit, SignInTally)}


def _derived_rows(org_id: int, session_ids: Sequence[str] | None) -> dict[str, Select[Any]]:
    """Each derived table's rows for these sessions of the organisation (None: all of them), by the
    definitions' own selects over the projection, with ``org_id`` added."""
    si, ts = PROJECTED["sign_ins"], PROJECTED["sessions"]
    records = replace(d.LAPTOP, sign_ins=si, sessions=ts)  # the definitions read these two only
    org = literal(org_id, Integer).label("org_id")
    picked = [] if session_ids is None else [si.c.session_id.in_(session_ids)]
    return {
        "visits": d.visit_rows(records).add_columns(org).where(si.c.org_id == org_id, ts.c.org_id == org_id, *picked),
        "sign_in_tallies": d.sign_in_tally_rows(records).add_columns(org).where(si.c.org_id == org_id, *picked),
    }


# Past this many sessions touched, the organisation's derived rows are worked out afresh in one pass over
# its sign-ins (hash joins), rather than looked up a chunk of sessions at a time (a big bulk load).
WHOLE_ORG_AFTER = 2000


def refresh_derived(conn: Connection, org_id: int, session_ids: Iterable[str] | None, chunk: int = 500) -> None:
    """Work out afresh the derived rows of these sessions of the organisation (None: every session),
    from the projection as it stands in this transaction."""
    ids = _sessions_refreshed(session_ids)
    parts = [None] if ids is None else [ids[i : i + chunk] for i in range(0, len(ids), chunk)]
    for part in parts:
        for name, found in _derived_rows(org_id, part).items():
            table = DERIVED[name]
            gone = table.delete().where(table.c.org_id == org_id)
            conn.execute(gone if part is None else gone.where(table.c.session_id.in_(part)))
            conn.execute(insert(table).from_select(found.selected_columns.keys(), found))


def _sessions_refreshed(session_ids: Iterable[str] | None) -> list[str] | None:
    """The sessions ``refresh_derived`` works out afresh, in order: these, or (None) every session once
    there are more than ``WHOLE_ORG_AFTER`` of them."""
    ids = None if session_ids is None else sorted(set(session_ids))
    return None if ids is None or len(ids) > WHOLE_ORG_AFTER else ids


SESSION_LOCK = 0x5345  # advisory lock space of "a share of an organisation's sessions' derived rows"
SESSION_LOCKS = 128  # an organisation's sessions share this many locks: a push takes at most this many


def _hold_sessions(conn: Connection, org_id: int, sessions: set[str]) -> None:
    """PostgreSQL: have these sessions' derived rows to this push alone until it commits.

    Pushes to one organisation write at the same time there (see hub.merge). Two adding sign-ins to one
    session would each count that session's visits without the other's sign-ins; the second now waits, and
    its count (a new statement, a newer snapshot) includes the first's. Taken in one order, so no two wait
    on each other. A session's lock is one of ``SESSION_LOCKS`` (by a hash of its id): a push of thousands
    of sessions would otherwise fill PostgreSQL's shared lock table; sharing only makes a push wait a moment.
    When ``refresh_derived`` works out every session afresh, all of them."""
    if conn.dialect.name != "postgresql":
        return
    refreshed = _sessions_refreshed(sessions)
    if refreshed is None:
        shares = set(range(SESSION_LOCKS))
    else:
        shares = {zlib.crc32(session.encode()) % SESSION_LOCKS for session in refreshed}
    keys = sorted({zlib.crc32(f"{org_id}:{share}".encode()) - 2**31 for share in shares})
    for key in keys:
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(%s, %s)", (SESSION_LOCK, key))


def _sessions_touched(conn: Connection, org_id: int, by_table: Mapping[str, Sequence[Changed]]) -> set[str]:
    """The sessions whose derived rows these changes may alter: sessions changed, and the sessions
    changed sign-ins belong to now and belonged to before (read before the projection is rewritten)."""
    touched = {r.row_id for r in by_table.get("sessions", ())}
    sign_ins = by_table.get("sign_ins", ())
    touched.update(str(r.data["session_id"]) for r in sign_ins if r.data.get("session_id") is not None)
    stored = [r.row_id for r in sign_ins if r.stored_before]
    si = PROJECTED["sign_ins"]
    for start in range(0, len(stored), 500):
        touched.update(
            conn.execute(
                select(si.c.session_id).where(si.c.org_id == org_id, si.c.id.in_(stored[start : start + 500]))
            ).scalars()
        )
    return touched


def rebuild(conn: Connection, tables: Mapping[str, Table] | None = None, batch: int = 5000) -> None:
    """Fill the projection afresh from every complete stored row (migration 0004 on a hub with data).

    ``tables``: the projection's tables as they stand when this runs (a migration reflects them, so
    columns added later are left to the migrations that add them); by default the declared ones.
    Read a page at a time along the primary key of ``rows``, so memory stays flat on a big hub."""
    tables = PROJECTED if tables is None else tables
    org_ids = list(conn.execute(select(organisations.c.id).order_by(organisations.c.id)).scalars())
    for name, table in tables.items():
        conn.execute(table.delete())
        shape = _SHAPES[name] if table is PROJECTED.get(name) else _shape(table)
        for org_id in org_ids:
            after = ""
            while True:
                page = conn.execute(
                    select(rows.c.row_id, rows.c.version, rows.c.origin, rows.c.complete, rows.c.data)
                    .where(rows.c.org_id == org_id, rows.c.table_name == name, rows.c.row_id > after)
                    .order_by(rows.c.row_id)
                    .limit(batch)
                ).all()
                if not page:
                    break
                after = page[-1].row_id
                values = [
                    _values(org_id, shape, row_id, version, origin, P.json_loads(data))
                    for row_id, version, origin, complete, data in page
                    if complete
                ]
                insert_rows(conn, shape.loading, shape.names, values)


# Reading it through the laptop's reports domain --------------------------------------------------------


def _own(name: str, org_id: int, *where: ColumnElement[bool]) -> Subquery:
    """One organisation's rows of ``report_<name>`` with the laptop's columns, named as the laptop's table."""
    table = PROJECTED[name] if name in PROJECTED else DERIVED[name]
    return select(*(c for c in table.c if c.name != "org_id")).where(table.c.org_id == org_id, *where).subquery(name)


def _visible(org_id: int, venues: frozenset[str] | None) -> dict[str, Subquery]:
    """Each projected table as the viewer may read it: one organisation, and for a coordinator only their
    venues, the sessions held there and what hangs from those (sign-ins, exit cards, steps taken there,
    the people who came and their follow-ups). Lessons belong to no venue: all of the organisation's."""
    if venues is None:
        return {name: _own(name, org_id) for name in (*PROJECTED, *DERIVED)}
    s, si, ec, ls = (PROJECTED[n] for n in ("sessions", "sign_ins", "exit_cards", "ladder_steps"))
    seen = select(s.c.id).where(s.c.org_id == org_id, s.c.venue_id.in_(venues))
    people = union(
        select(si.c.participant_id).where(si.c.org_id == org_id, si.c.session_id.in_(seen)),
        select(ec.c.participant_id).where(ec.c.org_id == org_id, ec.c.session_id.in_(seen)),
        select(ls.c.participant_id).where(ls.c.org_id == org_id, ls.c.session_id.in_(seen)),
    )
    return {
        "venues": _own("venues", org_id, PROJECTED["venues"].c.id.in_(venues)),
        "sessions": _own("sessions", org_id, s.c.venue_id.in_(venues)),
        "lessons": _own("lessons", org_id),
        "participants": _own("participants", org_id, PROJECTED["participants"].c.id.in_(people)),
        "sign_ins": _own("sign_ins", org_id, si.c.session_id.in_(seen)),
        "visits": _own("visits", org_id, DERIVED["visits"].c.session_id.in_(seen)),
        "sign_in_tallies": _own("sign_in_tallies", org_id, DERIVED["sign_in_tallies"].c.session_id.in_(seen)),
        "exit_cards": _own("exit_cards", org_id, ec.c.session_id.in_(seen)),
        "interventions": _own("interventions", org_id, PROJECTED["interventions"].c.venue_id.in_(venues)),
        "follow_ups": _own("follow_ups", org_id, PROJECTED["follow_ups"].c.participant_id.in_(people)),
        "ladder_steps": _own(
            "ladder_steps",
            org_id,
            or_(ls.c.session_id.in_(seen), and_(ls.c.session_id.is_(None), ls.c.participant_id.in_(people))),
        ),
    }


def report_tables(scope: Scope, org_id: int) -> Tables:
    """The laptop's reports domain's ``Tables`` over the projection, as ``scope`` may read it (NotFound if
    it may not read ``org_id`` at all): pass it as ``t=`` and the laptop's definitions give the hub's report."""
    org_id = scope.require_org(org_id)
    v = _visible(org_id, scope.venues_in(org_id))
    return Tables(
        sign_ins=v["sign_ins"],
        sessions=v["sessions"],
        exit_cards=v["exit_cards"],
        participants=v["participants"],
        ladder_steps=v["ladder_steps"],
        venues=v["venues"],
        lessons=v["lessons"],
        interventions=v["interventions"],
        follow_ups=v["follow_ups"],
        visits=v["visits"],  # kept in step with the sign-ins and sessions, as the laptop keeps its own
        sign_in_tallies=v["sign_in_tallies"],
    )


def hub_report(
    engine: Engine, scope: Scope, org_id: int, report_filter: ReportFilter, *, today: date | None = None
) -> ReportData:
    """The report the laptop's Reports page, printed report and CSV are made from, computed on the hub by
    the same definitions over ``scope``'s part of the projection. A venue picked outside the scope: NotFound."""
    for venue_id in report_filter.venue_ids:
        scope.require_venue(org_id, venue_id)
    t = report_tables(scope, org_id)
    with reading(engine) as conn, Session(bind=conn) as session:
        return collect(session, report_filter, today=today, t=t)
