"""The cyclic garbage collector paused while pushes work.

A push of thousands of ops makes hundreds of thousands of short-lived objects and next to no cycles;
the collector would scan them dozens of times a push for nothing. Pushes run on several threads at
once, so the pause is counted: the collector is off while any push works and back on as soon as
none does, when it finds whatever cycles were left meanwhile. On a hub so busy that pushes overlap
for longer than ``LONGEST_PAUSE_S``, a push ending runs a whole collection all the same (what
start-up made is frozen, ``hub.app.tune_gc``, and is not scanned), so cycles left by everything
else the process serves meanwhile never pile up.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

LONGEST_PAUSE_S = 10.0

_lock = threading.Lock()
_working = 0  # pushes under way in this process
_since = 0.0  # when the collector last ran or was paused (time.monotonic)


@contextmanager
def paused_while_pushing() -> Iterator[None]:
    global _working, _since
    with _lock:
        _working += 1
        if _working == 1:
            gc.disable()
            _since = time.monotonic()
    try:
        yield
    finally:
        with _lock:
            _working -= 1
            overdue = _working > 0 and time.monotonic() - _since > LONGEST_PAUSE_S
            if _working == 0:
                gc.enable()
            elif overdue:
                _since = time.monotonic()
        if overdue:  # outside the lock: other pushes come and go meanwhile
            gc.collect()
