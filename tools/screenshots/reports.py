"""Reports scenes: the Reports page scrolled down to its charts and tables, and to its end.

The page is taller than any screen: its top alone shows the filter and the first figures. Each scene
scrolls the page in the main window to a section, grabs the window as the host sees it, and scrolls
back, so the page's own top-of-page scene is left as it was.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QEventLoop, QPoint
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QWidget

SETTLE_S = 30.0


def _settle(window, page) -> None:
    app = QApplication.instance()
    assert app is not None
    deadline = time.monotonic() + SETTLE_S
    while (page.loading or window.ctx.db_runner.busy or window.ctx.tasks.busy) and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    for _round in range(3):  # a layout pass can post another (a wrapped label's new height)
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        app.processEvents()


def reports_scroll_scenes(window) -> list[tuple[str, QWidget]]:
    """For ``make screenshots``: the attendance chart, the ladder, what people said, and "how we counted"."""
    page = window.show_page("reports")
    _settle(window, page)
    scroll = page.findChild(QScrollArea)
    content = scroll.widget()
    targets = [
        ("reports-attendance", page.chart_slots.get("attendance")),
        ("reports-people", page.chart_slots.get("people")),
        ("reports-said", page.chart_slots.get("said")),
        ("reports-end", None),
    ]
    scenes: list[tuple[str, QWidget]] = []
    bar = scroll.verticalScrollBar()
    for name, slot in targets:
        if slot is None and name != "reports-end":
            continue
        if slot is None:
            bar.setValue(bar.maximum())
        else:
            # The chart's own widget, at the top of the view (its heading just above it).
            chart = slot.itemAt(0).widget() if slot.count() else None
            if chart is None:
                continue
            bar.setValue(chart.mapTo(content, QPoint(0, 0)).y() - 60)
        _settle(window, page)
        shot = QLabel()
        shot.setPixmap(window.grab())
        scenes.append((name, shot))
    bar.setValue(0)  # the page's own scene shows its top
    return scenes
