"""The host's lists on the Reports page: who stopped coming, and who is ready for the next step.

Names show only to the host. The main window is the host's: participants only ever see the kiosk,
a window of its own that the host PIN is needed to leave (desktop/ui/signin/kiosk), so the Reports
page in the main window builds ``HostLists(ctx)`` with ``viewer_is_host=True``. Anything else that
shows these lists to someone else passes ``viewer_is_host=False`` and gets no names at all (the
domain queries return nothing then). The laptop holds only its own organisation's people, so no other
organisation's names can appear.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.i18n import N_, _, ngettext
from desktop.ops import Kind, OpChanges
from desktop.reports.ladder import ReadyPerson, ready_for_next_step, ready_rule
from desktop.reports.lapsed import WHO_IS_LISTED, LapsedPerson, lapsed_list
from desktop.settings import LAPSED_AFTER_SESSIONS
from desktop.ui.context import AppContext
from desktop.ui.reports.days import format_day
from desktop.ui.reports.follow_up_dialog import FollowUpDialog
from desktop.ui.reports.ladder_step_dialog import LadderStepDialog, first_step_towards, session_choices
from desktop.ui.reports.person_path import PersonPathDialog, show_person_path
from desktop.ui.table_model import Index, RowsTableModel
from desktop.ui.widgets import Heading, Note, set_button_text

# Changes to any of these can move someone onto or off a list.
SHOWN_KINDS = (Kind.SESSIONS, Kind.SIGN_INS, Kind.PARTICIPANTS, Kind.FOLLOW_UPS, Kind.LADDER_STEPS, Kind.VENUES)


def contact_route(person: LapsedPerson) -> str:
    """The phone number and e-mail they agreed to be reached at, as they gave them."""
    given = [route for route in (person.phone, person.email) if route]
    return " · ".join(given) if given else _("Agreed, but gave no phone or e-mail")


def follow_up_text(person: LapsedPerson) -> str:
    if person.followed_up_on is None:
        return _("Not yet")
    day = format_day(person.followed_up_on)
    return _("{day}, by {name}").format(day=day, name=person.followed_up_by) if person.followed_up_by else day


def who_stopped_coming_rule(sessions_missed: int) -> str:
    """The definition of "stopped coming", with the setting's number, in words."""
    text = ngettext(
        "People who came at least twice and not in the last session at their usual venue.",
        "People who came at least twice and not in the last {n} sessions at their usual venue.",
        sessions_missed,
    )
    return text.format(n=sessions_missed)


class LapsedModel(RowsTableModel[LapsedPerson]):
    HEADERS = (
        N_("Name"),
        N_("Usual venue"),
        N_("Last came"),
        N_("Visits"),
        N_("How to reach them"),
        N_("Followed up"),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        p = self.rows[index.row()]
        return (
            p.full_name,
            p.venue_name,
            format_day(p.last_visit_at),
            str(p.visits),
            contact_route(p),
            follow_up_text(p),
        )[index.column()]


class ReadyModel(RowsTableModel[ReadyPerson]):
    HEADERS = (N_("Name"), N_("Now"), N_("Next step"), N_("Why"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        p = self.rows[index.row()]
        return (p.full_name, p.stage_name, p.next_step_name, p.reason)[index.column()]


@dataclass
class HostListsData:
    lapsed: list[LapsedPerson] = field(default_factory=list)
    ready: list[ReadyPerson] = field(default_factory=list)


def load_host_lists(session: Session, *, viewer_is_host: bool, sessions_missed: int) -> HostListsData:
    """Both lists, read on the database thread; empty unless the viewer is the host."""
    return HostListsData(
        lapsed_list(session, viewer_is_host=viewer_is_host, sessions_missed=sessions_missed),
        ready_for_next_step(session, viewer_is_host=viewer_is_host),
    )


def _table(name: str, model: RowsTableModel[Any]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
    view.setMinimumHeight(160)
    return view


def _button(text: str, description: str) -> QPushButton:
    button = QPushButton()
    set_button_text(button, text, description)
    button.setEnabled(False)  # until a row is chosen
    return button


class HostLists(QWidget):
    """Who stopped coming and who is ready for the next step, with what the host can do about each.

    Loads off the UI thread when first shown and again, when seen, after a change that can move
    someone onto or off a list. The dialogs it opens are kept in ``self.dialog`` (tests fill them).
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, viewer_is_host: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.viewer_is_host = viewer_is_host
        self.data = HostListsData()
        self.dialog: FollowUpDialog | LadderStepDialog | PersonPathDialog | None = None
        self._loading = False
        self._stale = True
        self.setAccessibleName(_("The host's lists"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)

        lapsed_title = _("Who stopped coming")
        layout.addWidget(Heading(lapsed_title, 2))
        self.lapsed_rule = Note("")
        layout.addWidget(self.lapsed_rule)
        self.lapsed_model = LapsedModel()
        self.lapsed_view = _table(lapsed_title, self.lapsed_model)
        layout.addWidget(self.lapsed_view, 1)
        self.lapsed_status = Note("")
        layout.addWidget(self.lapsed_status)
        self.follow_up_button = _button(_("Mark as followed up…"), _("Record that someone reached out to them"))
        self.lapsed_path_button = _button(_("Show their path…"), _("The sessions and steps of the person chosen"))
        self.follow_up_button.clicked.connect(self.mark_followed_up)
        self.lapsed_path_button.clicked.connect(lambda: self._show_path(self.lapsed_view, self.lapsed_model))
        layout.addLayout(_row(self.follow_up_button, self.lapsed_path_button))

        ready_title = _("Ready for the next step")
        layout.addWidget(Heading(ready_title, 2))
        self.ready_rule = Note(ready_rule())
        layout.addWidget(self.ready_rule)
        self.ready_model = ReadyModel()
        self.ready_view = _table(ready_title, self.ready_model)
        layout.addWidget(self.ready_view, 1)
        self.ready_status = Note("")
        layout.addWidget(self.ready_status)
        self.step_button = _button(_("Record a step…"), _("Record a step the person chosen took"))
        self.ready_path_button = _button(_("Show their path…"), _("The sessions and steps of the person chosen"))
        self.step_button.clicked.connect(self.record_step)
        self.ready_path_button.clicked.connect(lambda: self._show_path(self.ready_view, self.ready_model))
        layout.addLayout(_row(self.step_button, self.ready_path_button))

        for view, buttons in (
            (self.lapsed_view, (self.follow_up_button, self.lapsed_path_button)),
            (self.ready_view, (self.step_button, self.ready_path_button)),
        ):
            view.selectionModel().selectionChanged.connect(lambda *_a, v=view, b=buttons: _enable(v, b))
            view.doubleClicked.connect(lambda _i, v=view: self._show_path(v, v.model()))
        self.ctx.events.changed.connect(self._changed)

    # Loading -----------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    def refresh(self) -> None:
        """Load both lists on the database thread, then show them here."""
        self._stale = False
        self._loading = True
        host, missed = self.viewer_is_host, int(self.ctx.settings.get(LAPSED_AFTER_SESSIONS))
        self.lapsed_rule.setText(f"{who_stopped_coming_rule(missed)} {_(WHO_IS_LISTED)}")
        self.ctx.db_runner.run(lambda s: load_host_lists(s, viewer_is_host=host, sessions_missed=missed), self._show)

    def _changed(self, changes: OpChanges) -> None:
        if changes.touches(*SHOWN_KINDS):
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and not self._loading:
            self.refresh()

    def _show(self, data: HostListsData | None, error: BaseException | None) -> None:
        self._loading = False
        if error is not None or data is None:
            problem = _("The lists could not be made: {error}").format(error=error)
            self.lapsed_status.setText(problem)
            self.ready_status.setText(problem)
            return
        self.data = data
        self.lapsed_model.set_rows(data.lapsed)
        self.ready_model.set_rows(data.ready)
        _enable(self.lapsed_view, (self.follow_up_button, self.lapsed_path_button))
        _enable(self.ready_view, (self.step_button, self.ready_path_button))
        for view in (self.lapsed_view, self.ready_view):
            view.resizeRowsToContents()
        if not self.viewer_is_host:
            only_host = _("Only the host sees these names.")
            self.lapsed_status.setText(only_host)
            self.ready_status.setText(only_host)
            return
        self.lapsed_status.setText(
            ngettext("{n} person stopped coming.", "{n} people stopped coming.", len(data.lapsed)).format(
                n=len(data.lapsed)
            )
            if data.lapsed
            else _("Nobody who agreed to be contacted has stopped coming.")
        )
        self.ready_status.setText(
            ngettext("{n} person is ready.", "{n} people are ready.", len(data.ready)).format(n=len(data.ready))
            if data.ready
            else _("Nobody is ready for a next step just now.")
        )

    # Acting on a row ---------------------------------------------------------------------------

    def mark_followed_up(self) -> None:
        person = _chosen(self.lapsed_view, self.lapsed_model)
        if person is not None:
            self.dialog = FollowUpDialog(self.ctx, person.participant_id, person.full_name, self)
            self.dialog.open()

    def record_step(self) -> None:
        person = _chosen(self.ready_view, self.ready_model)
        if person is None:
            return
        pid, name, kind = person.participant_id, person.full_name, first_step_towards(person.next_step)

        def ask(sessions: Any, error: BaseException | None) -> None:
            self.dialog = LadderStepDialog(self.ctx, pid, name, [] if error else sessions, kind, self)
            self.dialog.open()

        self.ctx.db_runner.run(session_choices, ask)

    def _show_path(self, view: QTableView, model: Any) -> None:
        person = _chosen(view, model)
        if person is not None:
            self.dialog = show_person_path(self.ctx, person.participant_id, self)


def _row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def _chosen(view: QTableView, model: Any) -> Any:
    """The person on the selected row, or None."""
    rows = view.selectionModel().selectedRows()
    return model.rows[rows[0].row()] if rows and rows[0].row() < len(model.rows) else None


def _enable(view: QTableView, buttons: tuple[QPushButton, ...]) -> None:
    chosen = view.selectionModel().hasSelection()
    for button in buttons:
        button.setEnabled(chosen)
