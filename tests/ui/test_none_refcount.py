"""Qt calls keep None, True and False alive: each call that returns one of them hands back a reference of its own.

PySide6 6.12.0 returned them without one, on every void call (a setter, ``painter.save()``), every null or
invalid result (``parent()``, ``index.data()`` for an empty role) and every signal emitted (True). On Python
3.11, where None is an ordinary object, its count then falls with use: a day at the kiosk, or one
``--self-test`` on 50,000 people, ended with "Fatal Python error: none_dealloc: deallocating None".
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator

import pytest

CALLS = 2000
# What a call may take or give back by the way (a cache filling, a wrapper freed); a lost reference a call
# loses CALLS of them.
NOISE = 50


@pytest.fixture
def no_collector() -> Iterator[None]:
    """The cyclic collector frees objects holding None at moments of its own: kept out of the count."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    yield
    if was_enabled:
        gc.enable()


def references_lost(call: Callable[[], object], to: object = None) -> int:
    """How many references to ``to`` CALLS calls of ``call`` took away."""
    call()  # the first call may cache or create what later calls reuse
    before = sys.getrefcount(to)
    for _ in range(CALLS):
        call()
    return before - sys.getrefcount(to)


def test_qt_calls_that_return_none_leave_none_its_references(qapp, no_collector):
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QImage, QPainter, QStandardItemModel

    thing = QObject()
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    model = QStandardItemModel(1, 1)
    empty_cell = model.index(0, 0)
    try:
        assert references_lost(lambda: thing.setObjectName("kiosk")) < NOISE  # a void call
        assert references_lost(thing.parent) < NOISE  # a null pointer
        assert references_lost(lambda: (painter.save(), painter.restore())) < NOISE
        assert references_lost(empty_cell.data) < NOISE  # an invalid QVariant
    finally:
        painter.end()


def test_emitting_a_signal_leaves_true_its_references(qapp, no_collector):
    from PySide6.QtCore import QObject, Signal

    class Sender(QObject):
        changed = Signal(object)

    sender = Sender()
    heard = [0]  # counted, not kept: keeping None would add references of its own

    def hear(_value: object) -> None:
        heard[0] += 1

    sender.changed.connect(hear)
    assert references_lost(lambda: sender.changed.emit(None), to=True) < NOISE
    assert references_lost(lambda: sender.changed.emit(None)) < NOISE
    assert heard[0] == 2 * (CALLS + 1)


def test_drawing_the_session_cards_again_and_again_leaves_none_its_references(
    qtbot, ctx, planned, english, no_collector
):
    """The Sessions page sizes and draws a card for each session whenever the list moves: the app's busiest Qt loop."""
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

    from desktop.ui.sessions.page import SessionsPage

    page = SessionsPage(ctx, "Sessions")
    qtbot.addWidget(page)
    page.refresh()
    view, model = page.sessions_view, page.sessions_model
    delegate = view.itemDelegate()
    cards = [model.index(row, 0) for row in range(model.rowCount())]
    assert cards
    image = QImage(400, 400, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    option = QStyleOptionViewItem()
    option.initFrom(view)

    def draw_every_card() -> None:
        for card in cards:
            option.rect = image.rect().adjusted(0, 0, 0, -300)
            delegate.sizeHint(option, card)
            delegate.paint(painter, option, card)

    try:
        assert references_lost(draw_every_card) < NOISE
    finally:
        painter.end()
