"""The ordinary start keeps in memory only what it uses."""

from __future__ import annotations

from pathlib import Path

from desktop.models import open_database
from desktop.paths import database_path
from tests.startup.watch import watch

# The app's own start (``onramp --quit-after-start``), then which module sources Python keeps in memory.
WATCH_THE_SOURCES = """
import json, linecache, sys
from desktop.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "sources kept": sorted(linecache.cache)}))
"""


def test_the_start_keeps_no_module_source_in_memory(tmp_path: Path):
    # PySide6 reads the source of every module imported after it; kept, that was 25 MB of the start's peak.
    data_dir = tmp_path / "data"
    open_database(database_path(data_dir)).close()
    said = watch(WATCH_THE_SOURCES, data_dir, start_report=False)
    assert said["code"] == 0
    assert [f for f in said["sources kept"] if f.endswith(".py")] == []
