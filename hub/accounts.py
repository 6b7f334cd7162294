"""People who sign in to the hub's web pages: accounts, invites, passwords, sessions, the audit log.

Shared by the command line (``onramp-hub user …``) and the web pages. Passwords are hashed with
Argon2id (argon2-cffi); session and invite tokens are random and kept only as sha256 hashes, so a
copy of the database signs nobody in. Failed sign-ins are counted in the database, so every hub
process behind a proxy shares one limit.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, Engine, delete, func, insert, or_, select, text, update
from sqlalchemy.exc import IntegrityError

from desktop.i18n import LANGUAGES, _
from hub.accounts_store import (
    COORDINATOR,
    FUNDER,
    HUB_ADMIN,
    ORG_ADMIN,
    ROLES,
    audit_log,
    chapter_venues,
    chapters,
    funder_orgs,
    funders,
    invites,
    login_failures,
    user_chapters,
    users,
    web_sessions,
)
from hub.admin import AdminError
from hub.store import organisations, reading, sha256, utcnow, writing

if TYPE_CHECKING:
    from hub.scope import Scope

INVITE_LIFETIME = timedelta(days=7)
SESSION_IDLE = timedelta(hours=12)  # a session left alone this long ends
SESSION_LONGEST = timedelta(days=7)  # and none outlives this, however busy
# At most this many failed sign-ins in the window, per address tried and per client.
FAILURE_LIMIT = 5
FAILURE_WINDOW = timedelta(minutes=15)
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # Argon2 takes any length; a megabyte "password" only costs the server
SIGN_IN_LOCK = 724312  # PostgreSQL advisory lock: one sign-in at a time counts and adds its attempt

_hasher = PasswordHasher()  # argon2-cffi's defaults: Argon2id, RFC 9106 low-memory profile
# Verified against when no such account exists, so a wrong address takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class User:
    id: int
    email: str
    display_name: str
    role: str
    org_id: int | None
    funder_id: int | None
    language: str
    disabled: bool


@dataclass(frozen=True)
class SignedIn:
    """A live web session: who, and the token forms must echo back (CSRF)."""

    user: User
    session_id: int
    csrf_token: str


class TooManyAttempts(AdminError):
    """Sign-in refused without checking the password: too many recent failures."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _user(row) -> User:
    return User(
        row.id,
        row.email,
        row.display_name,
        row.role,
        row.org_id,
        row.funder_id,
        row.language,
        row.disabled_at is not None,
    )


def audit(conn: Connection, actor_id: int | None, action: str, detail: str = "", org_id: int | None = None) -> None:
    """Record an export or a change of who may see what, in the caller's transaction."""
    conn.execute(insert(audit_log).values(at=utcnow(), actor_id=actor_id, org_id=org_id, action=action, detail=detail))


# Organisations, chapters and funders ------------------------------------------------------------


def org_id_named(conn: Connection, name: str) -> int:
    found = conn.execute(select(organisations.c.id).where(organisations.c.name == name.strip())).scalar()
    if found is None:
        raise AdminError(f"No organisation called {name!r}. Create it with: onramp-hub org create NAME")
    return found


def create_chapter(engine: Engine, org: str, name: str, venue_ids: list[str], actor_id: int | None = None) -> int:
    """A named group of an organisation's venues (the laptops' venue ids), for coordinators."""
    name = name.strip()
    if not name:
        raise AdminError("A chapter needs a name.")
    try:
        with writing(engine) as conn:
            org_id = org_id_named(conn, org)
            chapter_id = conn.execute(
                insert(chapters).values(org_id=org_id, name=name, created_at=utcnow()).returning(chapters.c.id)
            ).scalar_one()
            venues = list(dict.fromkeys(v.strip() for v in venue_ids if v.strip()))
            for venue_id in venues:
                conn.execute(insert(chapter_venues).values(chapter_id=chapter_id, venue_id=venue_id))
            audit(conn, actor_id, "chapter created", f"{name}: {len(venues)} venues", org_id)
            return chapter_id
    except IntegrityError:
        raise AdminError(f"The organisation already has a chapter called {name!r}.") from None


def create_funder(engine: Engine, name: str, actor_id: int | None = None) -> int:
    name = name.strip()
    if not name:
        raise AdminError("A funder needs a name.")
    try:
        with writing(engine) as conn:
            funder_id = conn.execute(
                insert(funders).values(name=name, created_at=utcnow()).returning(funders.c.id)
            ).scalar_one()
            audit(conn, actor_id, "funder created", name)
            return funder_id
    except IntegrityError:
        raise AdminError(f"There is already a funder called {name!r}.") from None


def funder_id_named(conn: Connection, name: str) -> int:
    found = conn.execute(select(funders.c.id).where(funders.c.name == name.strip())).scalar()
    if found is None:
        raise AdminError(f"No funder called {name!r}. Create it with: onramp-hub funder create NAME")
    return found


def set_funder_opt_in(engine: Engine, org: str, funder: str, opted_in: bool, actor_id: int | None = None) -> None:
    """An organisation lets a funder see its aggregates (or stops letting it)."""
    with writing(engine) as conn:
        org_id, funder_id = org_id_named(conn, org), funder_id_named(conn, funder)
        conn.execute(delete(funder_orgs).where(funder_orgs.c.org_id == org_id, funder_orgs.c.funder_id == funder_id))
        if opted_in:
            conn.execute(insert(funder_orgs).values(funder_id=funder_id, org_id=org_id, opted_in_at=utcnow()))
        audit(conn, actor_id, "funder opt-in" if opted_in else "funder opt-out", funder, org_id)


# Accounts ---------------------------------------------------------------------------------------


def create_user(
    engine: Engine,
    email: str,
    role: str,
    *,
    org: str | None = None,
    funder: str | None = None,
    chapter_names: list[str] | None = None,
    display_name: str = "",
    language: str = "en",
    actor_id: int | None = None,
) -> tuple[int, str]:
    """A new account with no password yet, and the single-use invite token that lets it choose one."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 320:
        raise AdminError("That does not look like an email address.")
    if role not in ROLES:
        raise AdminError(f"The role must be one of: {', '.join(ROLES)}.")
    try:
        with writing(engine) as conn:
            org_id = org_id_named(conn, org) if org else None
            funder_id = funder_id_named(conn, funder) if funder else None
            if role in (ORG_ADMIN, COORDINATOR) and org_id is None:
                raise AdminError("An organisation admin or coordinator needs --org.")
            if role == FUNDER and funder_id is None:
                raise AdminError("A funder account needs --funder.")
            if role == HUB_ADMIN and (org_id or funder_id):
                raise AdminError("A hub admin belongs to no organisation or funder.")
            if role == FUNDER and org_id:
                raise AdminError("A funder account belongs to a funder, not an organisation.")
            user_id = conn.execute(
                insert(users)
                .values(
                    email=email,
                    display_name=display_name.strip(),
                    role=role,
                    org_id=org_id,
                    funder_id=funder_id,
                    language=language,
                    created_at=utcnow(),
                )
                .returning(users.c.id)
            ).scalar_one()
            if chapter_names:
                if role != COORDINATOR:
                    raise AdminError("Only a coordinator is given chapters.")
                for name in chapter_names:
                    chapter_id = conn.execute(
                        select(chapters.c.id).where(chapters.c.org_id == org_id, chapters.c.name == name.strip())
                    ).scalar()
                    if chapter_id is None:
                        raise AdminError(f"The organisation has no chapter called {name!r}.")
                    conn.execute(insert(user_chapters).values(user_id=user_id, chapter_id=chapter_id))
            token = _new_invite(conn, user_id, actor_id)
            audit(conn, actor_id, "user created", f"{email} as {role}", org_id)
            return user_id, token
    except IntegrityError:
        raise AdminError(f"There is already an account for {email}.") from None


def _new_invite(conn: Connection, user_id: int, actor_id: int | None) -> str:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    # An older unused invite stops working: only the newest link is live.
    conn.execute(update(invites).where(invites.c.user_id == user_id, invites.c.used_at.is_(None)).values(used_at=now))
    conn.execute(
        insert(invites).values(
            user_id=user_id,
            token_hash=sha256(token),
            created_by=actor_id,
            created_at=now,
            expires_at=now + INVITE_LIFETIME,
        )
    )
    return token


def invite_again(engine: Engine, email: str, actor_id: int | None = None) -> str:
    """A fresh single-use link for an existing account (a forgotten password, an expired invite)."""
    with writing(engine) as conn:
        found = conn.execute(select(users).where(users.c.email == normalise_email(email))).first()
        if found is None:
            raise AdminError(f"No account for {email}.")
        token = _new_invite(conn, found.id, actor_id)
        audit(conn, actor_id, "invite sent", found.email, found.org_id)
        return token


def invited_user(engine: Engine, token: str) -> User | None:
    """The account a live invite is for, or None (unknown, used or expired)."""
    with reading(engine) as conn:
        found = conn.execute(
            select(users)
            .join(invites, invites.c.user_id == users.c.id)
            .where(
                invites.c.token_hash == sha256(token),
                invites.c.used_at.is_(None),
                invites.c.expires_at > utcnow(),
                users.c.disabled_at.is_(None),
            )
        ).first()
    return None if found is None else _user(found)


def password_problem(password: str) -> str | None:
    """Why a new password is refused, in words for the person choosing it; None if it is fine."""
    if len(password) < MIN_PASSWORD:
        return _("Use at least {n} characters.").format(n=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        return _("Use at most {n} characters.").format(n=MAX_PASSWORD)
    if not password.strip():
        return _("A password cannot be only spaces.")
    return None


def accept_invite(engine: Engine, token: str, password: str) -> User:
    """Spend an invite: set the password, end every earlier session of the account."""
    problem = password_problem(password)
    if problem:
        raise AdminError(problem)
    hashed = _hasher.hash(password)
    now = utcnow()
    with writing(engine) as conn:
        found = conn.execute(
            select(users, invites.c.id.label("invite_id"))
            .join(invites, invites.c.user_id == users.c.id)
            .where(
                invites.c.token_hash == sha256(token),
                invites.c.used_at.is_(None),
                invites.c.expires_at > now,
                users.c.disabled_at.is_(None),
            )
        ).first()
        if found is None:
            raise AdminError(_("This link has been used or has expired. Ask for a new one."))
        spent = conn.execute(
            update(invites).where(invites.c.id == found.invite_id, invites.c.used_at.is_(None)).values(used_at=now)
        ).rowcount
        if spent != 1:
            raise AdminError(_("This link has been used or has expired. Ask for a new one."))
        conn.execute(update(users).where(users.c.id == found.id).values(password_hash=hashed))
        _revoke_sessions(conn, found.id, now)
        audit(conn, found.id, "password set", found.email, found.org_id)
    return _user(found)


def set_disabled(engine: Engine, email: str, disabled: bool, actor_id: int | None = None) -> None:
    """Disable (or enable again) an account; disabling ends its sessions at once."""
    now = utcnow()
    with writing(engine) as conn:
        found = conn.execute(select(users).where(users.c.email == normalise_email(email))).first()
        if found is None:
            raise AdminError(f"No account for {email}.")
        conn.execute(update(users).where(users.c.id == found.id).values(disabled_at=now if disabled else None))
        if disabled:
            _revoke_sessions(conn, found.id, now)
        audit(conn, actor_id, "user disabled" if disabled else "user enabled", found.email, found.org_id)


def list_users(engine: Engine) -> list[User]:
    with reading(engine) as conn:
        return [_user(r) for r in conn.execute(select(users).order_by(users.c.email))]


@dataclass(frozen=True)
class Account:
    """An account as the People and access page lists it."""

    user: User
    organisation: str  # "" for a hub admin or a funder
    funder: str
    has_password: bool


def accounts_in_scope(conn: Connection, scope: Scope) -> list[Account]:
    """The accounts the viewer manages: a hub admin all, an organisation admin their organisation's."""
    from hub.scope import NotFound

    if not scope.administers:
        raise NotFound
    query = (
        select(users, organisations.c.name.label("org_name"), funders.c.name.label("funder_name"))
        .outerjoin(organisations, organisations.c.id == users.c.org_id)
        .outerjoin(funders, funders.c.id == users.c.funder_id)
        .order_by(users.c.email)
    )
    if not scope.is_hub_admin:
        query = query.where(users.c.org_id.in_(scope.orgs))
    return [
        Account(_user(r), r.org_name or "", r.funder_name or "", r.password_hash is not None)
        for r in conn.execute(query)
    ]


def user_by_id(conn: Connection, user_id: int) -> User | None:
    if not 0 < user_id < 2**63:  # no database integer: nobody (the database would refuse to compare it)
        return None
    found = conn.execute(select(users).where(users.c.id == user_id)).first()
    return None if found is None else _user(found)


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str  # the account's email; "" for the command line
    organisation: str
    action: str
    detail: str


def audit_entries(conn: Connection, scope: Scope, limit: int = 500) -> list[AuditEntry]:
    """The newest entries of the audit log the viewer may read: a hub admin all, an org admin their org's."""
    from hub.scope import NotFound

    if not scope.administers:
        raise NotFound
    query = (
        select(audit_log, users.c.email, organisations.c.name.label("org_name"))
        .outerjoin(users, users.c.id == audit_log.c.actor_id)
        .outerjoin(organisations, organisations.c.id == audit_log.c.org_id)
        .order_by(audit_log.c.id.desc())
        .limit(limit)
    )
    if not scope.is_hub_admin:
        query = query.where(audit_log.c.org_id.in_(scope.orgs))
    return [AuditEntry(r.at, r.email or "", r.org_name or "", r.action, r.detail) for r in conn.execute(query)]


def set_language(engine: Engine, user_id: int, code: str) -> None:
    """The language the account's pages are shown in (kept for every later sign-in)."""
    if code not in LANGUAGES:
        raise AdminError(f"The language must be one of: {', '.join(LANGUAGES)}.")
    with writing(engine) as conn:
        conn.execute(update(users).where(users.c.id == user_id).values(language=code))


# Signing in -------------------------------------------------------------------------------------


def _failure_keys(email: str, client: str) -> list[str]:
    return [sha256(f"email:{normalise_email(email)}"), sha256(f"client:{client}")]


def _recent_failures(conn: Connection, keys: list[str], now: datetime) -> int:
    counts = conn.execute(
        select(func.count())
        .select_from(login_failures)
        .where(login_failures.c.key_hash.in_(keys), login_failures.c.at > now - FAILURE_WINDOW)
        .group_by(login_failures.c.key_hash)
    ).scalars()
    return max(counts, default=0)


def sign_in(engine: Engine, email: str, password: str, client: str) -> tuple[SignedIn, str] | None:
    """A new session and its cookie token for the right address and password, else None.

    Raises TooManyAttempts.

    ``client`` is the address the request came from; failures are counted per account address
    and per client, so neither guessing one account's password nor spraying many accounts works.
    """
    now = utcnow()
    keys = _failure_keys(email, client)
    with writing(engine) as conn:
        if conn.dialect.name == "postgresql":  # SQLite's write transactions already come one at a time
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SIGN_IN_LOCK})
        if _recent_failures(conn, keys, now) >= FAILURE_LIMIT:
            raise TooManyAttempts(
                _("Too many attempts to log in. Wait 15 minutes, or ask your hub admin for a new invite.")
            )
        # Counted as failed before the slow password check, so guesses sent at the same moment cannot all
        # be checked before the first is counted; the right password takes its own count back.
        attempt = [
            conn.execute(insert(login_failures).values(key_hash=k, at=now).returning(login_failures.c.id)).scalar_one()
            for k in keys
        ]
        found = conn.execute(select(users).where(users.c.email == normalise_email(email))).first()
    stored = found.password_hash if found is not None and found.disabled_at is None else None
    try:
        ok = _hasher.verify(stored or _DUMMY_HASH, password[:MAX_PASSWORD]) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    with writing(engine) as conn:
        if not ok or found is None:
            # Old failures serve no limit: drop them as we go, so the table stays small.
            conn.execute(delete(login_failures).where(login_failures.c.at <= now - FAILURE_WINDOW))
            return None
        if _hasher.check_needs_rehash(found.password_hash):
            conn.execute(update(users).where(users.c.id == found.id).values(password_hash=_hasher.hash(password)))
        conn.execute(
            delete(login_failures).where(or_(login_failures.c.key_hash == keys[0], login_failures.c.id.in_(attempt)))
        )
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        session_id = conn.execute(
            insert(web_sessions)
            .values(
                token_hash=sha256(token),
                user_id=found.id,
                csrf_token=csrf,
                created_at=now,
                last_seen_at=now,
                expires_at=now + SESSION_LONGEST,
            )
            .returning(web_sessions.c.id)
        ).scalar_one()
    return SignedIn(_user(found), session_id, csrf), token


def session_for(engine: Engine, token: str | None) -> SignedIn | None:
    """The live session a cookie's token belongs to (touching it), or None."""
    if not token:
        return None
    now = utcnow()
    with writing(engine) as conn:
        found = conn.execute(
            select(users, web_sessions.c.id.label("session_id"), web_sessions.c.csrf_token)
            .join(web_sessions, web_sessions.c.user_id == users.c.id)
            .where(
                web_sessions.c.token_hash == sha256(token),
                web_sessions.c.revoked_at.is_(None),
                web_sessions.c.expires_at > now,
                web_sessions.c.last_seen_at > now - SESSION_IDLE,
                users.c.disabled_at.is_(None),
            )
        ).first()
        if found is None:
            return None
        conn.execute(update(web_sessions).where(web_sessions.c.id == found.session_id).values(last_seen_at=now))
    return SignedIn(_user(found), found.session_id, found.csrf_token)


def sign_out(engine: Engine, session_id: int) -> None:
    with writing(engine) as conn:
        conn.execute(update(web_sessions).where(web_sessions.c.id == session_id).values(revoked_at=utcnow()))


def _revoke_sessions(conn: Connection, user_id: int, now: datetime) -> None:
    conn.execute(
        update(web_sessions)
        .where(web_sessions.c.user_id == user_id, web_sessions.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def revoke_sessions(engine: Engine, email: str, actor_id: int | None = None) -> None:
    """End every session of an account (a lost laptop, a shared computer left signed in)."""
    with writing(engine) as conn:
        found = conn.execute(select(users).where(users.c.email == normalise_email(email))).first()
        if found is None:
            raise AdminError(f"No account for {email}.")
        _revoke_sessions(conn, found.id, utcnow())
        audit(conn, actor_id, "sessions revoked", found.email, found.org_id)
