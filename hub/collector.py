"""The cyclic garbage collector paused while pushes work.

A push of thousands of ops makes hundreds of thousands of short-lived objects and next to no cycles;
the collector would scan them dozens of times a push for nothing. Pushes run on several threads at
once, so the pause is counted: the collector is off while any push works and back on as soon as
none does, when it finds whatever cycles were left meanwhile.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_working = 0  # pushes under way in this process


@contextmanager
def paused_while_pushing() -> Iterator[None]:
    global _working
    with _lock:
        _working += 1
        if _working == 1:
            gc.disable()
    try:
        yield
    finally:
        with _lock:
            _working -= 1
            if _working == 0:
                gc.enable()
