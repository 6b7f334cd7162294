"""Which organisations publish their upcoming sessions on the public "Find a session" page.

Publishing is opt-in per organisation (``onramp-hub org publish-sessions --org NAME on``): nothing
of an organisation that has not opted in is public. An organisation that publishes names the time
zone of its venues' clocks (sessions are recorded in the venue's wall-clock time), so its calendar
feed gives each session's exact moment. Turning publishing off deletes the row.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Column, Connection, DateTime, Engine, ForeignKey, Integer, String, Table, delete, insert, select

from hub.accounts import audit, org_id_named
from hub.admin import AdminError
from hub.store import metadata, utcnow, writing

published_orgs = Table(
    "published_orgs",
    metadata,
    Column("org_id", Integer, ForeignKey("organisations.id"), primary_key=True),
    Column("timezone", String(64), nullable=False),
    Column("published_at", DateTime, nullable=False),
)


def valid_timezone(name: str) -> str:
    """``name`` if it is an IANA time zone this machine knows ("Europe/London"), else AdminError."""
    name = name.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise AdminError(f"{name!r} is not a time zone this hub knows. Give one such as Europe/London.") from exc
    return name


def set_publishing(
    engine: Engine, org: str, on: bool, timezone: str | None = None, actor_id: int | None = None
) -> str | None:
    """Publish (or stop publishing) an organisation's upcoming sessions; returns its time zone when on."""
    with writing(engine) as conn:
        org_id = org_id_named(conn, org)
        kept = conn.execute(select(published_orgs.c.timezone).where(published_orgs.c.org_id == org_id)).scalar()
        conn.execute(delete(published_orgs).where(published_orgs.c.org_id == org_id))
        if not on:
            audit(conn, actor_id, "sessions unpublished", "", org_id)
            return None
        zone = valid_timezone(timezone) if timezone else kept
        if not zone:
            raise AdminError(
                "Say which time zone the organisation's venues keep, for example: --timezone Europe/London"
            )
        conn.execute(insert(published_orgs).values(org_id=org_id, timezone=zone, published_at=utcnow()))
        audit(conn, actor_id, "sessions published", zone, org_id)
        return zone


def publishing(conn: Connection) -> dict[int, str]:
    """Every organisation that publishes its sessions, with its time zone."""
    return {r.org_id: r.timezone for r in conn.execute(select(published_orgs.c.org_id, published_orgs.c.timezone))}
