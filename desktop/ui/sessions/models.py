"""Item models for the Sessions page: the list of sessions and a session's roster."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.i18n import _
from desktop.sessions.planning import STATUS_LABELS, SessionRow
from desktop.signin.attendance import RosterRow

ID_ROLE = Qt.ItemDataRole.UserRole + 1
PARTICIPANT_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


def _local(dt: datetime) -> datetime:
    """Sign-in times are stored in UTC; the host reads the laptop's local time."""
    from datetime import timezone

    return dt.replace(tzinfo=timezone.utc).astimezone().replace(tzinfo=None)


class SessionListModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[SessionRow] = []

    def headers(self) -> list[str]:
        return [_("When"), _("Session"), _("Venue"), _("Status"), _("Signed in")]

    def set_rows(self, rows: list[SessionRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == ID_ROLE:
            return row.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            # Only the cell asked for: views ask cell by cell, thousands of times.
            column = index.column()
            if column == 0:
                return row.starts_at.strftime("%Y-%m-%d %H:%M")
            if column == 1:
                return row.title
            if column == 2:
                return row.venue
            if column == 3:
                return _(STATUS_LABELS.get(row.status, row.status))
            return _("{n} of {cap}").format(n=row.signed_in, cap=row.capacity)
        return None

    def row_of(self, session_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == session_id), -1)


class RosterModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RosterRow] = []

    def headers(self) -> list[str]:
        return [_("Name"), _("Since"), _("Here?"), _("Helper"), _("First visit"), _("Experience")]

    def set_rows(self, rows: list[RosterRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == ID_ROLE:
            return row.sign_in_id
        if role == PARTICIPANT_ROLE:
            return row.participant_id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            experience = {"never": _("Never coded"), "a_little": _("A little"), "some": _("Some")}
            here = _("Here") if row.here else _("Left at {time}").format(time=f"{_local(row.signed_out_at):%H:%M}")
            return [
                row.name,
                f"{_local(row.since):%H:%M}",
                here,
                _("Helper") if row.as_helper else "",
                _("First visit") if row.first_visit else "",
                experience.get(row.experience, ""),
            ][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and row.access_needs:
            return _("Access needs: {needs}").format(needs=row.access_needs)
        return None
