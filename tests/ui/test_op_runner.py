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
