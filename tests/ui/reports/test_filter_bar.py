"""The Reports page's filter boxes show their whole chosen words on a 1280×720 screen, in large text.

In large text the bar used to keep one row and squeeze its boxes: "Every langua", "Todos los idio".
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QComboBox, QStyle, QStyleOptionComboBox


def _arrow_width(box: QComboBox) -> int:
    """The width the style gives the box's drop-down arrow."""
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    style = box.style()
    whole = box.rect()
    text = style.subControlRect(QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, box)
    return whole.width() - text.width()


def _cut_boxes(page) -> list[str]:
    """Each filter box whose words, whichever is chosen, do not fit beside its arrow, or that runs off the page."""
    found = []
    for box in (page.filter_bar.period, page.filter_bar.venue, page.filter_bar.lesson, page.filter_bar.language):
        right = box.mapTo(page, QPoint(box.width(), 0)).x()
        for text in (box.itemText(i) for i in range(box.count())):
            needed = QFontMetrics(box.font()).horizontalAdvance(text) + _arrow_width(box)
            if box.width() < needed or right > page.width():
                found.append(f"{box.accessibleName()} {text!r}: {box.width()} px, needs {needed}, right edge {right}")
    return found


@pytest.mark.parametrize("language", ["en", "es"])
def test_in_large_text_every_filter_box_shows_its_whole_choice(controller, language):
    controller.apply_language(language, rebuild=True)
    controller.apply_large_text(True, save=False)
    window = controller.window
    window.resize(1280, 720)
    window.show()
    page = window.show_page("reports")
    QApplication.processEvents()
    assert page.width() < 1280, "the page shares the screen with the sidebar"
    assert _cut_boxes(page) == []
