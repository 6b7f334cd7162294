"""The start's check of the database file runs below the window's priority, so the first paint is not kept waiting
for CPU on a busy two-core laptop."""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
from pathlib import Path

import pytest

from desktop import dbcheck


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="thread priorities are set on Linux")
def test_the_background_check_runs_at_a_lower_priority_than_the_thread_that_started_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "onramp.sqlite3"
    sqlite3.connect(path).close()
    seen: dict[str, int] = {}
    check = dbcheck.check_integrity

    def noting_the_priority(checked: Path) -> None:
        seen["check"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        check(checked)

    monkeypatch.setattr(dbcheck, "check_integrity", noting_the_priority)
    dbcheck.BackgroundCheck(path).result()
    starter = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert seen["check"] > starter
