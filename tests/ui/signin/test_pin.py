"""The host's PIN screen and the thank-you message at laptop sizes: whole, in view, in keyboard order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.i18n import N_
from tests.ui.signin.test_exit_card import VARIANTS, kiosk_at, unsquashed, whole

__all__ = ["kiosk_at"]  # the fixture, shared with the exit card's tests


@pytest.mark.parametrize(("width", "height", "language", "large"), VARIANTS)
def test_pin_keypad_and_error_are_whole_without_scrolling(kiosk_at, width, height, language, large):
    window = kiosk_at(width, height, language, large)
    window.go(window.pin)
    window.pin.show_error("That PIN is not right.")
    QApplication.processEvents()
    screen = window.pin
    for widget in [screen.pin, screen.cancel_button, screen.error, screen.hint, screen.title, *screen.keys.values()]:
        assert whole(widget), widget.accessibleName() or widget.text()
        assert unsquashed(widget), (widget.accessibleName() or widget.text(), widget.size(), widget.sizeHint())


@pytest.mark.parametrize(("width", "height", "language", "large"), VARIANTS)
def test_thank_you_message_and_done_are_whole(kiosk_at, width, height, language, large):
    window = kiosk_at(width, height, language, large)
    window.message.show_message(N_("Thank you!"), N_("Your card helps us make the next session better."))
    window.go(window.message)
    QApplication.processEvents()
    for widget in (window.message.message, window.message.detail, window.message.done_button):
        assert whole(widget) and unsquashed(widget), widget.text()


def test_pin_tab_order_is_field_keypad_then_back(kiosk_at):
    window = kiosk_at(1366, 768)
    window.go(window.pin)
    screen = window.pin
    stops = [window.focusWidget()]
    for _ in range(len(screen.keys) + 1):
        QTest.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        stops.append(window.focusWidget())
    assert stops == [screen.pin, *screen.keys.values(), screen.cancel_button]
    assert all(s.accessibleName() for s in stops)
