"""A control's spoken name holds the words it shows (WCAG 2.5.3, label in name).

Someone who sees "Import file…" and says "click Import file" to speech control, or a sighted helper
who tells a screen-reader user which button to press, must find it by the words on it. A name may
add words ("Import file… lesson files in Markdown"), never replace them.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QPushButton, QWidget

from tests.ui.test_alt_shortcuts import screens_in  # noqa: F401 - fixture


def _words(text: str) -> str:
    """The words a person reads, as one lower-case line: no "&" marks, symbols, quotes or punctuation."""
    text = text.replace("&&", " ").replace("&", "")
    return " ".join(re.findall(r"\w+", text)).casefold()


def _is_a_symbol(text: str) -> bool:
    """ "A A", "⌫", "+": a picture made of characters, which a name may put in words of its own."""
    return all(len(word) < 2 for word in _words(text).split())


def names_missing_their_words(screen: QWidget) -> list[str]:
    found = []
    for button in screen.findChildren(QAbstractButton):
        shown = _words(button.text())
        if not button.isVisibleTo(screen) or _is_a_symbol(button.text()):
            continue
        name = button.accessibleName()
        if name and shown not in _words(name):
            found.append(f"{button.text()!r} is read as {name!r}")
    return found


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_button_is_read_with_the_words_it_shows(screens_in, language):
    found = {name: missing for name, screen in screens_in(language) if (missing := names_missing_their_words(screen))}
    assert found == {}, "\n".join(f"{name}: {missing}" for name, missing in found.items())


def test_the_check_finds_a_name_that_replaces_the_words_shown(qtbot):
    screen = QWidget()
    qtbot.addWidget(screen)
    good, symbol = QPushButton("&Import file…", screen), QPushButton("A A", screen)
    bad, face = QPushButton("&Remix", screen), QPushButton("☹  Not good", screen)
    good.setAccessibleName("Import file, lesson files in Markdown")
    symbol.setAccessibleName("Larger text")
    bad.setAccessibleName("Make your own copy of this lesson")
    face.setAccessibleName("“Not good”")
    screen.show()
    assert names_missing_their_words(screen) == ["'&Remix' is read as 'Make your own copy of this lesson'"]


def test_a_button_renamed_by_its_words_still_explains_what_it_does(screens_in):
    """The longer words a screen reader said before ("Make your own copy of this lesson") are still said,
    after the name, as the button's description."""
    said: dict[str, set[str]] = {}
    for _scene, screen in screens_in("en"):
        for button in screen.findChildren(QAbstractButton):
            if button.isVisibleTo(screen):
                said.setdefault(button.accessibleDescription(), set()).add(button.accessibleName())
    assert said["Make your own copy of this lesson"] == {"Remix"}
    assert said["Restore the selected version"] == {"Restore this version"}
    assert said["Move the selected step up"] == {"Move up: the selected step"}
    assert said["Open the PDF in the system viewer"] == {"Open in viewer"}
    assert said["Check the PIN"] == {"OK"}
    assert said["Age"] == {"Under 18"}
    assert {name.split(":")[0] for name in said["Open session Your first Python program"]} == {"Details"}
