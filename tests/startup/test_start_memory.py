"""The ordinary start keeps in memory only what it uses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from desktop.models import open_database
from desktop.paths import database_path
from tests.helpers import ROOT

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
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", WATCH_THE_SOURCES, "--data-dir", str(data_dir), "--quit-after-start"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    said = json.loads(result.stdout.strip().splitlines()[-1])
    assert said["code"] == 0
    assert [f for f in said["sources kept"] if f.endswith(".py")] == []
