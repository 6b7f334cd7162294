"""Serving pulls: the rows of one organisation committed after a cursor, oldest first.

Rows are stored as JSON text, and the database itself wraps each one in its
change envelope and hands it over as UTF-8 bytes, so a page of thousands of
rows is assembled by joining bytes: nothing is decoded or encoded in Python.
"""

from __future__ import annotations

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


def pull_page(conn: Connection, org_id: int, since: int, limit: int, max_bytes: int) -> tuple[bytes, int, bool]:
    """A PullPage as JSON bytes: (body, new cursor, whether more is waiting)."""
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
    return (
        b'{"changes":[' + b",".join(parts) + b'],"cursor":' + str(cursor).encode()
        + (b',"more":true}' if more else b',"more":false}'),
        cursor,
        more,
    )
