"""The Reports page shows a name in any script: the fonts shipped for printing are Qt's too."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QTableView


def test_the_reports_tables_font_has_glyphs_for_chinese_arabic_and_hebrew_names(controller):
    page = controller.window.show_page("reports")
    views = page.host_lists.findChildren(QTableView)
    assert views, "the host's lists of people are tables"
    for view in views:
        metrics = QFontMetrics(view.font())
        for name in ("王芳", "김민준", "محمد", "דוד", "José"):
            # inFontUcs4 asks the font as Qt resolves it, its fallbacks included: False draws a box.
            assert all(metrics.inFontUcs4(ord(ch)) for ch in name), name
