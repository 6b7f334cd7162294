"""What every benchmark uses: repeated timing, subprocess peak memory, and the Figure it reports."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"


@dataclass
class Figure:
    """One measured figure, with what it is compared against, measured in the same run."""

    name: str
    value: float
    unit: str
    compared_with: str  # the floor or peer
    baseline: float | None = None  # the floor's value, same unit
    target: str = ""  # e.g. "ratio <= 2.0"
    ok: bool | None = None  # whether the target is met

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline

    def as_dict(self) -> dict:
        d = asdict(self)
        d["ratio"] = self.ratio
        return d


def median_time(fn: Callable[[], object], repeat: int = 7, warmup: int = 1) -> float:
    """Median seconds of ``fn()`` over ``repeat`` runs after ``warmup`` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


@dataclass
class ProcessRun:
    seconds: float
    peak_rss_mb: float
    returncode: int
    output: str


def peak_rss_of(argv: Sequence[str], env: dict[str, str] | None = None) -> ProcessRun:
    """Run through a fresh Python wrapper so the child's own peak memory is reported."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "dt = time.perf_counter() - t\n"
        "print(p.returncode, dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.stderr.write(p.stdout + p.stderr)\n"
    )
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-c", wrapper, *argv], check=False, env=full_env, capture_output=True, text=True
    )
    code, seconds, rss_kb = proc.stdout.split()
    return ProcessRun(float(seconds), int(rss_kb) / 1024, int(code), proc.stderr)
