"""The sync controller tells pages what a sync round wrote, and syncs soon after changes made here."""

from __future__ import annotations

import pytest

from desktop.models import Venue
from desktop.ops import Done, Kind, OpChanges
from desktop.settings import Settings
from desktop.sync.worker import SYNCED
from desktop.ui.context import AppContext
from desktop.ui.sync.controller import SyncController
from desktop.ui.tasks import DbRunner, TaskRunner
from tests.sync.conftest import enrolled, hub, laptops, org  # noqa: F401 - fixtures
from tests.sync.scenarios import add_venue


@pytest.fixture
def controller_for(qtbot, tmp_path):
    made: list[SyncController] = []

    def make(laptop) -> SyncController:
        # A "demo" context: the worker waits to be asked, so the test sees the round it asks for.
        ctx = AppContext(
            db=laptop.db,
            db_runner=DbRunner(laptop.db, synchronous=True),
            tasks=TaskRunner(synchronous=True),
            settings=Settings(tmp_path / f"s{len(made)}"),
            data_dir=laptop.data_dir,
            is_demo=True,
        )
        made.append(SyncController(ctx))
        return made[-1]

    yield make
    for controller in made:
        controller.stop()


def _add_venue(s) -> Done[None]:
    s.add(Venue(name="Union Hall", kind="hall"))
    s.flush()
    return Done(None, OpChanges.of(Kind.VENUES))


def test_a_sync_round_that_wrote_rows_tells_pages_once_and_is_not_taken_for_a_local_change(
    hub, org, laptops, controller_for, qtbot
):
    a, b = enrolled(hub, org, laptops(2))
    add_venue(a, "Eastside Branch Library")
    a.sync()
    controller = controller_for(b)
    assert controller.automatic
    heard: list[OpChanges] = []
    controller.ctx.events.changed.connect(heard.append)
    with qtbot.waitSignal(controller.status_changed, check_params_cb=lambda st: st.state == SYNCED, timeout=30_000):
        controller.sync_now()
    assert heard == [OpChanges.from_tables(["venues"])] and heard[0].remote
    assert not controller._debounce.isActive(), "what the hub sent is not sent back"


def test_a_change_made_here_starts_a_sync_once_changes_settle(laptops, controller_for):
    (laptop,) = laptops(1)
    controller = controller_for(laptop)
    controller.ctx.ops.run(_add_venue)
    assert controller._debounce.isActive()
    controller.sync_now()
    assert not controller._debounce.isActive(), "syncing now sends it: no second round for it"


def test_with_automatic_sync_off_a_change_made_here_waits_for_the_host(laptops, controller_for):
    (laptop,) = laptops(1)
    controller = controller_for(laptop)
    controller.worker.automatic = False
    controller.ctx.ops.run(_add_venue)
    assert not controller._debounce.isActive()
