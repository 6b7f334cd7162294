"""What a screen reader is told: errors, refusals, welcomes and page status lines are announced."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.i18n import N_
from desktop.ui import a11y
from desktop.ui.widgets import Note
from tests.ui.signin.test_exit_card import kiosk_at

__all__ = ["kiosk_at"]


@pytest.fixture
def heard():
    """Every announcement made, as (text, assertive)."""
    said: list[a11y.Announcement] = []
    a11y.add_listener(said.append)
    yield said
    a11y.remove_listener(said.append)


def texts(said: list[a11y.Announcement]) -> list[tuple[str, bool]]:
    return [(a.text, a.assertive) for a in said]


def test_a_wrong_pin_is_announced_at_once_every_time(kiosk_at, qtbot, heard):
    window = kiosk_at(1366, 768)
    window.go(window.pin)
    for _ in range(2):  # the second refusal is news too, though the words are the same
        qtbot.keyClicks(window.pin.pin, "1111")
        qtbot.keyClick(window.pin.pin, Qt.Key.Key_Return)
    assert texts(heard) == [("That PIN is not right.", True)] * 2
    assert heard[0].widget is window.pin.error
    assert window.pin.error.accessibleName() == "That PIN is not right."


def test_a_refused_exit_card_is_announced(kiosk_at, heard):
    window = kiosk_at(1366, 768)
    window.go(window.exit_card)
    window.exit_card.send_button.click()
    assert texts(heard) == [("Please choose a face.", True)]
    window.exit_card.rating_buttons[3].click()
    window.exit_card.send_button.click()
    assert ("Thank you! Your card helps us make the next session better.", False) in texts(heard)


def test_welcome_is_announced_each_time_it_appears(kiosk_at, heard):
    window = kiosk_at(1366, 768)
    for _ in range(2):
        window.message.show_message(N_("Welcome, {name}!"), N_("Enjoy the session!"), name="Ana")
        window.go(window.message)
        window.go_start()
    assert texts(heard) == [("Welcome, Ana! Enjoy the session!", False)] * 2


def test_a_page_status_line_announces_its_new_text_and_is_named_by_it(qtbot, heard):
    page = QWidget()
    QVBoxLayout(page)
    status = Note("")
    status.setAccessibleName("Lessons status")  # a caption: it describes, it never hides the text
    page.layout().addWidget(status)
    qtbot.addWidget(page)
    status.setText("Saved while hidden.")
    assert heard == []
    page.show()
    qtbot.waitExposed(page)
    assert texts(heard) == [("Saved while hidden.", False)]
    status.setText("Saved.")
    status.setText("Saved.")  # unchanged: nothing new to say
    assert texts(heard)[1:] == [("Saved.", False)]
    assert status.accessibleName() == "Saved."
    assert status.accessibleDescription() == "Lessons status"


def test_an_empty_text_is_never_announced(qtbot, heard):
    label = a11y.LiveLabel("Something")
    qtbot.addWidget(label)
    label.show()
    label.setText("")
    a11y.announce(label, "   ")
    assert heard == []
