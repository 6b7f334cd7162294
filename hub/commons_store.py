"""The lesson commons' tables: each organisation's consent, the commons lessons and their numbered versions.

A published version is a row that is never updated: its licence and authors stay as they were
published (a new version may change them). ``seq`` is one hub-wide, increasing number given to each
version as it is published and to a lesson when it is unpublished; it is the laptops' catalogue
cursor, so a catalogue page is a range of ``seq`` read along its index.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from hub.store import metadata

ID = 64  # the protocol's longest id (a version id is quoted in laptops' lineage rows)

commons_settings = Table(
    "commons_settings",
    metadata,
    Column("org_id", Integer, ForeignKey("organisations.id"), primary_key=True),
    # The organisation agreed that its laptops may publish lessons to the commons (off until an admin says so).
    Column("may_publish", Boolean, nullable=False, default=False),
    # Its laptops receive the catalogue (on unless the organisation chose not to).
    Column("receives", Boolean, nullable=False, default=True),
)

commons_lessons = Table(
    "commons_lessons",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("org_id", Integer, ForeignKey("organisations.id"), nullable=False),
    # The publishing laptop's lesson id (or an imported lesson's own key): publishing it again adds a version.
    Column("laptop_lesson_id", String(200), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("unpublished_at", DateTime, nullable=True),
    # The catalogue's seq of the unpublishing, so laptops learn of it (null while published).
    Column("seq", BigInteger, nullable=True),
    UniqueConstraint("org_id", "laptop_lesson_id"),
    Index("ix_commons_lessons_seq", "seq", unique=True),
)

commons_versions = Table(
    "commons_versions",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("commons_lesson_id", String(ID), ForeignKey("commons_lessons.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("title", String(300), nullable=False),
    Column("level", String(32), nullable=False),
    Column("language", String(16), nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("tags", Text, nullable=False),  # JSON list of text
    Column("text", Text, nullable=False),  # the lesson's Markdown, front matter included
    Column("licence", String(32), nullable=False),
    Column("authors", Text, nullable=False),  # JSON list of names, as they wish to be credited
    Column("organisation_name", String(200), nullable=False),
    Column("source_version_id", String(ID), nullable=True),
    Column("parent_version_id", String(ID), nullable=True),
    Column("published_at", DateTime, nullable=False),
    UniqueConstraint("commons_lesson_id", "number"),
    Index("ix_commons_versions_seq", "seq", unique=True),
    # A lesson's remixes, and the usage of what descends from it.
    Index("ix_commons_versions_source_version_id", "source_version_id"),
    Index("ix_commons_versions_parent_version_id", "parent_version_id"),
)

# Hub-wide settings, one row each (absent: the default). "commons_public" = "on": the /commons pages
# are open to anyone, signed in or not (``onramp-hub commons public on``); see hub.commons_public.
hub_settings = Table(
    "hub_settings",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
