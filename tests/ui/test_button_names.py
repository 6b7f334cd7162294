"""A button is heard by the words it shows, on every screen and after its text changes: "Mark as helper"
is never heard as "Helper", the text it had when its name was copied from it.

A name copied from the text once goes stale when the text changes (``widgets.set_button_text`` changes
both). The walk flags a name made only of words the button shows but missing some of them — a stale or
cut-short copy. A name that replaces the text ("Open session Household budget" for "Details") is
test_label_in_name's to find; the text's words in brackets are left out of the comparison.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QPushButton, QWidget

from desktop.ui.widgets import set_button_text, without_mnemonic
from tests.ui.test_alt_shortcuts import screens_in  # noqa: F401 - fixture

WORD = re.compile(r"\w+")


def heard_name(widget: QWidget) -> str:
    """The name assistive technology reads: the accessible name, or what Qt derives from the text."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def label_in_name(text: str, name: str) -> bool:
    """Every word of the visible text is in the name, in the same order."""
    words, said = WORD.findall(without_mnemonic(text).lower()), WORD.findall(name.lower())
    at = 0
    for word in words:
        if word not in said[at:]:
            return False
        at = said.index(word, at) + 1
    return True


def stale_copy(text: str, name: str) -> bool:
    """``name`` is made of the words of ``text`` but leaves some out: a copy of another text, or cut short."""
    shown = re.sub(r"\(.*?\)", "", without_mnemonic(text))
    return set(WORD.findall(name.lower())) <= set(WORD.findall(shown.lower())) and not label_in_name(shown, name)


def mismatched(screen: QWidget) -> list[str]:
    found = []
    for button in screen.findChildren(QAbstractButton):
        if button.isVisibleTo(screen) and WORD.search(button.text()):
            name = heard_name(button)
            if stale_copy(button.text(), name):
                found.append(f"{button.text()!r} is heard as {name!r}")
    return found


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_button_is_heard_by_the_words_it_shows(screens_in, language):
    found = {name: bad for name, screen in screens_in(language) if (bad := mismatched(screen))}
    assert found == {}, "\n".join(f"{name}: {bad}" for name, bad in found.items())


def test_a_button_whose_text_changes_is_heard_by_its_new_text(qtbot):
    button = QPushButton()
    qtbot.addWidget(button)
    set_button_text(button, "&Helper", "Mark or unmark the selected person as a helper")
    set_button_text(button, "Mark as helpe&r")
    assert heard_name(button) == "Mark as helper"
    assert button.accessibleDescription() == "Mark or unmark the selected person as a helper"
    button.setAccessibleName("Helper")  # a name copied once, as the Sessions page did ...
    button.setText("Not a helpe&r")  # ... then the text changed behind it: the check notices
    assert stale_copy(button.text(), heard_name(button))
    assert not stale_copy("Host &copy (solutions, notes and timings)", "Host copy")
    assert not stale_copy("Details", "Open session Household budget")
