"""What an organiser does on the hub: organisations, enrolment codes, devices, revocation.

Shared by the admin command line and the HTTP enrolment endpoint.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Row, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from hub.store import devices, enrol_codes, organisations, reading, sha256, utcnow, writing

# No 0/O or 1/I/L: codes are read aloud and typed by hand.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


class AdminError(Exception):
    """A refusal with a message for the organiser (or, over HTTP, for the laptop's host)."""


class BadCode(AdminError):
    pass


class DeviceIdInUse(BadCode):
    """A live device of the organisation already has this id: refused like a bad code (403)."""


@dataclass(frozen=True)
class DeviceInfo:
    device_id: str
    name: str
    organisation: str
    created_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class Revoked:
    """What ``revoke`` did."""

    device_id: str
    organisation: str
    tokens: int  # live tokens of the device that stopped working now (0: it was already revoked)


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
            insert(enrol_codes).values(org_id=org_id, code_hash=sha256(raw), created_at=now, expires_at=expires)
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
            select(
                enrol_codes.c.id,
                enrol_codes.c.org_id,
                enrol_codes.c.used_at,
                enrol_codes.c.expires_at,
            )
            .where(enrol_codes.c.code_hash == sha256(normalise_code(code)))
            .with_for_update()
        ).first()
        if found is None:
            raise BadCode("That enrolment code is not known to this hub. Check it, or ask for a new one.")
        if found.used_at is not None:
            raise BadCode("That enrolment code has already been used. Ask your organiser for a new one.")
        if found.expires_at <= now:
            raise BadCode("That enrolment code has expired. Ask your organiser for a new one.")
        # Two live devices with one id would be one writer to the merge and share an origin. A copied
        # laptop takes a new id before it enrols (desktop.sync.identity), so this is another device
        # claiming a live one's id, or the same laptop enrolled twice. Refused before the code is spent.
        in_use = conn.execute(
            select(devices.c.id)
            .where(
                devices.c.org_id == found.org_id,
                devices.c.device_id == device_id,
                devices.c.revoked_at.is_(None),
            )
            .limit(1)
        ).first()
        if in_use is not None:
            org = conn.execute(select(organisations.c.name).where(organisations.c.id == found.org_id)).scalar_one()
            raise DeviceIdInUse(
                "A laptop with this id is already enrolled in this organisation. If this is that laptop being "
                f"enrolled again, ask the organiser to revoke it first: onramp-hub revoke {device_id} "
                f"--org {json.dumps(org)}"
            )
        token = _new_token(device_id)
        pk = conn.execute(
            insert(devices)
            .values(
                org_id=found.org_id,
                device_id=device_id,
                name=name,
                token_hash=sha256(token),
                created_at=now,
            )
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
            select(
                devices.c.device_id,
                devices.c.name,
                devices.c.created_at,
                devices.c.last_seen_at,
                devices.c.revoked_at,
            )
            .where(devices.c.org_id == org_id)
            .order_by(devices.c.created_at, devices.c.id)
        ).all()
    return [DeviceInfo(d.device_id, d.name, org.strip(), d.created_at, d.last_seen_at, d.revoked_at) for d in found]


MIN_PREFIX = 8


def find_device(conn: Connection, device: str, org: str | None = None) -> tuple[int, str, str]:
    """(org id, organisation, device id) of the one device ``device`` names.

    An exact id always wins over a prefix. A prefix (8+ characters) is compared exactly (case
    and all) and never matches across organisations: with ``org`` only that organisation is
    searched; without it the match must be one device, in one organisation.
    """
    device = device.strip()
    org_id = _org_id(conn, org) if org is not None else None

    def matching(condition: Any) -> list[Row]:
        query = (
            select(devices.c.org_id, organisations.c.name, devices.c.device_id)
            .join(organisations, organisations.c.id == devices.c.org_id)
            .where(condition)
            .distinct()
            .order_by(organisations.c.name, devices.c.device_id)
        )
        if org_id is not None:
            query = query.where(devices.c.org_id == org_id)
        return list(conn.execute(query).all())

    found = matching(devices.c.device_id == device) if device else []
    if not found:
        if len(device) < MIN_PREFIX:
            raise AdminError(
                f"Give the whole device id, or at least its first {MIN_PREFIX} characters "
                "(see: onramp-hub devices --org ORG)."
            )
        # substr, not LIKE: LIKE ignores case on SQLite and treats _ and % as wildcards.
        found = matching(func.substr(devices.c.device_id, 1, len(device)) == device)
    where = f" in {org.strip()!r}" if org is not None else ""
    if not found:
        raise AdminError(f"No device{where} has an id starting {device!r} (see: onramp-hub devices --org ORG).")
    orgs = sorted({r.name for r in found})
    if len(orgs) > 1:
        raise AdminError(
            f"Devices in {len(orgs)} organisations match {device!r}: "
            + ", ".join(repr(o) for o in orgs)
            + ". Say which with --org ORG."
        )
    if len(found) > 1:
        raise AdminError(
            f"{len(found)} devices{where or ' in ' + repr(orgs[0])} have ids starting {device!r}; "
            "give the whole id: " + ", ".join(r.device_id for r in found)
        )
    return found[0].org_id, found[0].name, found[0].device_id


def revoke(engine: Engine, device: str, org: str | None = None) -> Revoked:
    """Revoke every token of one device (see ``find_device``)."""
    now = utcnow()
    with writing(engine) as conn:
        org_id, org_name, device_id = find_device(conn, device, org)
        tokens = conn.execute(
            update(devices)
            .where(
                devices.c.org_id == org_id,
                devices.c.device_id == device_id,
                devices.c.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        ).rowcount
    return Revoked(device_id, org_name, tokens)
