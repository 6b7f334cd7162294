"""Runs the command layer's operations for the UI and tells every page what changed.

``ctx.ops.run(lambda s: some_op(s, ...), on_done)`` runs the operation on the one database
thread, in one transaction; once it has committed, ``ctx.events.changed`` carries its
``OpChanges`` to every page on the main thread; the operation's ``after_commit`` work, if any, runs
on the task pool; then ``on_done(value)`` runs. A failure goes to
``on_error(error)`` when given (pages say it in their own words); nothing is emitted then,
because the transaction rolled back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from desktop.ops import Done

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.ui.context import AppEvents
    from desktop.ui.tasks import DbRunner, TaskRunner

log = logging.getLogger(__name__)
T = TypeVar("T")


class OpRunner:
    def __init__(self, db_runner: DbRunner, tasks: TaskRunner, events: AppEvents) -> None:
        self._db_runner = db_runner
        self._tasks = tasks
        self._events = events

    def run(
        self,
        op: Callable[[Session], Done[T]],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        def finished(result: Any, error: BaseException | None) -> None:
            if error is not None:
                if on_error is not None:
                    on_error(error)
                else:
                    log.error("an operation failed: %s", error)
                return
            done: Done[T] = result
            if done.changes:
                self._events.changed.emit(done.changes)
            if done.after_commit is None:
                if on_done is not None:
                    on_done(done.value)
                return

            def followed_up(_result: object, follow_up_error: BaseException | None) -> None:
                if follow_up_error is not None:
                    finished(None, follow_up_error)
                elif on_done is not None:
                    on_done(done.value)

            self._tasks.run(done.after_commit, followed_up)

        self._db_runner.run(op, finished)
