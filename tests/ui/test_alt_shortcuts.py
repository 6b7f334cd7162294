"""No two controls a person can reach on one screen share an Alt-shortcut letter, in English or Spanish.

Two controls with the same "&" letter make Alt+letter cycle between them instead of acting, and a
screen reader announces the same shortcut twice. Walked: every page of the main window (with its menu
bar, whose menus are reached by Alt too), and every extra screen ``make screenshots`` shows — the kiosk's
screens, the lesson editor and history, the paper sign-ins, an enrolled Sync page — and the main
dialogs for planning sessions, venues and people.
"""

from __future__ import annotations

import importlib
import re
from collections import defaultdict
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QMainWindow, QTabBar, QWidget

from desktop.ui.page import Page
from tools.screenshots.__main__ import EXTRA_SCENES

MNEMONIC = re.compile(r"&(?!&)(.)")


def mnemonic(text: str) -> str:
    """The Alt letter of a control's text ("Sync a&utomatically" -> "u"), "" when it has none."""
    found = MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else ""


def shortcuts(screen: QWidget) -> dict[str, list[str]]:
    """Alt letter -> the texts of the controls on ``screen`` a person can see that use it."""
    found: dict[str, list[str]] = defaultdict(list)

    def add(text: str) -> None:
        if letter := mnemonic(text):
            found[letter].append(text)

    if isinstance(screen, QMainWindow):
        for action in screen.menuBar().actions():
            if action.isVisible():
                add(action.text())
    for widget in screen.findChildren(QWidget):
        if not widget.isVisibleTo(screen):
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            add(widget.text())
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            add(widget.title())
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.isTabVisible(index):
                    add(widget.tabText(index))
    return found


def clashes(screen: QWidget) -> dict[str, list[str]]:
    return {letter: texts for letter, texts in shortcuts(screen).items() if len(texts) > 1}


def dialogs(window) -> Iterator[tuple[str, QWidget]]:
    """The main dialogs a host opens from the Sessions page, filled from the demo database."""
    from desktop.sessions.venues import list_venues
    from desktop.signin.people import ParticipantDraft
    from desktop.ui.sessions.dialogs import PersonDialog, SessionDialog, VenueDialog, load_session_choices
    from desktop.ui.sessions.page import VenuesDialog

    ctx = window.ctx
    got: dict = {}
    ctx.db_runner.run(lambda s: (load_session_choices(s), list_venues(s)), lambda r, _e: got.update(value=r))
    choices, venues = got["value"]
    yield "plan a session", SessionDialog(ctx, choices, None)
    yield "a venue", VenueDialog(ctx)
    yield "venues", VenuesDialog(window, venues)
    yield "a person", PersonDialog(ctx, "p1", ParticipantDraft(first_name="Ana", last_name="Silva"))


@pytest.fixture
def screens_in(controller) -> Iterator[callable]:
    """``screens_in(language)`` -> (name, widget) of every screen of the app, shown, in that language."""
    made: list[QWidget] = []

    def walk(language: str) -> Iterator[tuple[str, QWidget]]:
        controller.apply_language(language, rebuild=True)
        window = controller.window
        window.resize(1200, 780)
        window.show()
        for key in window.pages:
            window.show_page(key)
            QApplication.processEvents()
            yield f"the {key} page", window
        extra: list[tuple[str, QWidget]] = []
        for ref in EXTRA_SCENES:
            module_name, func = ref.split(":")
            extra += getattr(importlib.import_module(module_name), func)(window)
        extra += list(dialogs(window))
        for name, scene in extra:
            widget = scene if isinstance(scene, QWidget) else scene.widget
            if isinstance(widget, Page) and not widget.isWindow():
                window.show_page(widget.key)  # a page of the window, as its sidebar shows it
            else:
                scene.show()  # a scene that borrows the main window sets it up as it is shown
            if widget is not window:
                made.append(widget)
            QApplication.processEvents()
            yield name, widget.window()
            scene.close()

    yield walk
    for widget in made:
        widget.deleteLater()


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_two_controls_on_one_screen_share_an_alt_letter(screens_in, language):
    found = {name: shared for name, screen in screens_in(language) if (shared := clashes(screen))}
    assert found == {}, "\n".join(f"{name}: {dict(shared)}" for name, shared in found.items())


def test_the_walk_finds_a_clash_where_there_is_one(qtbot):
    """The check itself: two buttons with one letter, a label's buddy, and a hidden control that does not count."""
    from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout

    screen = QWidget()
    qtbot.addWidget(screen)
    box = QVBoxLayout(screen)
    label, edit = QLabel("Hub &address:"), QLineEdit()
    label.setBuddy(edit)
    hidden = QPushButton("&Hidden")
    for w in (QPushButton("Sync &automatically"), label, edit, QPushButton("Send &again"), hidden):
        box.addWidget(w)
    hidden.hide()
    screen.show()
    assert clashes(screen) == {"a": ["Sync &automatically", "Hub &address:", "Send &again"]}
    assert mnemonic("Fish && &chips") == "c" and mnemonic("Fish && chips") == ""
