"""Alembic environment for the hub: runs on the engine handed in by hub.store."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import hub.accounts_store  # its tables join the metadata
import hub.commons_store  # the lesson commons
import hub.find_store  # and the organisations publishing their sessions
import hub.projection  # noqa: F401  (so do the report tables)
from hub.store import metadata

config = context.config


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=engine.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
