"""Serving pulls: the rows of one organisation committed after a cursor, oldest first.

Rows are stored as JSON text and a page is assembled from that text, so a
pull of thousands of rows costs little more than reading them.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, select

from hub.store import rows


def pull_page(conn: Connection, org_id: int, since: int, limit: int, max_bytes: int) -> tuple[bytes, int, bool]:
    """A PullPage as JSON bytes: (body, new cursor, whether more is waiting)."""
    found = conn.execute(
        select(rows.c.table_name, rows.c.row_id, rows.c.seq, rows.c.version, rows.c.origin, rows.c.data,
               rows.c.conflicts)
        .where(rows.c.org_id == org_id, rows.c.seq > since)
        .order_by(rows.c.seq)
        .limit(limit + 1)
    ).all()
    more = len(found) > limit
    parts: list[str] = []
    size = 0
    cursor = since
    for r in found[:limit]:
        if parts and size > max_bytes:
            more = True
            break
        part = (
            f'{{"table":{json.dumps(r.table_name)},"row_id":{json.dumps(r.row_id)},"seq":{r.seq},'
            f'"version":{json.dumps(r.version)},"origin":{json.dumps(r.origin)},'
            f'"fields":{r.data},"conflicts":{r.conflicts}}}'
        )
        parts.append(part)
        size += len(part)
        cursor = r.seq
    body = f'{{"changes":[{",".join(parts)}],"cursor":{cursor},"more":{"true" if more else "false"}}}'
    return body.encode("utf-8"), cursor, more
