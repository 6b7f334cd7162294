"""bundle: size of the one-folder PyInstaller bundle, and its `--self-test` start against the pip-installed app's.

Targets: folder <= 130 MB; start time ratio <= 1.5 (medians, same run, same demo database).
Builds dist/onramp/ first when it is missing or older than the sources.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.harness import CACHE, ROOT, Figure, peak_rss_of

ROUNDS = 7
SIZE_TARGET_MB = 130.0
START_RATIO_TARGET = 1.5
SOURCES = ("desktop", "lessons", "packaging")


def _build_module():
    spec = importlib.util.spec_from_file_location("onramp_build", ROOT / "packaging" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _newest_source() -> float:
    newest = 0.0
    for name in SOURCES:
        for parent, _dirs, files in os.walk(ROOT / name):
            if "__pycache__" in parent:
                continue
            for f in files:
                newest = max(newest, os.stat(os.path.join(parent, f)).st_mtime)
    return newest


def ensure_bundle() -> Path:
    build = _build_module()
    program = build.executable(build.DEFAULT_DIST)
    if not program.exists() or program.stat().st_mtime < _newest_source():
        print("building the bundle (dist/onramp) ...", flush=True)
        program = build.build(quiet=True)
    return program


def demo_data_dir() -> Path:
    """The standard demo database, made by the pip-installed app."""
    folder = CACHE / "bundle-demo"
    if not (folder / "onramp.sqlite3").exists():
        subprocess.run(
            [sys.executable, "-m", "desktop", "--data-dir", str(folder), "demo"],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
    return folder


def run() -> list[Figure]:
    build = _build_module()
    program = ensure_bundle()
    size_mb = build.folder_size(program.parent) / 1e6
    data_dir = demo_data_dir()
    env = {"QT_QPA_PLATFORM": "offscreen"}
    bundle_cmd = [str(program), "--data-dir", str(data_dir), "--self-test"]
    pip_cmd = [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), "--self-test"]
    bundled, pip = [], []
    for i in range(ROUNDS + 1):  # the first round warms the disk cache and is not counted
        b = peak_rss_of(bundle_cmd, env)
        p = peak_rss_of(pip_cmd, env)
        for r in (b, p):
            if r.returncode != 0:
                raise RuntimeError(f"self-test failed: {r.output}")
        if i:
            bundled.append(b)
            pip.append(p)
    t_bundle = statistics.median(r.seconds for r in bundled)
    t_pip = statistics.median(r.seconds for r in pip)
    mem_bundle = max(r.peak_rss_mb for r in bundled)
    mem_pip = max(r.peak_rss_mb for r in pip)
    return [
        Figure(
            "bundle folder size",
            size_mb,
            "MB",
            "the 130 MB target",
            SIZE_TARGET_MB,
            f"value <= {SIZE_TARGET_MB:.0f} MB",
            size_mb <= SIZE_TARGET_MB,
        ),
        Figure(
            "bundle --self-test time",
            t_bundle * 1000,
            "ms",
            "python -m desktop --self-test (pip install)",
            t_pip * 1000,
            f"ratio <= {START_RATIO_TARGET}",
            t_bundle / t_pip <= START_RATIO_TARGET,
        ),
        Figure(
            "bundle --self-test peak memory", mem_bundle, "MB", "python -m desktop --self-test (pip install)", mem_pip
        ),
    ]
