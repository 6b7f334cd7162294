"""Alembic migrations for the local database.

Every schema change is a migration; a database made by an older release opens
in a newer one. ``HEAD`` lets start-up skip loading Alembic when the database
is already current (a test keeps it equal to Alembic's head).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.dbcheck import DatabaseTooNew, InstallIncomplete

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

HEAD = "0013_datetime_text"
SCRIPT_LOCATION = Path(__file__).resolve().parent


# Tables kept by hand in migrations, not described by the models (SQLite FTS5 search index
# and its shadow tables); schema comparison leaves them alone.
UNMODELLED_TABLE_PREFIXES = ("participant_search",)


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    return not (type_ == "table" and name is not None and name.startswith(UNMODELLED_TABLE_PREFIXES))


def alembic_config(engine: Engine | None) -> Config:
    """Alembic's configuration; ``engine`` is the database its env.py migrates (None: only reading the scripts)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.attributes["engine"] = engine
    return config


def current_revision(engine: Engine) -> str | None:
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_current(path: Path) -> bool:
    """Whether the database at ``path`` is already at ``HEAD``, read with plain sqlite3 (no Alembic, no
    SQLAlchemy): the usual start. False for no file, an older or newer schema, or a file it cannot read."""
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
    except sqlite3.Error:  # no such table (a new or foreign file), or damaged: the full opening says which
        return False
    finally:
        conn.close()


class MigrationsMissing(InstallIncomplete):
    """This copy of On-Ramp lacks the scripts that create and upgrade its database (a damaged
    install): the database is left as it was."""


def _missing(path: Path, detail: object) -> MigrationsMissing:
    return MigrationsMissing(
        path,
        f"On-Ramp cannot prepare the database at {path}: the scripts that set it up are missing "
        f"from this copy of On-Ramp ({detail}). Please install On-Ramp again; the database "
        "has not been changed.",
    )


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(None))
    return {rev.revision for rev in script.walk_revisions()}


def upgrade_to_head(engine: Engine) -> None:
    current = current_revision(engine)
    if current == HEAD:
        return  # the usual start: Alembic is not even loaded
    from alembic.script.revision import RevisionError
    from alembic.util import CommandError

    path = Path(engine.url.database or "")
    # Alembic reads its environment and revisions as files; an install without them (a bundle
    # built without its data, files deleted by hand) must say so, not fail with a traceback.
    try:
        known = known_revisions()
    except (CommandError, RevisionError, OSError) as exc:
        raise _missing(path, exc) from exc
    if HEAD not in known:
        raise _missing(path, f"no revision {HEAD} in {SCRIPT_LOCATION / 'versions'}")
    if current is not None and current not in known:
        raise DatabaseTooNew(
            path,
            "This database was made by a newer version of On-Ramp. Please update On-Ramp to open it.",
        )
    try:
        upgrade(engine, "head")
    except (CommandError, RevisionError, ImportError, FileNotFoundError) as exc:
        # env.py or a revision gone: Alembic raises ImportError("Can't find Python file ...").
        raise _missing(path, exc) from exc


def upgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), revision)
