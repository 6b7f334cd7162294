"""What an organiser does on the hub: organisations, enrolment codes, devices, revocation.

Shared by the admin command line and the HTTP enrolment endpoint.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from hub.store import devices, enrol_codes, organisations, reading, sha256, utcnow, writing

# No 0/O or 1/I/L: codes are read aloud and typed by hand.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


class AdminError(Exception):
    """A refusal with a message for the organiser (or, over HTTP, for the laptop's host)."""


class BadCode(AdminError):
    pass


class BadToken(AdminError):
    pass


@dataclass(frozen=True)
class DeviceInfo:
    device_id: str
    name: str
    organisation: str
    created_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class Authenticated:
    """The device a request comes from, and the only organisation it may touch."""

    pk: int
    device_id: str
    org_id: int
    organisation: str


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def create_org(engine: Engine, name: str) -> int:
    name = name.strip()
    if not name:
        raise AdminError("An organisation needs a name.")
    if len(name) > 200:
        raise AdminError("That name is too long (200 characters at most).")
    try:
        with writing(engine) as conn:
            return conn.execute(
                insert(organisations).values(name=name, last_seq=0, created_at=utcnow()).returning(organisations.c.id)
            ).scalar_one()
    except IntegrityError:
        raise AdminError(f"There is already an organisation called {name!r}.") from None


def _org_id(conn: Connection, name: str) -> int:
    org_id = conn.execute(select(organisations.c.id).where(organisations.c.name == name.strip())).scalar()
    if org_id is None:
        raise AdminError(f"No organisation called {name!r}. Create it with: onramp-hub org create NAME")
    return org_id


def list_orgs(engine: Engine) -> list[tuple[str, int]]:
    with reading(engine) as conn:
        return [
            (r.name, r.n)
            for r in conn.execute(
                select(organisations.c.name, func.count(devices.c.id).label("n"))
                .select_from(organisations.outerjoin(devices))
                .group_by(organisations.c.name)
                .order_by(organisations.c.name)
            )
        ]


def make_enrol_code(engine: Engine, org: str, valid_for: timedelta = timedelta(hours=24)) -> tuple[str, datetime]:
    """A new single-use code for ``org`` (shown once; only its hash is kept), and when it expires."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    now = utcnow()
    expires = now + valid_for
    with writing(engine) as conn:
        org_id = _org_id(conn, org)
        conn.execute(
            insert(enrol_codes).values(
                org_id=org_id, code_hash=sha256(raw), created_at=now, expires_at=expires
            )
        )
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4)), expires


def _new_token(device_id: str) -> str:
    # The laptop's id leads the token, so a copied laptop can tell the token is not its own.
    return f"{device_id}.{secrets.token_urlsafe(32)}"


def enrol_with_code(engine: Engine, code: str, device_id: str, name: str) -> tuple[str, str]:
    """Spend an enrolment code; returns (token, organisation name)."""
    now = utcnow()
    with writing(engine) as conn:
        found = conn.execute(
            select(enrol_codes.c.id, enrol_codes.c.org_id, enrol_codes.c.used_at, enrol_codes.c.expires_at)
            .where(enrol_codes.c.code_hash == sha256(normalise_code(code)))
            .with_for_update()
        ).first()
        if found is None:
            raise BadCode("That enrolment code is not known to this hub. Check it, or ask for a new one.")
        if found.used_at is not None:
            raise BadCode("That enrolment code has already been used. Ask your organiser for a new one.")
        if found.expires_at <= now:
            raise BadCode("That enrolment code has expired. Ask your organiser for a new one.")
        token = _new_token(device_id)
        pk = conn.execute(
            insert(devices)
            .values(org_id=found.org_id, device_id=device_id, name=name, token_hash=sha256(token), created_at=now)
            .returning(devices.c.id)
        ).scalar_one()
        spent = conn.execute(
            update(enrol_codes)
            .where(enrol_codes.c.id == found.id, enrol_codes.c.used_at.is_(None))
            .values(used_at=now, used_by=pk)
        ).rowcount
        if spent != 1:  # pragma: no cover - another request spent it between our read and write
            raise BadCode("That enrolment code has already been used. Ask your organiser for a new one.")
        org_name = conn.execute(select(organisations.c.name).where(organisations.c.id == found.org_id)).scalar_one()
    return token, org_name


def enrol_copy(engine: Engine, token: str, device_id: str, name: str) -> tuple[str, str]:
    """A laptop copied from an enrolled one gets its own identity and token in the same organisation."""
    who = authenticate(engine, token)
    if who is None:
        raise BadToken("This laptop's hub token is not valid any more. Enrol it again with a new code.")
    if who.device_id == device_id:
        raise BadToken("This laptop already has its own token.")
    now = utcnow()
    new_token = _new_token(device_id)
    with writing(engine) as conn:
        conn.execute(
            insert(devices).values(
                org_id=who.org_id, device_id=device_id, name=name, token_hash=sha256(new_token), created_at=now
            )
        )
    return new_token, who.organisation


def authenticate(engine: Engine, token: str | None, conn: Connection | None = None) -> Authenticated | None:
    """The live device holding ``token``, or None (unknown or revoked)."""
    if not token:
        return None
    query = (
        select(devices.c.id, devices.c.device_id, devices.c.org_id, organisations.c.name)
        .join(organisations, organisations.c.id == devices.c.org_id)
        .where(devices.c.token_hash == sha256(token), devices.c.revoked_at.is_(None))
    )
    if conn is not None:
        found = conn.execute(query).first()
    else:
        with reading(engine) as c:
            found = c.execute(query).first()
    if found is None:
        return None
    return Authenticated(found.id, found.device_id, found.org_id, found.name)


def touch(conn: Connection, who: Authenticated) -> None:
    conn.execute(update(devices).where(devices.c.id == who.pk).values(last_seen_at=utcnow()))


def list_devices(engine: Engine, org: str) -> list[DeviceInfo]:
    with reading(engine) as conn:
        org_id = _org_id(conn, org)
        found = conn.execute(
            select(devices).where(devices.c.org_id == org_id).order_by(devices.c.created_at, devices.c.id)
        ).all()
    return [
        DeviceInfo(d.device_id, d.name, org.strip(), d.created_at, d.last_seen_at, d.revoked_at) for d in found
    ]


def revoke(engine: Engine, device: str) -> list[str]:
    """Revoke every live token of the device whose id is (or starts with, 8+ characters) ``device``."""
    device = device.strip()
    if len(device) < 8:
        raise AdminError("Give at least the first 8 characters of the device id (see: onramp-hub devices).")
    with writing(engine) as conn:
        matches = conn.execute(
            select(devices.c.device_id)
            .where(devices.c.device_id.startswith(device, autoescape=True), devices.c.revoked_at.is_(None))
            .distinct()
        ).scalars().all()
        if not matches:
            raise AdminError(f"No enrolled device with an id starting {device!r}.")
        if len(matches) > 1:
            raise AdminError(f"{len(matches)} devices start with {device!r}; give more of the id.")
        conn.execute(
            update(devices)
            .where(devices.c.device_id == matches[0], devices.c.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    return list(matches)
