"""Run a watcher script around the ordinary start, in a subprocess, and read what it says last (JSON)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def watch(script: str, data_dir: Path, *, start_report: bool = True) -> dict:
    """``python -c script --data-dir DATA --quit-after-start`` offscreen; its last stdout line, parsed."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if start_report:
        env["ONRAMP_START_REPORT"] = "1"
    result = subprocess.run(
        [sys.executable, "-c", script, "--data-dir", str(data_dir), "--quit-after-start"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    said: dict = json.loads(result.stdout.strip().splitlines()[-1])
    return said
