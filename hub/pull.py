"""Serving pulls: the rows of one organisation committed after a cursor, oldest first.

Rows are stored as JSON text, and the database itself wraps each one in its
change envelope and hands it over as UTF-8 bytes, so a page of thousands of
rows is assembled by joining bytes: nothing is decoded or encoded in Python.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection

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


def _placeholder(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def history_mark(conn: Connection, org_id: int, seq: int) -> str:
    """The organisation's history up to ``seq``, named by its last change: the op_id logged at or below it.

    Op_ids are made on laptops and never reused, so a hub restored from an older copy that has
    since taken other pushes names the same sequence number differently.
    """
    if seq <= 0:
        return ""
    mark = _placeholder(conn)
    found = conn.exec_driver_sql(
        f"SELECT op_id FROM op_log WHERE org_id = {mark} AND seq <= {mark} ORDER BY seq DESC LIMIT 1",
        (org_id, seq),
    ).scalar()
    return found or ""


def diverged(conn: Connection, org_id: int, since: int, mark: str | None) -> int | None:
    """The organisation's last sequence if a pull from ``since`` (seen as ``mark``) is into a history
    this hub does not have; None if the pull can go on.

    A laptop that sends no mark (an older one, or one that has not pulled from this hub since it
    was updated) is checked only against the hub's last sequence.
    """
    last_seq = conn.exec_driver_sql(
        f"SELECT last_seq FROM organisations WHERE id = {_placeholder(conn)}", (org_id,)
    ).scalar_one()
    if since > last_seq:
        return last_seq
    if mark and since > 0 and history_mark(conn, org_id, since) != mark:
        return last_seq
    return None


def pull_page(
    conn: Connection, org_id: int, since: int, limit: int, max_bytes: int, *, with_mark: bool = False
) -> tuple[bytes, int, bool]:
    """A PullPage as JSON bytes: (body, new cursor, whether more is waiting); its ``mark`` if asked for."""
    dialect = conn.dialect
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    found = conn.exec_driver_sql(
        f"SELECT seq, {_ENVELOPE[dialect.name]} FROM rows WHERE org_id = {mark} AND seq > {mark} "
        f"ORDER BY seq LIMIT {mark}",
        (org_id, since, limit + 1),
    ).fetchall()
    more = len(found) > limit
    parts: list[bytes] = []
    size = 0
    cursor = since
    for seq, change in found[:limit]:
        if parts and size > max_bytes:
            more = True
            break
        change = bytes(change)  # psycopg hands bytea over as memoryview
        parts.append(change)
        size += len(change)
        cursor = seq
    tail = b',"more":true' if more else b',"more":false'
    if with_mark:
        tail += b',"mark":' + json.dumps(history_mark(conn, org_id, cursor)).encode()
    return (
        b'{"changes":[' + b",".join(parts) + b'],"cursor":' + str(cursor).encode() + tail + b"}",
        cursor,
        more,
    )
