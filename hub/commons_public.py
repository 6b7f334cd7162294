"""Whether the lesson commons' pages (/commons) are open to anyone or to signed-in people only.

A hub-wide choice of the hub's admin (``onramp-hub commons public on|off``, audited), off until
turned on. Only published lessons and their usage figures are on those pages, public or not.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, delete, insert, select

from hub.accounts import audit
from hub.commons_store import hub_settings
from hub.store import writing

SETTING = "commons_public"


def commons_is_public(conn: Connection) -> bool:
    return conn.execute(select(hub_settings.c.value).where(hub_settings.c.name == SETTING)).scalar() == "on"


def set_commons_public(engine: Engine, on: bool, actor_id: int | None = None) -> None:
    """Open the commons' pages to anyone (``on``) or to signed-in people only; recorded in the audit log."""
    with writing(engine) as conn:
        conn.execute(delete(hub_settings).where(hub_settings.c.name == SETTING))
        if on:
            conn.execute(insert(hub_settings).values(name=SETTING, value="on"))
        audit(conn, actor_id, "commons made public" if on else "commons made private", "", None)
