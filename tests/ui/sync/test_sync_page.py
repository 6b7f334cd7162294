"""The Sync page as a host uses it: enrol, see what waits and what was refused, choose between two values."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from desktop import settings as S
from desktop.models import Device, Lesson, OutboxEntry
from desktop.ops import Kind
from desktop.settings import Settings
from desktop.sync import identity
from desktop.ui.context import AppContext
from desktop.ui.sync.page import SyncPage
from desktop.ui.tasks import DbRunner, TaskRunner
from tests.sync.conftest import enrolled, hub, laptops, org  # noqa: F401 - fixtures
from tests.sync.scenarios import add_lesson, add_venue, edit


@pytest.fixture
def page_for(qtbot, tmp_path):
    made = []

    def make(laptop):
        settings = Settings(tmp_path / f"s{len(made)}")
        # The test syncs when it means to: the page's own worker must not race it with rounds of its own.
        settings.set(S.AUTO_SYNC, False)
        ctx = AppContext(
            db=laptop.db,
            db_runner=DbRunner(laptop.db, synchronous=True),
            tasks=TaskRunner(synchronous=True),
            settings=settings,
            data_dir=laptop.data_dir,
        )
        page = SyncPage(ctx, "Sync")
        qtbot.addWidget(page)
        page.show()
        page.refresh()
        made.append(page)
        return page

    yield make
    for page in made:
        page.controller.stop()


def test_every_control_has_an_accessible_name(laptops, page_for):
    (laptop,) = laptops(1)
    page = page_for(laptop)
    for widget in page.findChildren(QPushButton) + page.findChildren(QLineEdit):
        assert widget.accessibleName(), widget
    labels = [label for label in page.findChildren(QLabel) if label.buddy() is not None]
    assert {label.buddy() for label in labels} == {page.url_edit, page.code_edit}


def test_a_host_enrols_the_laptop_from_the_page(hub, org, laptops, page_for, qtbot):
    hub.org(org)
    (laptop,) = laptops(1)
    page = page_for(laptop)
    assert page.enrol_card.isVisibleTo(page) and not page.sync_button.isEnabled()
    page.url_edit.setText("not a web address at all")
    page.code_edit.setText("X")
    page.enrol_button.click()
    assert "web address" in page.enrol_message.text()
    page.url_edit.setText(hub.url)
    page.code_edit.setText("WRONG-CODE-0000")
    page.enrol_button.click()
    assert "not known" in page.enrol_message.text()
    heard = []
    page.ctx.events.changed.connect(heard.append)
    page.code_edit.setText(hub.code(org))
    page.enrol_button.click()
    assert org in page.enrol_message.text()
    assert not page.enrol_card.isVisibleTo(page)
    assert org in page.where.text() and page.sync_button.isEnabled()
    # Stored by an operation that every page hears of, and this database marked as this laptop's own.
    assert [changes.kinds for changes in heard] == [{Kind.HUB}]
    with laptop.db.session() as s:
        assert identity.read_marker(identity.marker_path(laptop.db)) == s.get(Device, 1).instance_marker


def test_the_page_shows_waiting_and_refused_changes_with_reasons(hub, org, laptops, page_for, qtbot):
    (laptop,) = enrolled(hub, org, laptops(1))
    venue = add_venue(laptop, "Eastside Branch Library")
    with laptop.db.transaction() as s:
        s.add(
            OutboxEntry(
                table_name="venues", row_id=venue, op="update", fields={"colour": "teal"}, version=laptop.db.clock.now()
            )
        )
    page = page_for(laptop)
    assert "2 changes waiting" in page.pending.text()
    assert not page.rejected_table.isVisibleTo(page)
    laptop.sync()
    page.refresh()
    assert "0 changes waiting" in page.pending.text()
    assert page.rejected_table.isVisibleTo(page)
    model = page.rejected_model
    assert model.rowCount() == 1
    assert [model.index(0, c).data() for c in (1, 2)] == ["The venue “Eastside Branch Library”", "Change"]
    why = model.index(0, 3).data()
    assert "older than this app" in why and "update it" in why and "venues" not in why and "colour" not in why


def test_a_host_chooses_between_two_values_on_the_page(hub, org, laptops, page_for, qtbot):
    a, b = enrolled(hub, org, laptops(2))
    lesson_id = add_lesson(a, "Household budget")
    a.sync(), b.sync()
    edit(a, Lesson, lesson_id, title="Budget in a spreadsheet")
    edit(b, Lesson, lesson_id, title="Presupuesto familiar")
    a.sync(), b.sync()
    page = page_for(b)
    buttons = [btn for btn in page.findChildren(QPushButton) if btn.text().startswith("Keep")]
    assert [btn.text() for btn in buttons] == ["Keep “Budget in a spreadsheet”", "Keep “Presupuesto familiar”"]
    buttons[1].click()
    b.sync(), a.sync()
    page.refresh()
    assert not page.conflicts_heading.isVisibleTo(page)
    with a.db.transaction() as s:
        assert s.get(Lesson, lesson_id).title == "Presupuesto familiar"


def test_the_status_bar_sentence_follows_the_worker(laptops, page_for, qtbot):
    """A status the worker reports from its own thread is handled, and reaches the status bar, on the main thread."""
    import threading

    from PySide6.QtCore import Qt

    from desktop.sync.worker import OFFLINE, SyncStatus
    from desktop.ui.sync.controller import describe

    (laptop,) = laptops(1)
    page = page_for(laptop)
    emitted_on: list[threading.Thread] = []
    # Direct: this listener runs wherever the controller emits, which must be the main thread.
    page.controller.status_changed.connect(
        lambda _status: emitted_on.append(threading.current_thread()), Qt.ConnectionType.DirectConnection
    )
    seen: list[str] = []
    page.ctx.events.sync_state_changed.connect(seen.append)
    status = SyncStatus(OFFLINE, "no network", retry_in=120)
    worker = threading.Thread(target=page.controller._from_worker, args=(status,), name="sync-worker-stand-in")
    # The page's own worker may report too (this laptop is not enrolled): wait for this status.
    with qtbot.waitSignal(page.controller.status_changed, check_params_cb=lambda st: st is status, timeout=10_000):
        worker.start()
    worker.join()
    assert emitted_on and set(emitted_on) == {threading.main_thread()}
    assert describe(status) in seen
    assert "trying again in 2 minutes" in describe(status) and "kept on this laptop" in describe(status)
