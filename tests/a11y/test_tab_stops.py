"""Every Tab stop on every page and kiosk screen has a name a screen reader can say (offscreen, fast).

The same scenes as the AT-SPI walk (tools/a11y_walk.py), read through Qt's own accessibility
interfaces, so a regression shows where no X server or session bus can run.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from desktop.ui.pages import PAGES
from tests.a11y.test_screen_reader_tree import KIOSK_SCREENS
from tools.a11y_walk import scenes


def spoken_name(widget: QWidget) -> str:
    """What a screen reader says for the control: a combo box by its label (its own name is its value)."""
    iface = QAccessible.queryAccessibleInterface(widget)
    if iface is None:
        return ""
    labels = [other.text(QAccessible.Text.Name).strip() for other, _ in iface.relations(QAccessible.RelationFlag.Label)]
    if isinstance(widget, QComboBox):
        return next((text for text in labels if text), "")
    return iface.text(QAccessible.Text.Name).strip() or next((text for text in labels if text), "")


def tab_stops(window: QWidget, qtbot) -> list[QWidget]:
    """Press Tab from the focused control until focus comes back round; the controls it stopped on."""
    stops: list[QWidget] = []
    for _ in range(200):
        focused = window.focusWidget()
        if focused is None:
            break
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        now = window.focusWidget()
        if now is None or now is focused or (stops and now is stops[0]):
            break
        stops.append(now)
    return stops


def describe(widget: QWidget) -> str:
    path = []
    probe: QWidget | None = widget
    while probe is not None and not probe.isWindow():
        path.append(type(probe).__name__)
        probe = probe.parentWidget()
    return " < ".join(path)


def test_every_tab_stop_on_every_page_and_kiosk_screen_has_a_name(controller, qtbot):
    unnamed: list[str] = []
    visited = []
    shown: list[QWidget] = []
    for name, window, show, extra in scenes(controller):
        if "press" in extra:
            continue
        if window not in shown:
            if window is not controller.window:
                qtbot.addWidget(window)
            window.resize(1366, 768)
            window.show()
            shown.append(window)
        show()
        QApplication.processEvents()
        stops = tab_stops(window, qtbot)
        visited.append((name, len(stops)))
        unnamed += [f"{name}: {describe(w)}" for w in stops if not spoken_name(w)]
    # Each page and screen was walked, and the walk met the controls (Reports has the sidebar alone).
    expected = [f"page:{spec.key}" for spec in PAGES] + [f"kiosk:{name}" for name in KIOSK_SCREENS]
    assert [name for name, _ in visited] == expected
    assert sum(count for _, count in visited) > 100, visited
    assert unnamed == []
