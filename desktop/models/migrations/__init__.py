"""Alembic migrations for the local database.

Every schema change is a migration; a database made by an older release opens
in a newer one. ``HEAD`` lets start-up skip loading Alembic when the database
is already current (a test keeps it equal to Alembic's head).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text

from desktop.dbcheck import DatabaseTooNew

HEAD = "0003_signin_count_indexes"
SCRIPT_LOCATION = Path(__file__).resolve().parent


# Tables kept by hand in migrations, not described by the models (SQLite FTS5 search index
# and its shadow tables); schema comparison leaves them alone.
UNMODELLED_TABLE_PREFIXES = ("participant_search",)


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    if type_ == "table" and name and name.startswith(UNMODELLED_TABLE_PREFIXES):
        return False
    return True


def alembic_config(engine: Engine):  # -> alembic.config.Config
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.attributes["engine"] = engine
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(None))  # type: ignore[arg-type]
    return {rev.revision for rev in script.walk_revisions()}


def upgrade_to_head(engine: Engine) -> None:
    current = current_revision(engine)
    if current == HEAD:
        return
    if current is not None and current not in known_revisions():
        raise DatabaseTooNew(
            Path(engine.url.database or ""),
            "This database was made by a newer version of On-Ramp. Please update On-Ramp to open it.",
        )
    upgrade(engine, "head")


def upgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), revision)
