"""The start-up benchmark's peak memory is the started process's own."""

from __future__ import annotations

import sys

from benchmarks.bench_startup import reported_run


def test_the_start_benchmark_counts_the_started_process_memory_not_its_own():
    # Linux carries a parent's peak memory over to a process it starts: a harness grown by earlier benchmarks
    # made a bare window look as big as the app.
    ballast = b"x" * (300 * 1024 * 1024)  # written, so resident
    run = reported_run([sys.executable, "-c", "print('hello', flush=True)"], {})
    assert len(ballast) > 0
    assert run.peak_rss_mb < 100
    assert "hello" in run.marks
