"""startup: opening On-Ramp on 50,000 participants and 2,000 sessions, beside a bare PySide6 window, same run.

The ordinary start, as a host opens the laptop:
- first paint: the main window painted (sidebar and page frame) and its event loop answering, reported by the
  app itself on stdout (``ONRAMP_START_REPORT``: a paint of the main window, then a zero timer handled);
  the bare window reports the same moment the same way. Target: ratio <= 2.0.
- Today loaded: the first page painted with its data, the same way. Target: ratio <= 3.0 (to the bare paint).
- peak memory of the whole ordinary start (``--quit-after-start``: quits once everything the start loads
  after the first paint has loaded, SQLAlchemy and the open database included). Target: <= 130 MB. The
  process's own peak (``REPORTING_WRAPPER``): the harness's memory, grown by the benchmarks before, not counted.
Times run from starting the process to the line arriving, with the code's bytecode compiled, as installed.
Also reported: ``--self-test`` (every page built and loaded, then exit) beside the bare window shown and
closed, and its peak memory (target <= 150 MB).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from benchmarks.datasets import big_database
from benchmarks.harness import CACHE, Figure, peak_rss_of

FIRST_PAINT = "onramp-start: first paint"  # desktop.app.StartReport's lines
PAGE_LOADED = "onramp-start: first page loaded"

BARE_WINDOW = (
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\n"
    "w = QMainWindow()\n"
    "w.show()\n"
    "app.processEvents()\n"
    "w.close()\n"
)
# The same bare window, reporting its first paint as the app does: a paint, then a zero timer handled.
BARE_WINDOW_PAINT = (
    "from PySide6.QtCore import QEvent, QObject, QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\n"
    "w = QMainWindow()\n"
    "class Paints(QObject):\n"
    "    def eventFilter(self, watched, event):\n"
    "        if event.type() == QEvent.Type.Paint and watched is w:\n"
    "            w.removeEventFilter(self)\n"
    f"            QTimer.singleShot(0, lambda: (print({FIRST_PAINT!r}, flush=True), app.quit()))\n"
    "        return False\n"
    "paints = Paints()\n"
    "w.installEventFilter(paints)\n"
    "w.show()\n"
    "app.exec()\n"
)
# Context for the ratio: what the required database layer costs before any of our code runs.
SQLALCHEMY_IMPORT = "import sqlalchemy.orm\n"
ROUNDS = 7
BYTECODE = CACHE / "bytecode"


@dataclass
class ReportedRun:
    seconds: float  # to the process's end
    peak_rss_mb: float
    marks: dict[str, float] = field(default_factory=dict)  # line -> seconds from the start to its arrival


# A process's peak memory (ru_maxrss) counts the memory of the process it was started from: Linux carries the
# parent's high-water mark over the fork and exec. So each run goes through this small Python, which starts
# the measured process and reports that process's own peak (RUSAGE_CHILDREN); the harness, grown by the
# benchmarks run before, no longer adds itself to the figure. It says when it started the process
# (CLOCK_MONOTONIC, the same clock in every process), so the wrapper's own start is not timed either.
REPORTING_WRAPPER = (
    "import os, resource, subprocess, sys, time\n"
    "print('started-at', time.monotonic(), flush=True)\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print('ended-at', time.monotonic(), flush=True)\n"
    "print('peak-kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, flush=True)\n"
    "sys.exit(code)\n"
)


def reported_run(argv: Sequence[str], env: dict[str, str]) -> ReportedRun:
    """Run ``argv``, noting when each line of its stdout arrives, from the moment it was started; its own peak
    memory, not counting the harness's (``REPORTING_WRAPPER``)."""
    wrapped = [sys.executable, "-c", REPORTING_WRAPPER, *argv]
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(wrapped, stdout=subprocess.PIPE, stderr=errors, env={**os.environ, **env}, text=True)
        arrivals: dict[str, float] = {}
        said: dict[str, str] = {}
        assert proc.stdout is not None
        for line in proc.stdout:
            word, _space, value = line.strip().partition(" ")
            if word in ("started-at", "ended-at", "peak-kb"):
                said[word] = value
            else:
                arrivals.setdefault(line.strip(), time.monotonic())
        proc.wait()
        if proc.returncode != 0 or len(said) < 3:
            errors.seek(0)
            raise RuntimeError(f"{argv} failed ({proc.returncode}): {errors.read().decode(errors='replace')}")
    started = float(said["started-at"])
    marks = {line: at - started for line, at in arrivals.items()}
    return ReportedRun(float(said["ended-at"]) - started, int(said["peak-kb"]) / 1024, marks)


def run() -> list[Figure]:
    data_dir = big_database()
    # As installed: pip and the bundle ship compiled bytecode, so every run but the first (a warm-up, not
    # counted) reads it from a cache here, even where the environment says not to write bytecode.
    env = {"QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(BYTECODE)}
    reporting = {**env, "ONRAMP_START_REPORT": "1"}
    self_test_cmd = [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), "--self-test"]
    start_cmd = [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), "--quit-after-start"]
    bare_cmd = [sys.executable, "-c", BARE_WINDOW]
    bare_paint_cmd = [sys.executable, "-c", BARE_WINDOW_PAINT]
    sa_cmd = [sys.executable, "-c", SQLALCHEMY_IMPORT]
    empty_cmd = [sys.executable, "-c", "pass"]
    self_test, bare, sa, empty, starts, bare_paints = [], [], [], [], [], []
    for i in range(ROUNDS + 1):  # the first round warms the disk cache and is not counted
        o = peak_rss_of(self_test_cmd, env)
        b = peak_rss_of(bare_cmd, env)
        a = peak_rss_of(sa_cmd, env)
        e = peak_rss_of(empty_cmd, env)
        s = reported_run(start_cmd, reporting)
        p = reported_run(bare_paint_cmd, env)
        if "self-test ok" not in o.output:
            raise RuntimeError(f"self-test failed: {o.output}")
        if i:
            self_test.append(o)
            bare.append(b)
            sa.append(a)
            empty.append(e)
            starts.append(s)
            bare_paints.append(p)
    t_self_test = statistics.median(r.seconds for r in self_test)
    t_bare = statistics.median(r.seconds for r in bare)
    t_sa = statistics.median(r.seconds for r in sa) - statistics.median(r.seconds for r in empty)
    t_bare_paint = statistics.median(r.marks[FIRST_PAINT] for r in bare_paints)
    t_first_paint = statistics.median(r.marks[FIRST_PAINT] for r in starts)
    t_loaded = statistics.median(r.marks[PAGE_LOADED] for r in starts)
    mem_start = max(r.peak_rss_mb for r in starts)
    mem_bare_paint = max(r.peak_rss_mb for r in bare_paints)
    mem_self_test = max(r.peak_rss_mb for r in self_test)
    mem_bare = max(r.peak_rss_mb for r in bare)
    bare_painted = "bare PySide6 window's first paint"
    # A self-test that said "ok" and then died on the way out is timed, and the figure says so.
    aborted = sorted({r.returncode for r in self_test if r.returncode != 0})
    self_test_name = "--self-test time (every page built and loaded)"
    if aborted:
        self_test_name += f"; NOTE: exited with code {aborted} after 'self-test ok'"
    return [
        Figure(
            "first paint of the main window (ordinary start)",
            t_first_paint * 1000,
            "ms",
            bare_painted,
            t_bare_paint * 1000,
            "ratio <= 2.0",
            t_first_paint / t_bare_paint <= 2.0,
        ),
        Figure(
            "Today loaded with its data (ordinary start)",
            t_loaded * 1000,
            "ms",
            bare_painted,
            t_bare_paint * 1000,
            "ratio <= 3.0",
            t_loaded / t_bare_paint <= 3.0,
        ),
        Figure(
            "ordinary start peak memory (all it loads after the first paint included)",
            mem_start,
            "MB",
            "bare PySide6 window",
            mem_bare_paint,
            "value <= 130 MB",
            mem_start <= 130,
        ),
        Figure(
            self_test_name,
            t_self_test * 1000,
            "ms",
            "bare PySide6 window shown and closed",
            t_bare * 1000,
            "exits 0",
            None if not aborted else False,
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
            "--self-test peak memory",
            mem_self_test,
            "MB",
            "bare PySide6 window",
            mem_bare,
            "value <= 150 MB",
            mem_self_test <= 150,
        ),
    ]
