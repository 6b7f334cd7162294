"""startup: `onramp --self-test` on 50,000 participants and 2,000 sessions, against a bare PySide6 window.

Target: ratio <= 2.0 (medians, same run), peak memory <= 150 MB.
"""

from __future__ import annotations

import statistics
import sys

from benchmarks.datasets import big_database
from benchmarks.harness import Figure, peak_rss_of

BARE_WINDOW = (
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\n"
    "w = QMainWindow()\n"
    "w.show()\n"
    "app.processEvents()\n"
    "w.close()\n"
)
# Context for the ratio: what the required database layer costs before any of our code runs.
SQLALCHEMY_IMPORT = "import sqlalchemy.orm\n"
ROUNDS = 7


def run() -> list[Figure]:
    data_dir = big_database()
    env = {"QT_QPA_PLATFORM": "offscreen"}
    ours_cmd = [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), "--self-test"]
    bare_cmd = [sys.executable, "-c", BARE_WINDOW]
    start_cmd = [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), "--quit-after-start"]
    sa_cmd = [sys.executable, "-c", SQLALCHEMY_IMPORT]
    empty_cmd = [sys.executable, "-c", "pass"]
    ours, bare, sa, empty, first = [], [], [], [], []
    for i in range(ROUNDS + 1):  # the first round warms the disk cache and is not counted
        o = peak_rss_of(ours_cmd, env)
        b = peak_rss_of(bare_cmd, env)
        a = peak_rss_of(sa_cmd, env)
        e = peak_rss_of(empty_cmd, env)
        f = peak_rss_of(start_cmd, env)
        if o.returncode != 0:
            raise RuntimeError(f"self-test failed: {o.output}")
        if i:
            ours.append(o)
            bare.append(b)
            sa.append(a)
            empty.append(e)
            first.append(f)
    t_ours = statistics.median(r.seconds for r in ours)
    t_bare = statistics.median(r.seconds for r in bare)
    t_first = statistics.median(r.seconds for r in first)
    t_sa = statistics.median(r.seconds for r in sa) - statistics.median(r.seconds for r in empty)
    mem_ours = max(r.peak_rss_mb for r in ours)
    mem_bare = max(r.peak_rss_mb for r in bare)
    return [
        Figure(
            "startup time",
            t_ours * 1000,
            "ms",
            "bare PySide6 window shown and closed",
            t_bare * 1000,
            "ratio <= 2.0",
            t_ours / t_bare <= 2.0,
        ),
        Figure(
            "start to window with Today loaded, then quit (ordinary start)",
            t_first * 1000,
            "ms",
            "bare PySide6 window shown and closed",
            t_bare * 1000,
            "ratio <= 2.0",
            t_first / t_bare <= 2.0,
        ),
        Figure(
            "import sqlalchemy.orm alone (context)",
            t_sa * 1000,
            "ms",
            "bare PySide6 window shown and closed",
            t_bare * 1000,
            "",
            None,
        ),
        Figure(
            "startup peak memory", mem_ours, "MB", "bare PySide6 window", mem_bare, "value <= 150 MB", mem_ours <= 150
        ),
    ]
