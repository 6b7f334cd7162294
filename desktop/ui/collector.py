"""Garbage collection on the main thread only.

Python's cyclic collector runs in whichever thread happens to allocate. If it
frees a cycle holding a Qt object while a worker thread is running, Qt
objects die off their thread and the app can crash. So automatic collection
is switched off and the main thread collects on a timer instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()[0] or 700
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(INTERVAL_MS)

    def check(self) -> None:
        young, middle, old = gc.get_count()
        if young > self._threshold:
            gc.collect(0)
        if middle > 10:
            gc.collect(1)
        if old > 10:
            gc.collect(2)

    def collect_now(self) -> None:
        gc.collect()
