"""Background work really leaves the main thread, and its result really comes back to it."""

from __future__ import annotations

import threading

from sqlalchemy import text

from desktop.ui.tasks import DbRunner, TaskRunner


def test_database_work_runs_on_the_database_thread_and_its_result_arrives_on_the_main_thread(qtbot, db):
    runner = DbRunner(db)
    ran_on: list[threading.Thread] = []
    done: list[tuple[object, BaseException | None, threading.Thread]] = []

    def work(session):
        ran_on.append(threading.current_thread())
        return session.execute(text("SELECT 41 + 1")).scalar()

    try:
        runner.run(work, lambda result, error: done.append((result, error, threading.current_thread())))
        assert runner.busy
        qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    finally:
        runner.shutdown()
    (thread,) = ran_on
    assert thread is not threading.main_thread() and thread.name.startswith("onramp-db")
    assert done == [(42, None, threading.main_thread())]
    assert not runner.busy


def test_an_error_in_a_task_reaches_its_caller_and_the_failure_listeners_on_the_main_thread(qtbot):
    runner = TaskRunner()
    heard: list[tuple[str, threading.Thread]] = []
    runner.on_failure(lambda error: heard.append((str(error), threading.current_thread())))
    done: list[tuple[object, str, threading.Thread]] = []

    def work():
        raise ValueError(f"failed on {threading.current_thread().name}")

    try:
        runner.run(work, lambda result, error: done.append((result, str(error), threading.current_thread())))
        qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    finally:
        runner.shutdown()
    ((result, message, thread),) = done
    assert result is None and message.startswith("failed on onramp-task")
    assert thread is threading.main_thread()
    assert heard == [(message, threading.main_thread())]
