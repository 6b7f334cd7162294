"""One list of lesson summaries with its filter, for the library and the commons alike.

Each view gives the lines a row shows (read as one sentence by a screen reader) and a filter with
its own ``matches`` rule; the list keeps the summaries and answers Qt's questions for both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QWidget

SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's summary itself

S = TypeVar("S")


class SummaryFilter(Protocol):
    def matches(self, summary: Any) -> bool: ...


F = TypeVar("F", bound=SummaryFilter)


class SummaryListModel(QAbstractListModel, Generic[S]):
    def __init__(self, lines: Callable[[S], Sequence[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = lines
        self.lessons: list[S] = []

    def set_lessons(self, lessons: list[S]) -> None:
        self.beginResetModel()
        self.lessons = lessons
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lessons)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self.lessons[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "\n".join(self.lines(s))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ", ".join(self.lines(s))
        if role == SUMMARY_ROLE:
            return s
        return None


class SummaryFilterProxy(QSortFilterProxyModel, Generic[F]):
    """Filters the list with the view's own rule (its filter's ``matches``)."""

    def __init__(self, filt: F, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = filt

    def set_filter(self, filt: F) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self.filter = filt
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.filter = filt
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        summary = self.sourceModel().index(row, 0, parent).data(SUMMARY_ROLE)
        return summary is not None and self.filter.matches(summary)
