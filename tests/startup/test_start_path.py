"""The ordinary start shows the window before SQLAlchemy loads, and never loads Alembic."""

from __future__ import annotations

from pathlib import Path

from desktop.models import open_database
from desktop.paths import database_path
from tests.startup.watch import watch

# Runs the app's own start (``onramp --quit-after-start``) and notes which of these modules were loaded when
# the app reported its first paint and when it had finished starting.
WATCH_THE_START = """
import builtins, json, sys
WATCHED = ("alembic", "sqlalchemy", "desktop.lessons.library", "reportlab")
loaded = {}
say = builtins.print
def spy(*args, **kwargs):
    if args and args[0] == "onramp-start: first paint":
        loaded["first paint"] = [m for m in WATCHED if m in sys.modules]
    say(*args, **kwargs)
builtins.print = spy
from desktop.cli import main
code = main(sys.argv[1:])
loaded["started"] = [m for m in WATCHED if m in sys.modules]
say(json.dumps({"code": code, "loaded": loaded}))
"""


def watch_the_start(data_dir: Path) -> dict:
    return watch(WATCH_THE_START, data_dir)


def test_the_window_paints_before_sqlalchemy_loads_and_the_ordinary_start_never_loads_alembic(tmp_path: Path):
    data_dir = tmp_path / "data"
    open_database(database_path(data_dir)).close()  # a database whose schema is current
    said = watch_the_start(data_dir)
    assert said["code"] == 0
    assert said["loaded"]["first paint"] == []
    # Once started (the database open on its thread, Today's starter lessons counted), still no Alembic.
    assert "sqlalchemy" in said["loaded"]["started"]
    assert "alembic" not in said["loaded"]["started"]


def test_a_start_on_a_database_to_migrate_loads_alembic_to_migrate_it(tmp_path: Path):
    from desktop.models.migrations import HEAD, is_current
    from tests.startup.test_schema_check import database_at_the_revision_before_head

    data_dir = tmp_path / "data"
    path = database_at_the_revision_before_head(database_path(data_dir))
    said = watch_the_start(data_dir)
    assert said["code"] == 0
    assert "alembic" in said["loaded"]["started"]
    assert is_current(path), f"still not at {HEAD}"
