"""A report's table on screen: a caption above a read-only table whose cells are the words a reader sees.

A screen reader hears the caption as the table's name and reads every cell, so the numbers a chart
shows reach everyone. The table is as tall as its rows: the page scrolls, not each table.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.reports.tables import TextTable

Index = QModelIndex | QPersistentModelIndex


class TextTableModel(QAbstractTableModel):
    """Rows of text under headers; numbers (and "50% (3 of 6)") line up on the right."""

    def __init__(self, table: TextTable) -> None:
        super().__init__()
        self.table = table

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self.table.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text = self.table.rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0 and _is_number(text):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.table.headers[section]
        return None


def _is_number(text: str) -> bool:
    return text[:1].isdigit()


class ReportTable(QTableView):
    """A table of ``TextTable`` rows, named by its caption, sized to show every row (up to ``max_rows``)."""

    def __init__(self, table: TextTable, *, max_rows: int | None = None, wrap: bool = False) -> None:
        """``wrap``: the first column holds long text (comments) and takes the width the others leave."""
        super().__init__()
        self.max_rows = max_rows
        self.wrap_first = wrap
        self.setModel(TextTableModel(table))
        self.setAccessibleName(table.caption)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab moves on to the next table; arrows move between cells
        self.setWordWrap(True)  # labels wrap when large text or a long language needs the width
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if wrap:  # the first column (what people wrote) takes the width there is, and wraps in it
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        else:  # figures stay next to their labels, as wide as the words need
            self.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
            self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        if max_rows is None:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fit_rows()

    @property
    def text_table(self) -> TextTable:
        model = self.model()
        assert isinstance(model, TextTableModel)
        return model.table

    def cell(self, row: int, column: int) -> str:
        return self.text_table.rows[row][column]

    def fit_rows(self) -> None:
        """As tall as its rows (or ``max_rows`` of them), so the page's one scroll area does the scrolling."""
        self.resizeRowsToContents()
        rows = self.model().rowCount()
        shown = rows if self.max_rows is None else min(rows, self.max_rows)
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(shown))
        if self.horizontalScrollBar().isVisible():
            height += self.horizontalScrollBar().height()
        self.setFixedHeight(height)

    def fit_width(self) -> None:
        """Figures keep their width; when the row is too narrow for all of them, the labels' column
        gives up width and wraps, rather than push a figure out of sight."""
        header = self.horizontalHeader()
        if self.wrap_first:  # the other columns wrap past a fifth of the width each
            cap = max(self.viewport().width() // 5, self.fontMetrics().averageCharWidth() * 10)
            for column in range(1, header.count()):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(column, min(self.sizeHintForColumn(column), cap))
            return
        others = sum(header.sectionSize(c) for c in range(1, header.count()))
        room = self.viewport().width() - others
        if self.sizeHintForColumn(0) > room and room > 0:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(0, max(room, self.fontMetrics().averageCharWidth() * 12))
        else:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_width()
        self.fit_rows()  # wrapped words take more lines when the table narrows

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_rows()  # large text makes every row taller


def captioned(table: TextTable, *, max_rows: int | None = None, wrap: bool = False, note: str = "") -> QWidget:
    """The caption above its table (and ``note`` between them); the caption names the table for a
    screen reader, and the note is its description."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    caption = QLabel(table.caption)
    caption.setWordWrap(True)
    caption.setStyleSheet("font-weight: bold;")
    layout.addWidget(caption)
    view = ReportTable(table, max_rows=max_rows, wrap=wrap)
    if note:
        words = QLabel(note)
        words.setWordWrap(True)
        words.setAccessibleName(note)
        layout.addWidget(words)
        view.setAccessibleDescription(note)
    caption.setBuddy(view)
    layout.addWidget(view)
    return box
