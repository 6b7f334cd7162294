"""Serving pulls: the rows of one organisation committed after a cursor, oldest first.

Rows are stored as JSON text, and the database itself wraps each one in its
change envelope and hands it over as UTF-8 bytes, so a page of thousands of
rows is assembled by joining bytes: nothing is decoded or encoded in Python.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import orjson
from sqlalchemy import Connection

from desktop.sync import protocol as P
from hub.store import placeholder

# One change, as JSON text, per dialect. Identifiers are quoted by the database's own JSON functions.
_ENVELOPE = {
    "sqlite": (
        "CAST('{\"table\":' || json_quote(table_name) || ',\"row_id\":' || json_quote(row_id)"
        " || ',\"seq\":' || seq || ',\"version\":' || json_quote(version) || ',\"origin\":' || json_quote(origin)"
        " || ',\"fields\":' || data || ',\"conflicts\":' || conflicts || '}' AS BLOB)"
    ),
    "postgresql": (
        "convert_to('{\"table\":' || to_json(table_name)::text || ',\"row_id\":' || to_json(row_id)::text"
        " || ',\"seq\":' || seq || ',\"version\":' || to_json(version)::text"
        " || ',\"origin\":' || to_json(origin)::text || ',\"fields\":' || data || ',\"conflicts\":' || conflicts"
        " || '}', 'UTF8')"
    ),
}


# A change's size in bytes as ``_ENVELOPE`` writes it, less a constant (what counts against a page's bytes).
_OCTETS = {"sqlite": "length(CAST({} AS BLOB))", "postgresql": "octet_length({})"}
_ENVELOPE_OVERHEAD = 80  # the keys and punctuation around the columns


# How far a pull may go: the organisation's last claimed number, or just below the lowest claim still open.
# Pushes to one organisation commit out of order on PostgreSQL (see hub.merge): a page stops below the
# lowest open claim, so a cursor never passes a number a slower push fills in later. A claim is open while
# its push holds the claim's advisory lock (``token``): the lock ends with the push's transaction, committed,
# rolled back or cut off; a claim copied into a backup is held by nobody once restored.
# Asked in a statement of its own, before the page's rows are read in the next (READ COMMITTED: a newer
# snapshot): a claim found free here belongs to a push rolled back, or committed before the rows are read.
# Were both in one statement, a push committing between its snapshot and the lock test would be passed
# over unseen. On SQLite writes run one at a time: every number is committed.
_SERVED_TO = (
    "SELECT LEAST(o.last_seq, COALESCE((SELECT min(c.low) - 1 FROM seq_claims c WHERE c.org_id = o.id"
    " AND NOT pg_try_advisory_xact_lock_shared(c.token)), o.last_seq))"
    " FROM organisations o WHERE o.id = %s"
)


def _served(conn: Connection, org_id: int) -> tuple[str, tuple[int, ...]]:
    """The condition (and its parameters) that keeps a page's rows below ``served_to``."""
    if conn.dialect.name != "postgresql":
        return "", ()
    return " AND seq <= %s", (served_to(conn, org_id),)


def served_to(conn: Connection, org_id: int) -> int:
    """The organisation's sequence up to which every number is committed: as far as a pull can go."""
    if conn.dialect.name != "postgresql":
        return conn.exec_driver_sql(
            f"SELECT last_seq FROM organisations WHERE id = {placeholder(conn)}", (org_id,)
        ).scalar_one()
    return conn.exec_driver_sql(_SERVED_TO, (org_id,)).scalar_one()


def chain_link(previous: str, op_id: str) -> str:
    """The history mark after ``op_id``: a running hash over every op_id up to it, in sequence order.

    24 bytes of SHA-256, URL-safe base64 without padding: 32 characters, in the alphabet a pull's
    ``mark`` accepts. Two histories that differ anywhere before a sequence number never share its mark.
    """
    digest = hashlib.sha256(f"{previous}{op_id}".encode()).digest()[:24]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def history_mark(conn: Connection, org_id: int, seq: int) -> str:
    """The organisation's history up to ``seq``: the running hash (``op_log.chain``) of its last op at
    or below it ("" before its first). One indexed lookup.
    """
    if seq <= 0:
        return ""
    mark = placeholder(conn)
    found = conn.exec_driver_sql(
        f"SELECT chain FROM op_log WHERE org_id = {mark} AND seq <= {mark} ORDER BY seq DESC LIMIT 1",
        (org_id, seq),
    ).scalar()
    return found or ""


def diverged(
    conn: Connection, org_id: int, since: int, mark: str, pushed: int = 0, pushed_mark: str = ""
) -> int | None:
    """The organisation's last sequence if a pull from ``since`` (seen as ``mark``) is into a history
    this hub does not have; None if the pull can go on.

    ``pushed`` and ``pushed_mark`` are the position and mark this hub gave the laptop's newest
    acknowledged push, checked the same way: a push acknowledged just before the hub's copy was
    put back is noticed even if the laptop never pulled after it.
    A laptop that has no mark yet (it has not pulled from this hub) is checked only against the
    hub's last sequence.
    """
    last_seq = conn.exec_driver_sql(
        f"SELECT last_seq FROM organisations WHERE id = {placeholder(conn)}", (org_id,)
    ).scalar_one()
    for seq, seen in ((since, mark), (pushed, pushed_mark)):
        if seq > last_seq:
            return last_seq
        if seen and seq > 0 and history_mark(conn, org_id, seq) != seen:
            return last_seq
    return None


def pull_page(conn: Connection, org_id: int, since: int, limit: int, max_bytes: int) -> tuple[bytes, int, bool]:
    """A PullPage as JSON bytes: (body, new cursor, whether more is waiting)."""
    dialect = conn.dialect
    mark = placeholder(conn)
    below, served = _served(conn, org_id)
    found = conn.exec_driver_sql(
        f"SELECT seq, {_ENVELOPE[dialect.name]} FROM rows WHERE org_id = {mark} AND seq > {mark}{below} "
        f"ORDER BY seq LIMIT {mark}",
        (org_id, since, *served, limit + 1),
    ).fetchall()
    more = len(found) > limit
    parts: list[bytes] = []
    size = 0
    cursor = since
    for seq, stored in found[:limit]:
        if parts and size > max_bytes:
            more = True
            break
        change = bytes(stored)  # psycopg hands bytea over as memoryview
        parts.append(change)
        size += len(change)
        cursor = seq
    tail = b',"more":true' if more else b',"more":false'
    tail += b',"mark":' + json.dumps(history_mark(conn, org_id, cursor)).encode()
    return (
        b'{"changes":[' + b",".join(parts) + b'],"cursor":' + str(cursor).encode() + tail + b"}",
        cursor,
        more,
    )


def packed_pull_page(conn: Connection, org_id: int, since: int, limit: int, max_bytes: int) -> tuple[bytes, int, bool]:
    """The same page as ``pull_page``, as it travels packed (``P.packed_page_body``), its marks read in
    the same transaction as its rows. Built from the columns: each row's stored JSON goes into the
    page as it is (an orjson Fragment), never decoded and encoded again."""
    mark = placeholder(conn)
    size_of = " + ".join(
        _OCTETS[conn.dialect.name].format(c) for c in ("table_name", "row_id", "version", "origin", "data", "conflicts")
    )
    below, served = _served(conn, org_id)
    found = conn.exec_driver_sql(
        f"SELECT seq, table_name, row_id, version, origin, data, conflicts, {size_of} FROM rows "
        f"WHERE org_id = {mark} AND seq > {mark}{below} ORDER BY seq LIMIT {mark}",
        (org_id, since, *served, limit + 1),
    ).fetchall()
    more = len(found) > limit
    changes: list[dict[str, Any]] = []
    size = 0
    cursor = since
    for seq, table, row_id, version, origin, data, conflicts, octets in found[:limit]:
        if changes and size > max_bytes:
            more = True
            break
        changes.append(
            {
                "table": table,
                "row_id": row_id,
                "seq": seq,
                "version": version,
                "origin": origin,
                "fields": orjson.Fragment(data),
                "conflicts": [] if conflicts == "[]" else orjson.Fragment(conflicts),
            }
        )
        size += octets + _ENVELOPE_OVERHEAD + len(str(seq))
        cursor = seq
    page = {"changes": changes, "cursor": cursor, "more": more, "mark": history_mark(conn, org_id, cursor)}
    return P.packed_page_body(page, lambda seq: history_mark(conn, org_id, seq)), cursor, more
