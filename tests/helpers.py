"""Helpers shared by test modules: the conftest's, and one bounded wait."""

from __future__ import annotations

import time
from collections.abc import Callable

from tests.conftest import ROOT, run_onramp

__all__ = ["ROOT", "run_onramp", "wait_until"]


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.02) -> bool:
    """Whether ``condition()`` holds within ``timeout`` seconds.

    For what another process or thread does on its own time (a hub's log, its files, a worker's
    state), where there is no signal to wait on: checked again every ``interval`` until the bound.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
    return True
