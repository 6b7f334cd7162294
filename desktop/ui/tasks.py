"""Background work for the UI.

``DbRunner.run(fn, on_done)`` runs ``fn(session)`` on the one database thread
(one SQLAlchemy session per thread) and calls ``on_done(result, error)`` on the
main thread. ``run_task(fn, on_done)`` does the same for work that needs no
database (files, network). Widgets are never touched from a worker.

Tests may set ``synchronous=True`` to run work inline where timing is not the point.
``on_failure(listener)`` hears of every piece of work that raised, whatever its
caller then shows: ``--self-test`` counts them.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.models import Database

log = logging.getLogger(__name__)
T = TypeVar("T")
Done = Callable[[Any, BaseException | None], None]
FailureListener = Callable[[BaseException], None]


class _Relay(QObject):
    """Carries results from worker threads to the main thread through a queued signal."""

    finished = Signal(object, object, object)  # callback, result, error

    def __init__(self) -> None:
        super().__init__()
        self.failure_listeners: list[FailureListener] = []

    @Slot(object, object, object)
    def deliver(self, callback: Done | None, result: Any, error: BaseException | None) -> None:
        if error is not None:
            for listener in list(self.failure_listeners):
                listener(error)
        if callback is not None:
            callback(result, error)
        elif error is not None:
            log.error("background task failed: %s", "".join(traceback.format_exception(error)))


class _Runner:
    def __init__(self, workers: int, name: str, synchronous: bool = False) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
        self._relay = _Relay()
        self._relay.finished.connect(self._relay.deliver)
        self.synchronous = synchronous
        self._pending = 0
        self._closed = False
        self._held: list[Callable[[], None]] | None = None  # work waiting for release()

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def on_failure(self, listener: FailureListener) -> None:
        """Call ``listener(error)`` on the main thread for every piece of work that raises."""
        self._relay.failure_listeners.append(listener)

    def _submit(self, work: Callable[[], Any], on_done: Done | None) -> None:
        if self._closed:
            log.debug("dropped work submitted after shutdown")  # a late refresh while closing
            return
        if self.synchronous:
            try:
                result, error = work(), None
            except Exception as exc:
                result, error = None, exc
            self._relay.deliver(on_done, result, error)
            return
        self._pending += 1

        def finish(result: Any, error: BaseException | None) -> None:
            # The relay calls this on the main thread, having told the failure listeners already.
            self._pending -= 1
            if on_done is not None:
                on_done(result, error)
            elif error is not None:
                log.error("background task failed: %s", "".join(traceback.format_exception(error)))

        def job() -> None:
            try:
                result, error = work(), None
            except Exception as exc:
                result, error = None, exc
            self._relay.finished.emit(finish, result, error)

        if self._held is not None:
            self._held.append(job)
        else:
            self._pool.submit(job)

    def hold(self) -> None:
        """Queue work without starting it until ``release()`` (start-up: the window paints first)."""
        if self._held is None:
            self._held = []

    def release(self) -> None:
        held, self._held = self._held or [], None
        if self._closed:
            return
        for job in held:
            self._pool.submit(job)

    def shutdown(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=True)


class DbRunner(_Runner):
    """All database work for the UI goes through this one thread."""

    def __init__(self, db: Database, synchronous: bool = False) -> None:
        super().__init__(1, "onramp-db", synchronous)
        self.db = db

    def run(self, fn: Callable[[Session], T], on_done: Done | None = None) -> None:
        """Run ``fn(session)`` in a transaction; committed if it returns, rolled back if it raises."""

        def work() -> T:
            with self.db.transaction() as session:
                return fn(session)

        self._submit(work, on_done)


class TaskRunner(_Runner):
    """Work that needs no database: files, PDFs, the network."""

    def __init__(self, synchronous: bool = False) -> None:
        super().__init__(2, "onramp-task", synchronous)

    def run(self, fn: Callable[[], T], on_done: Done | None = None) -> None:
        self._submit(fn, on_done)
