"""Schema changes only through Alembic; a database made by an older release opens in a newer one."""

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from desktop.models import Base, DatabaseTooNew, migrations, open_database
from desktop.models.database import make_engine


def all_revisions() -> list[str]:
    script = ScriptDirectory.from_config(migrations.alembic_config(None))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_head_constant_matches_alembic_head():
    script = ScriptDirectory.from_config(migrations.alembic_config(None))
    assert script.get_heads() == [migrations.HEAD]


def test_models_and_migrations_describe_the_same_schema(tmp_path: Path):
    engine = make_engine(tmp_path / "db.sqlite3")
    migrations.upgrade(engine, "head")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": migrations.include_name})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


@pytest.mark.parametrize("revision", all_revisions())
def test_a_database_made_at_every_revision_upgrades_to_the_newest(tmp_path: Path, revision: str):
    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    migrations.upgrade(engine, revision)
    engine.dispose()
    db = open_database(path)
    assert migrations.current_revision(db.engine) == migrations.HEAD
    db.close()


def test_a_database_from_a_newer_release_is_refused_with_a_clear_message(tmp_path: Path):
    path = tmp_path / "new.sqlite3"
    open_database(path).close()
    engine = make_engine(path)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(DatabaseTooNew, match="newer version of On-Ramp"):
        open_database(path)
