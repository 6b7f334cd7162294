"""Item models for the Sessions page: the list of sessions and a session's roster."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt

from desktop.i18n import N_, _
from desktop.sessions.planning import SessionRow
from desktop.sessions.wording import STATUS_LABELS, people_count_short
from desktop.signin.attendance import RosterRow
from desktop.ui.sessions.dates import day_and_time
from desktop.ui.table_model import Index, RowsTableModel

ID_ROLE = Qt.ItemDataRole.UserRole + 1
PARTICIPANT_ROLE = Qt.ItemDataRole.UserRole + 2


def _local(dt: datetime) -> datetime:
    """Sign-in times are stored in UTC; the host reads the laptop's local time."""

    return dt.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


class SessionListModel(RowsTableModel[SessionRow]):
    """The sessions, one a row: when (in the reader's language), where, what, status and who came.

    The page draws each row as one card (session_list.py); column 0's accessible text is the whole row."""

    HEADERS = (N_("When"), N_("Venue"), N_("Session"), N_("Status"), N_("People"))
    VENUE_COLUMN = 1
    TITLE_COLUMN = 2
    STATUS_COLUMN = 3
    PEOPLE_COLUMN = 4

    def __init__(self) -> None:
        super().__init__()
        self.now = datetime.now()

    def set_rows(self, rows: list[SessionRow], now: datetime | None = None) -> None:
        self.now = now or datetime.now()  # once per load: whether each session is over
        super().set_rows(rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == 0:
            # A screen reader hears the whole card: date and time, title, venue, status, people.
            return ", ".join(str(self.data(self.index(index.row(), c))) for c in (0, 2, 1, 3, 4))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            # Only the cell asked for: views ask cell by cell, thousands of times.
            column = index.column()
            if column == 0:
                return day_and_time(row.starts_at, with_year=row.starts_at.year != self.now.year)
            if column == 1:
                return row.venue
            if column == 2:
                return row.title
            if column == 3:
                return _(STATUS_LABELS.get(row.status, row.status))
            return people_count_short(row.signed_in, row.capacity, row.is_over(self.now))
        if role == Qt.ItemDataRole.ToolTipRole:
            # The whole row in one place, the year included.
            return f"{row.title}\n{row.venue}\n{day_and_time(row.starts_at, with_year=True)}"
        return None

    def row_of(self, session_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == session_id), -1)


class RosterModel(RowsTableModel[RosterRow]):
    HEADERS = (N_("Name"), N_("Since"), N_("Here?"), N_("Helper"), N_("First visit"), N_("Experience"))

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
            left = row.signed_out_at
            here = _("Here") if row.here or left is None else _("Left at {time}").format(time=f"{_local(left):%H:%M}")
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
