"""The UI's side of the command layer: pages hear what changed, after the change is stored."""

from __future__ import annotations

from sqlalchemy import select

from desktop.models import Venue
from desktop.ops import Done, Kind, OpChanges


def _add_venue(name: str):
    def op(s):
        s.add(Venue(name=name, kind="library"))
        s.flush()
        return Done(name, OpChanges.of(Kind.VENUES))

    return op


def test_pages_hear_the_changes_after_the_operation_committed(ctx, db):
    heard: list[tuple[OpChanges, list[str]]] = []

    def changed(changes: OpChanges) -> None:
        with db.transaction() as s:  # another connection: sees only what was committed
            heard.append((changes, list(s.scalars(select(Venue.name)))))

    ctx.events.changed.connect(changed)
    values: list[str] = []
    ctx.ops.run(_add_venue("Eastside Library"), values.append)
    assert heard == [(OpChanges.of(Kind.VENUES), ["Eastside Library"])]
    assert values == ["Eastside Library"]


def test_a_failed_operation_changes_nothing_and_announces_nothing(ctx, db):
    heard: list[OpChanges] = []
    ctx.events.changed.connect(heard.append)

    def failing(s):
        _add_venue("Half-added")(s)
        raise ValueError("the printer caught fire")

    errors: list[BaseException] = []
    ctx.ops.run(failing, on_error=errors.append)
    assert [str(e) for e in errors] == ["the printer caught fire"]
    assert heard == []
    with db.transaction() as s:
        assert list(s.scalars(select(Venue.name))) == []


def test_work_after_the_commit_runs_off_the_database_thread_and_never_after_a_failure(qapp, qtbot, db, tmp_path):
    """Real threads: the operation on the database thread, its follow-up (a backup, say) on the task pool."""
    import threading

    from desktop.settings import Settings
    from desktop.ui.context import AppContext
    from desktop.ui.tasks import DbRunner, TaskRunner

    ctx = AppContext(db=db, db_runner=DbRunner(db), tasks=TaskRunner(), settings=Settings(tmp_path), data_dir=tmp_path)
    threads: dict[str, str] = {}

    def follow_up() -> None:
        threads["follow-up"] = threading.current_thread().name
        with db.transaction() as s:  # the operation's change is committed by now
            threads["saw"] = ",".join(s.scalars(select(Venue.name)))

    def op(s):
        threads["operation"] = threading.current_thread().name
        _add_venue("Eastside Library")(s)
        return Done("added", OpChanges.of(Kind.VENUES), after_commit=follow_up)

    def failing(s):
        _add_venue("Half-added")(s)
        return Done("never", OpChanges.of(Kind.VENUES), after_commit=lambda: 1 / 0)

    try:
        with qtbot.waitCallback() as done:
            ctx.ops.run(op, done)
        done.assert_called_with("added")
        assert threads["operation"].startswith("onramp-db")
        assert threads["follow-up"].startswith("onramp-task")
        assert threads["saw"] == "Eastside Library"
        with qtbot.waitCallback() as failed:
            ctx.ops.run(lambda s: (_ for _ in ()).throw(ValueError("unplugged")), on_error=failed)
        assert str(failed.args[0]) == "unplugged"
        with qtbot.waitCallback() as follow_up_failed:
            ctx.ops.run(failing, on_error=follow_up_failed)
        assert isinstance(follow_up_failed.args[0], ZeroDivisionError)
    finally:
        ctx.db_runner.shutdown()
        ctx.tasks.shutdown()
