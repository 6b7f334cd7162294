"""The hub's migrations build exactly the tables its code declares."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

import hub.accounts_store  # its tables join the metadata
import hub.commons_store  # the lesson commons
import hub.find_store  # so does who publishes sessions
import hub.projection  # noqa: F401  (so do the report tables)
from hub.store import HEAD, alembic_config, metadata, open_store


def test_the_known_head_is_the_newest_migration(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    assert ScriptDirectory.from_config(alembic_config(engine)).get_heads() == [HEAD]


def test_migrating_an_empty_database_gives_the_declared_schema(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    assert differences == []
