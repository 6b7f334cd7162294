"""Shared widgets as people meet them."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.ui.widgets import ElidedLabel

TITLE = "A web page for the church food pantry, with the opening hours and a map"


def test_a_long_title_ends_in_an_ellipsis_where_there_is_no_room_and_keeps_its_whole_text(qtbot):
    label = ElidedLabel(TITLE)
    qtbot.addWidget(label)
    label.resize(label.fontMetrics().horizontalAdvance(TITLE) // 3, 40)
    label.show()
    shown = label.fontMetrics().elidedText(TITLE, Qt.TextElideMode.ElideRight, label.contentsRect().width())
    assert shown.endswith("…") and len(shown) < len(TITLE)
    assert label.text() == label.toolTip() == label.accessibleName() == TITLE
    assert label.minimumSizeHint().width() < label.fontMetrics().horizontalAdvance(TITLE) // 3
