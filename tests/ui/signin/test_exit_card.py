"""The exit card at laptop sizes: every choice shown whole, "Send" always in view, every answer by keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible, QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from desktop.i18n import set_language
from desktop.ui.signin.kiosk.window import KioskWindow

SIZES = [(1366, 768), (1280, 720)]
LARGE_TEXT = 1.5  # desktop.app.LARGE_TEXT_SCALE


@pytest.fixture
def kiosk_at(qtbot, ctx, planned):
    """A kiosk on a laptop screen of the given size, in the given language and text size."""
    base = QApplication.font()
    opened: list[KioskWindow] = []

    def open_at(width: int, height: int, language: str = "en", large: bool = False) -> KioskWindow:
        set_language(language)
        font = QFont(base)
        font.setPointSizeF(base.pointSizeF() * (LARGE_TEXT if large else 1.0))
        QApplication.setFont(font)
        window = KioskWindow(ctx, planned["today"], "A flyer for your salon")
        qtbot.addWidget(window)
        window.setFixedSize(width, height)  # the display: the kiosk cannot grow past it
        window.show()
        qtbot.waitExposed(window)
        with qtbot.waitActive(window):
            window.activateWindow()  # keys go where a person's would: to the focused control
        opened.append(window)
        return window

    yield open_at
    for window in opened:
        window._unlocked = True
        window.close()
    QApplication.setFont(base)
    set_language("en")


def whole(widget: QWidget) -> bool:
    """Nothing of the widget is cut off by the screen, a scroll area or the window's edge."""
    return widget.isVisible() and widget.visibleRegion().boundingRect() == widget.rect()


def unsquashed(widget: QWidget) -> bool:
    """At least as large as its text needs (a squeezed button shows "Mavbe", or nothing at all)."""
    hint = widget.sizeHint()
    if isinstance(widget, QLabel) and widget.wordWrap():
        return widget.height() >= widget.heightForWidth(widget.width())
    return widget.width() >= hint.width() and widget.height() >= hint.height()


def tab_stops(window: KioskWindow, start: QWidget, limit: int = 40) -> list[QWidget]:
    start.setFocus(Qt.FocusReason.TabFocusReason)
    stops = [start]
    for _ in range(limit):
        QTest.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        now = window.focusWidget()
        if now is start:
            break
        stops.append(now)
    return stops


VARIANTS = [(w, h, lang, large) for w, h in SIZES for lang in ("en", "es") for large in (False, True)]


@pytest.mark.parametrize(("width", "height", "language", "large"), VARIANTS)
def test_exit_card_choices_are_whole_and_send_is_always_in_view(kiosk_at, width, height, language, large):
    window = kiosk_at(width, height, language, large)
    window.go(window.exit_card)
    card = window.exit_card
    QApplication.processEvents()
    assert whole(card.send_button) and whole(card.back_button), "Send and Back are on screen without scrolling"
    choices = [*card.rating_buttons.values(), *card.return_buttons.values(), *card.barrier_buttons.values()]
    for b in [*choices, card.send_button, card.back_button]:
        assert b.text() and unsquashed(b), (b.text(), b.size(), b.sizeHint())
    for lab in (card.title, card.anonymous, card.rating_label, card.return_label, card.barrier_label):
        assert unsquashed(lab), lab.text()
    # Whatever scrolls comes into view when the keyboard reaches it, and "Send" stays in view.
    for b in choices:
        b.setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        assert whole(b), b.text()
        assert whole(card.send_button)
    # Nothing wider than the screen: the tiles wrap instead.
    screen = QRect(0, 0, width, height)
    for b in choices:
        assert screen.contains(QRect(b.mapTo(window, b.rect().topLeft()), b.size())), b.text()


def test_every_barrier_is_its_own_tab_stop_and_each_question_one(kiosk_at):
    window = kiosk_at(1366, 768)
    window.go(window.exit_card)
    card = window.exit_card
    stops = tab_stops(window, card.first_focus())
    barriers = list(card.barrier_buttons.values())
    assert [s for s in stops if s in barriers] == barriers, "every barrier, in order"
    assert len([s for s in stops if s in card.rating_buttons.values()]) == 1  # arrows move within it
    assert len([s for s in stops if s in card.return_buttons.values()]) == 1
    order = [card.rating_buttons[1], card.return_buttons["yes"], *barriers, card.comment]
    assert [s for s in stops if s in order] == order
    assert card.send_button in stops and card.back_button in stops
    assert [s for s in stops if card.isAncestorOf(s) and not s.accessibleName()] == [], "no nameless stop"


def test_barriers_are_check_boxes_that_say_whether_they_are_chosen(kiosk_at, qtbot):
    window = kiosk_at(1366, 768)
    window.go(window.exit_card)
    childcare = window.exit_card.barrier_buttons["childcare"]
    face = QAccessible.queryAccessibleInterface(childcare)
    assert face.role() == QAccessible.Role.CheckBox
    assert face.text(QAccessible.Text.Name) == "Childcare"
    assert not face.state().checked
    childcare.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(childcare, Qt.Key.Key_Space)
    assert face.state().checked and childcare.isChecked()
    window.exit_card.barrier_buttons["time"].click()
    assert window.exit_card.draft().barriers == ["time", "childcare"]  # any-of: both stay chosen


def test_ratings_and_coming_back_are_radio_groups_moved_by_arrows(kiosk_at, qtbot):
    window = kiosk_at(1366, 768)
    window.go(window.exit_card)
    card = window.exit_card
    for b in [*card.rating_buttons.values(), *card.return_buttons.values()]:
        assert QAccessible.queryAccessibleInterface(b).role() == QAccessible.Role.RadioButton, b.text()
    good = card.rating_buttons[3]
    good.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(good, Qt.Key.Key_Space)
    assert card.draft().rating == 3
    qtbot.keyClick(good, Qt.Key.Key_Left)
    ok = card.rating_buttons[2]
    assert window.focusWidget() is ok and ok.isChecked() and not good.isChecked()
    assert QAccessible.queryAccessibleInterface(ok).state().checked
    assert card.draft().rating == 2
    card.return_buttons["maybe"].click()
    card.return_buttons["no"].click()
    assert card.draft().will_return == "no"  # one-of: the last choice only


def test_a_new_card_starts_empty_for_the_next_person(kiosk_at):
    window = kiosk_at(1366, 768)
    window.go(window.exit_card)
    card = window.exit_card
    card.rating_buttons[1].click()
    card.return_buttons["yes"].click()
    card.barrier_buttons["cost"].click()
    window.go_start()
    assert card.draft().rating is None and card.draft().barriers == [] and card.draft().will_return == "maybe"
    assert not any(isinstance(b, QAbstractButton) and b.isChecked() for b in card.findChildren(QAbstractButton))
