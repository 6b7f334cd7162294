"""The tables of the hub's web side: people who sign in, what they may see, and what they did.

On the same ``metadata`` as the sync tables (one schema, one chain of migrations). Secrets are
kept only as hashes: passwords as Argon2id, session and invite tokens as sha256.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from hub.store import metadata

# Who a person is on the hub. A hub admin runs the hub; an organisation admin runs one
# organisation; a coordinator looks after some chapters of one organisation; a funder sees
# aggregates of the organisations that opted in to it.
HUB_ADMIN = "hub_admin"
ORG_ADMIN = "org_admin"
COORDINATOR = "coordinator"
FUNDER = "funder"
ROLES = (HUB_ADMIN, ORG_ADMIN, COORDINATOR, FUNDER)

funders = Table(
    "funders",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
)

# An organisation lets a funder see its aggregates; withdrawing deletes the row.
funder_orgs = Table(
    "funder_orgs",
    metadata,
    Column("funder_id", Integer, ForeignKey("funders.id"), primary_key=True),
    Column("org_id", Integer, ForeignKey("organisations.id"), primary_key=True),
    Column("opted_in_at", DateTime, nullable=False),
)

# A chapter is a named group of an organisation's venues (venue ids are the laptops' own).
chapters = Table(
    "chapters",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("org_id", Integer, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("org_id", "name", name="uq_chapters_org_name"),
)

chapter_venues = Table(
    "chapter_venues",
    metadata,
    Column("chapter_id", Integer, ForeignKey("chapters.id"), primary_key=True),
    Column("venue_id", String(64), primary_key=True),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("email", String(320), nullable=False, unique=True),  # stored lower-cased
    Column("display_name", String(200), nullable=False, default=""),
    Column("role", String(32), nullable=False),
    Column("org_id", Integer, ForeignKey("organisations.id"), nullable=True, index=True),
    Column("funder_id", Integer, ForeignKey("funders.id"), nullable=True, index=True),
    Column("password_hash", Text, nullable=True),  # Argon2id; null until an invite is accepted
    Column("language", String(8), nullable=False, default="en"),
    Column("created_at", DateTime, nullable=False),
    Column("disabled_at", DateTime, nullable=True),
)

user_chapters = Table(
    "user_chapters",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("chapter_id", Integer, ForeignKey("chapters.id"), primary_key=True),
)

# A single-use link that lets a new (or reset) account choose its password.
invites = Table(
    "invites",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_by", Integer, ForeignKey("users.id"), nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("used_at", DateTime, nullable=True),
)

# Server-side sessions: the cookie holds a random token; the hub keeps its hash, so revoking is a row.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("revoked_at", DateTime, nullable=True),
)

# Failed sign-ins, by a hash of what was tried from where; rate limiting reads the recent ones,
# so every hub process behind a proxy shares one count.
login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key_hash", String(64), nullable=False),
    Column("at", DateTime, nullable=False),
    Index("ix_login_failures_key_at", "key_hash", "at"),
)

# Every export and every change of who may see what. Read by admins; never edited.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("actor_id", Integer, ForeignKey("users.id"), nullable=True),  # null: the command line
    Column("org_id", Integer, ForeignKey("organisations.id"), nullable=True, index=True),
    Column("action", String(64), nullable=False),
    Column("detail", Text, nullable=False, default=""),
)
