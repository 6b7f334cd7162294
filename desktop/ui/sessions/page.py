"""Sessions: plan sessions at venues; for the chosen session, the host's roster and everything done with it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import EXPERIENCE_LEVELS, SESSION_STATUSES
from desktop.ops import Done, Kind, OpChanges
from desktop.ops import sessions as session_ops
from desktop.ops import signin as signin_ops
from desktop.sessions.headcount import Headcount, headcount_in_words, session_headcount, total_in_words
from desktop.sessions.planning import ClosedSession, SessionRow, list_sessions, session_row
from desktop.sessions.venues import KIND_LABELS, list_venues
from desktop.sessions.wording import STATUS_LABELS, roster_summary
from desktop.signin.attendance import RosterRow, roster
from desktop.signin.people import ParticipantDraft
from desktop.signin.validation import InvalidInput
from desktop.ui.context import AppContext
from desktop.ui.page import Page
from desktop.ui.sessions.dates import day_and_time
from desktop.ui.sessions.dialogs import (
    HostExitCardDialog,
    MergeDialog,
    PastSessionsDialog,
    PersonDialog,
    SessionDialog,
    VenueDialog,
    experience_labels,
    load_past_sessions,
    load_person,
    load_session_choices,
    venue_draft,
)
from desktop.ui.sessions.headcount import EstimateDialog
from desktop.ui.sessions.models import ID_ROLE, RosterModel, SessionListModel
from desktop.ui.sessions.paper_signins import PaperSignInsDialog
from desktop.ui.sessions.session_list import SessionListView
from desktop.ui.widgets import Heading, Note, set_button_text, show_status


def _button(text: str, description: str = "") -> QPushButton:
    b = QPushButton(text)
    b.setAccessibleName(text.replace("&", ""))
    if description:
        b.setToolTip(description)
        b.setAccessibleDescription(description)
    return b


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
    return view


class SessionsPage(Page):
    key = "sessions"

    def __init__(self, ctx: AppContext, title: str) -> None:
        super().__init__(ctx, title)
        self._busy = 0
        self.current_id: str | None = None
        self.current: SessionRow | None = None
        self.headcount: Headcount | None = None

        top = QHBoxLayout()
        self.plan_button = _button(_("&Plan a session"))
        self.venues_button = _button(_("Ve&nues…"), _("Add or edit the places where sessions happen"))
        self.filter = QComboBox()
        self.filter.addItem(_("All sessions"), "")
        for status in SESSION_STATUSES:
            self.filter.addItem(_(STATUS_LABELS[status]), status)
        filter_label = QLabel(_("Sho&w:"))
        filter_label.setBuddy(self.filter)
        self.filter.setAccessibleName(_("Show sessions that are"))
        top.addWidget(self.plan_button)
        top.addWidget(self.venues_button)
        top.addStretch(1)
        top.addWidget(filter_label)
        top.addWidget(self.filter)
        self.layout_.addLayout(top)

        self.sessions_model = SessionListModel()
        self.sessions_view = SessionListView(_("Sessions"))
        self.sessions_view.setModel(self.sessions_model)
        self.sessions_view.selectionModel().currentRowChanged.connect(self._session_chosen)

        self.detail = QWidget()
        detail = QVBoxLayout(self.detail)
        detail.setContentsMargins(12, 0, 0, 0)
        self.detail_title = Heading("", 2)
        self.detail_note = Note("")
        detail.addWidget(self.detail_title)
        detail.addWidget(self.detail_note)
        actions = QHBoxLayout()
        self.edit_button = _button(_("&Edit session"))
        self.open_button = _button(_("Open for si&gn-in"))
        self.close_button = _button(_("&Close session"), _("Signs everyone out and takes a backup"))
        self.kiosk_button = _button(_("Start the &kiosk"))
        for b in (self.edit_button, self.open_button, self.close_button, self.kiosk_button):
            actions.addWidget(b)
        actions.addStretch(1)
        detail.addLayout(actions)

        # A closed session's headcount and where it came from; the host's estimate when nobody signed in.
        headcount = QHBoxLayout()
        self.headcount_note = Note("")
        self.estimate_button = _button(_("Gi&ve an estimate…"), _("How many people came, when nobody signed in"))
        headcount.addWidget(self.headcount_note, 1)
        headcount.addWidget(self.estimate_button)
        detail.addLayout(headcount)

        self.roster_heading = Heading(_("Who is here"), 3)
        detail.addWidget(self.roster_heading)
        self.roster_model = RosterModel()
        self.roster_view = _table(_("Who is here"))
        self.roster_view.setModel(self.roster_model)
        self.roster_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.roster_view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        detail.addWidget(self.roster_view, 1)
        self.roster_summary = Note("")
        detail.addWidget(self.roster_summary)

        person = QGridLayout()
        self.person_edit = _button(_("Edit &details"))
        self.helper_button = _button(_("Helpe&r"), _("Mark or unmark the selected person as a helper"))
        self.sign_out_button = _button(_("Sign &out"))
        self.undo_button = _button(_("&Undo sign-in"), _("For a sign-in made by mistake"))
        self.past_button = _button(_("Past &sessions"))
        self.exit_card_button = _button(_("Exi&t card…"), _("Take down an exit card, named or anonymous"))
        self.merge_button = _button(_("Merge duplicate…"), _("The same person signed in as two records"))
        self.erase_button = _button(_("Erase person…"), _("Remove this person's details on request"))
        for i, b in enumerate(
            (
                self.person_edit,
                self.helper_button,
                self.sign_out_button,
                self.undo_button,
                self.past_button,
                self.exit_card_button,
                self.merge_button,
                self.erase_button,
            )
        ):
            person.addWidget(b, i // 3, i % 3)  # three a row leaves the session list room at 1280 wide
        detail.addLayout(person)

        detail.addWidget(Heading(_("Add a walk-in"), 3))
        walk = QGridLayout()
        self.walk_first = QLineEdit()
        self.walk_last = QLineEdit()
        self.walk_experience = QComboBox()
        for key in EXPERIENCE_LEVELS:
            self.walk_experience.addItem(experience_labels()[key], key)
        self.walk_button = _button(_("&Add"), _("Sign in a walk-in"))
        for i, (text, w) in enumerate(
            (
                (_("First na&me"), self.walk_first),
                (_("&Last name"), self.walk_last),
                (_("E&xperience"), self.walk_experience),
            )
        ):
            label = QLabel(text)
            label.setBuddy(w)
            w.setAccessibleName(text.replace("&", ""))
            walk.addWidget(label, i // 2, (i % 2) * 2)
            walk.addWidget(w, i // 2, (i % 2) * 2 + 1)
        walk.addWidget(self.walk_button, 1, 3)
        walk.setColumnStretch(1, 1)
        walk.setColumnStretch(3, 1)
        detail.addLayout(walk)
        self.walk_problem = Note("")
        self.walk_problem.setStyleSheet("color: #a00018;")
        self.walk_problem.hide()
        detail.addWidget(self.walk_problem)
        self.paper_button = _button(
            _("Enter paper sign-&ins…"), _("Type in the rows of a printed sign-in sheet after the session")
        )
        paper = QHBoxLayout()
        paper.addWidget(self.paper_button)
        paper.addStretch(1)
        detail.addLayout(paper)

        splitter = QSplitter()
        splitter.addWidget(self.sessions_view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([600, 500])  # cards wrap to whatever width the list is given
        self.layout_.addWidget(splitter, 1)

        self.plan_button.clicked.connect(self.plan_session)
        self.venues_button.clicked.connect(self.manage_venues)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.edit_button.clicked.connect(self.edit_session)
        self.open_button.clicked.connect(self.open_current)
        self.close_button.clicked.connect(self.close_current)
        self.kiosk_button.clicked.connect(self.start_kiosk)
        self.person_edit.clicked.connect(self.edit_person)
        self.helper_button.clicked.connect(self.toggle_helper)
        self.sign_out_button.clicked.connect(self.sign_out_selected)
        self.undo_button.clicked.connect(self.undo_selected)
        self.past_button.clicked.connect(self.show_past_sessions)
        self.exit_card_button.clicked.connect(self.host_exit_card)
        self.merge_button.clicked.connect(self.merge_selected)
        self.erase_button.clicked.connect(self.erase_selected)
        self.walk_button.clicked.connect(self.add_walk_in)
        self.walk_first.returnPressed.connect(self.add_walk_in)
        self.paper_button.clicked.connect(self.enter_paper_signins)
        self.estimate_button.clicked.connect(self.give_estimate)
        ctx.events.changed.connect(self._changed)
        self._show_detail_empty()

    # Loading ------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._busy > 0  # reads and operations still on their way

    def _failed(self, error: BaseException, on_problem: Callable[[str], None] | None) -> None:
        if on_problem is not None and isinstance(error, InvalidInput | LookupError):
            on_problem(str(error))
        else:
            QMessageBox.warning(self, _("Sessions"), str(error))

    def _run(
        self,
        query: Callable[[Session], Any],
        on_ok: Callable[[Any], object],
        on_problem: Callable[[str], None] | None = None,
    ) -> None:
        """Read something on the database thread, then show it here."""
        self._busy += 1

        def done(result: Any, error: BaseException | None) -> None:
            self._busy -= 1
            if error is None:
                on_ok(result)
            else:
                self._failed(error, on_problem)

        self.ctx.db_runner.run(query, done)

    def _do(
        self,
        op: Callable[[Session], Done[Any]],
        on_ok: Callable[[Any], None] | None = None,
        on_problem: Callable[[str], None] | None = None,
    ) -> None:
        """Change something through an operation; every page, this one too, hears what changed."""
        self._busy += 1

        def done(value: Any) -> None:
            self._busy -= 1
            if on_ok is not None:
                on_ok(value)

        def failed(error: BaseException) -> None:
            self._busy -= 1
            self._failed(error, on_problem)

        self.ctx.ops.run(op, done, failed)

    def refresh(self) -> None:
        status = self.filter.currentData() or None
        self._run(lambda s: list_sessions(s, status=status), self._show_sessions)

    def _changed(self, changes: OpChanges) -> None:
        # The list shows each session's count of people, so a sign-in anywhere reloads it too.
        if changes.touches(Kind.SESSIONS, Kind.VENUES, Kind.SIGN_INS):
            self.refresh()
        elif (
            changes.touches(Kind.SIGN_INS, Kind.PARTICIPANTS, Kind.EXIT_CARDS)
            and self.current_id
            and changes.session_id in (None, self.current_id)
        ):
            self._load_detail()

    def _show_sessions(self, rows: list[SessionRow]) -> None:
        self.sessions_model.set_rows(rows)
        if self.current_id is None:
            # Start where the host most likely is: the open session, else the next one.
            first = next((r for r in rows if r.status == "open"), rows[0] if rows else None)
            self.current_id = first.id if first else None
        if self.current_id:
            self._select_row(self.sessions_model.row_of(self.current_id))
            self._load_detail()

    def _select_row(self, row: int) -> None:
        if row < 0:
            return
        index = self.sessions_model.index(row, 0)
        self.sessions_view.selectionModel().blockSignals(True)
        self.sessions_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.sessions_view.selectionModel().blockSignals(False)
        self.sessions_view.scrollTo(index)

    def _session_chosen(self, current, _previous) -> None:
        sid = current.data(ID_ROLE) if current.isValid() else None
        if sid and sid != self.current_id:
            self.current_id = sid
            self._load_detail()

    def show_session(self, session_id: str) -> None:
        """Show one session and its roster (the Today page opens sessions through this)."""
        self.current_id = session_id
        if self.filter.currentIndex() != 0:
            self.filter.setCurrentIndex(0)  # refreshes
        else:
            self.refresh()

    def _load_detail(self) -> None:
        sid = self.current_id
        if not sid:
            return
        self._run(
            lambda s: (session_row(s, sid), roster(s, sid), session_headcount(s, sid)),
            self._show_detail,
            lambda _msg: self._show_detail_empty(),
        )

    def _show_detail_empty(self) -> None:
        self.current = None
        self.headcount = None
        self.headcount_note.hide()
        self.detail_title.setText(_("Choose a session"))
        self.detail_note.setText(_("Pick a session on the left to see who is here, or plan a new one."))
        self.roster_model.set_rows([])
        self.roster_heading.setText(_("Who is here"))
        self.roster_summary.setText("")
        self._update_buttons()

    def _show_detail(self, loaded: tuple[SessionRow, list[RosterRow], Headcount]) -> None:
        row, people, count = loaded
        self.current, self.headcount = row, count
        self.detail_title.setText(row.title)
        self.detail_title.setAccessibleName(row.title)
        over = row.is_over(datetime.now())  # a session that is over says who came, not who is here
        self.detail_note.setText(
            _("{when} – {end} at {venue} · {status} · {people}").format(
                when=day_and_time(row.starts_at, with_year=True),
                end=row.ends_at.strftime("%H:%M"),
                venue=row.venue,
                status=_(STATUS_LABELS.get(row.status, row.status)),
                people=total_in_words(count, over, row.capacity),
            )
        )
        self._show_headcount(count)
        selected = self._selected()
        self.roster_model.set_rows(people)
        roster_title = _("Who came") if over else _("Who is here")
        self.roster_heading.setText(roster_title)
        self.roster_view.setAccessibleName(roster_title)
        # Once closed with nobody signed in, the headcount line says it: no "0 people came" beside an estimate.
        self.roster_summary.setText(roster_summary(people, over) if people or not count.may_estimate else "")
        if selected is not None:
            for i, p in enumerate(people):
                if p.sign_in_id == selected.sign_in_id:
                    self.roster_view.selectRow(i)
        self._update_buttons()

    def _show_headcount(self, count: Headcount) -> None:
        closed = count.status == "closed"
        text = _("Headcount: {count}").format(count=headcount_in_words(count)) if closed else ""
        self.headcount_note.setText(text)
        self.headcount_note.setVisible(closed)
        if count.estimate is None:
            set_button_text(self.estimate_button, _("Gi&ve an estimate…"))
        else:
            set_button_text(self.estimate_button, _("C&hange the estimate…"))

    def _selected(self) -> RosterRow | None:
        index = self.roster_view.selectionModel().currentIndex()
        if not index.isValid() or index.row() >= len(self.roster_model.rows):
            return None
        return self.roster_model.rows[index.row()]

    def _update_buttons(self) -> None:
        has_session = self.current is not None
        status = self.current.status if self.current else ""
        for b in (self.edit_button, self.exit_card_button, self.walk_button, self.paper_button):
            b.setEnabled(has_session)
        self.open_button.setEnabled(has_session and status != "open")
        self.close_button.setEnabled(has_session and status != "closed")
        self.kiosk_button.setEnabled(has_session)  # for a closed session, the Sign-in page asks first
        self.estimate_button.setVisible(self.headcount is not None and self.headcount.may_estimate)
        row = self._selected()
        person = row is not None and row.participant_id is not None
        for b in (self.helper_button, self.undo_button):
            b.setEnabled(row is not None)
        self.sign_out_button.setEnabled(row is not None and row.here)
        for b in (self.person_edit, self.past_button, self.merge_button, self.erase_button):
            b.setEnabled(person)
        if row is not None:
            set_button_text(self.helper_button, _("Not a helpe&r") if row.as_helper else _("Mark as helpe&r"))

    # Planning -------------------------------------------------------------------------------

    def plan_session(self) -> None:
        self._run(load_session_choices, lambda choices: self._session_dialog(choices, None))

    def edit_session(self) -> None:
        sid = self.current_id
        if sid:
            self._run(lambda s: load_session_choices(s, sid), lambda choices: self._session_dialog(choices, sid))

    def _session_dialog(self, choices: dict, session_id: str | None) -> None:
        if not choices["venues"]:
            QMessageBox.information(self, _("Plan a session"), _("First add a venue: where will the session be?"))
            self.manage_venues()
            return
        dialog = SessionDialog(self.ctx, choices, choices["draft"], session_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.show_session(dialog.result_value)

    def open_current(self) -> None:
        sid = self.current_id
        if sid:
            self._do(lambda s: session_ops.open_session(s, sid))

    def close_current(self) -> None:
        sid, row = self.current_id, self.current
        if not sid or row is None:
            return
        answer = QMessageBox.question(
            self,
            _("Close session"),
            _("Close “{title}”? Everyone still here is signed out, and a backup is taken.").format(title=row.title),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        data_dir = self.ctx.data_dir
        self._do(lambda s: session_ops.close_session(s, sid, data_dir), self._closed)

    def _closed(self, closed: ClosedSession) -> None:
        """The session is closed; say that its backup was saved, or why there is none."""
        if closed.backup is None:
            QMessageBox.warning(
                self,
                _("Close session"),
                _("The session is closed, but the backup failed: {error}").format(error=closed.backup_problem),
            )
        else:
            show_status(self, _("Session closed, and a backup was saved."))
        sid = closed.session_id
        self._run(lambda s: session_headcount(s, sid), lambda count: self._ask_estimate(sid, count))

    def _ask_estimate(self, session_id: str, count: Headcount) -> None:
        """A skipped check-in must not read as nobody coming: ask the host how many came."""
        if count.wants_estimate:
            EstimateDialog(self.ctx, session_id, None, self).exec()  # saving tells every page what changed

    def give_estimate(self) -> None:
        sid, count = self.current_id, self.headcount
        if sid and count is not None and count.may_estimate:
            EstimateDialog(self.ctx, sid, count.estimate, self).exec()

    def start_kiosk(self) -> None:
        if self.current_id:
            self.ctx.events.kiosk_requested.emit(self.current_id)

    def manage_venues(self) -> None:
        self._run(list_venues, lambda venues: VenuesDialog(self, venues).exec())

    # The roster ---------------------------------------------------------------------------------

    def add_walk_in(self) -> None:
        sid = self.current_id
        if not sid:
            return
        first, last, exp = self.walk_first.text(), self.walk_last.text(), self.walk_experience.currentData()

        def ok(_result: object) -> None:
            self.walk_first.clear()
            self.walk_last.clear()
            self.walk_experience.setCurrentIndex(0)
            self.walk_problem.hide()
            self.walk_first.setFocus()

        def problem(message: str) -> None:
            self.walk_problem.setText(message)
            self.walk_problem.setAccessibleName(message)
            self.walk_problem.show()
            self.walk_first.setFocus()

        self._do(lambda s: signin_ops.walk_in(s, sid, first, last, exp), ok, problem)

    def enter_paper_signins(self) -> None:
        if self.current_id and self.current is not None:
            PaperSignInsDialog(self.ctx, self.current_id, self.current.title, self).exec()  # saving refreshes pages

    def toggle_helper(self) -> None:
        row = self._selected()
        if row is not None:
            self._do(lambda s: signin_ops.mark_helper(s, row.sign_in_id, not row.as_helper))

    def sign_out_selected(self) -> None:
        row = self._selected()
        if row is not None:
            self._do(lambda s: signin_ops.sign_out(s, row.sign_in_id))

    def undo_selected(self) -> None:
        row = self._selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self, _("Undo sign-in"), _("Undo {name}'s sign-in to this session?").format(name=row.name)
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._do(lambda s: signin_ops.undo_sign_in(s, row.sign_in_id))

    def edit_person(self) -> None:
        row = self._selected()
        if row is None or row.participant_id is None:
            return
        pid = row.participant_id

        def show(draft: ParticipantDraft) -> None:
            PersonDialog(self.ctx, pid, draft, self).exec()  # saving tells every page what changed

        self._run(lambda s: load_person(s, pid), show)

    def show_past_sessions(self) -> None:
        row = self._selected()
        if row is None or row.participant_id is None:
            return
        pid, name = row.participant_id, row.name
        self._run(lambda s: load_past_sessions(s, pid), lambda visits: PastSessionsDialog(name, visits, self).exec())

    def host_exit_card(self) -> None:
        sid = self.current_id
        if not sid:
            return
        people = [(r.participant_id, r.name) for r in self.roster_model.rows]
        HostExitCardDialog(self.ctx, sid, people, self).exec()  # saving tells every page what changed

    def merge_selected(self) -> None:
        row = self._selected()
        if row is None or row.participant_id is None:
            return
        dialog = MergeDialog(self.ctx, row.participant_id, row.name, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen_id:
            keep, dup = row.participant_id, dialog.chosen_id
            self._do(lambda s: signin_ops.merge_people(s, keep, dup))

    def erase_selected(self) -> None:
        row = self._selected()
        if row is None or row.participant_id is None:
            return
        answer = QMessageBox.warning(
            self,
            _("Erase person"),
            _(
                "Erase {name}? Their details are removed from this laptop and, after the next sync, from the hub. "
                "Their visits stay only as anonymous counts. This cannot be undone."
            ).format(name=row.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        pid = row.participant_id
        # The domain zeroes the freed space and empties the write-ahead log once the erasure commits.
        self._do(lambda s: signin_ops.erase_person(s, pid))


class VenuesDialog(QDialog):
    """The venues, with ways to add and edit them."""

    def __init__(self, page: SessionsPage, venues: list) -> None:
        super().__init__(page)
        self.page = page
        self.ctx = page.ctx
        title = _("Venues")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setAccessibleName(title)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.add_button = _button(_("&New venue"))
        self.edit_button = _button(_("&Edit venue"))
        row.addWidget(self.add_button)
        row.addWidget(self.edit_button)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.add_button.clicked.connect(self.add_venue)
        self.edit_button.clicked.connect(self.edit_venue)
        self.list.itemActivated.connect(lambda _item: self.edit_venue())
        self.list.currentRowChanged.connect(lambda r: self.edit_button.setEnabled(r >= 0))
        self._fill(venues)
        self.resize(520, 420)

    def _fill(self, venues: list) -> None:
        self.list.clear()
        for v in venues:
            item = QListWidgetItem(f"{v.name} — {_(KIND_LABELS.get(v.kind, v.kind))}")
            item.setData(Qt.ItemDataRole.UserRole, v.id)
            self.list.addItem(item)
        if not venues:
            self.list.addItem(_("No venues yet: add the first one."))
            self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self.edit_button.setEnabled(False)

    def _reload(self) -> None:
        self.ctx.db_runner.run(list_venues, lambda venues, _e: self._fill(venues or []))

    def add_venue(self) -> None:
        if VenueDialog(self.ctx, parent=self).exec() == QDialog.DialogCode.Accepted:
            self._reload()

    def edit_venue(self) -> None:
        item = self.list.currentItem()
        vid = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not vid:
            return

        def show(draft, error) -> None:
            if error is None and VenueDialog(self.ctx, draft, vid, self).exec() == QDialog.DialogCode.Accepted:
                self._reload()

        self.ctx.db_runner.run(lambda s: venue_draft(s, vid), show)
