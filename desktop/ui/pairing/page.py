"""Pairing: pair the people present, show each group with its reason, let the host adjust, and project it.

Every change is checked by ``desktop.pairing.board.Board`` (the hard rules
live there) and stored at once as a new version of the round.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QDrag, QDragEnterEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from desktop.i18n import _, ngettext
from desktop.ops import Kind, OpChanges
from desktop.ops import pairing as ops
from desktop.pairing.board import Board, Refusal
from desktop.pairing.model import Group
from desktop.pairing.store import (
    PairingInputs,
    SavedRound,
    StoredGroup,
    StoredRound,
    load_inputs,
    sessions_for_pairing,
)
from desktop.ui.context import AppContext
from desktop.ui.page import Page
from desktop.ui.pairing.projector import ProjectorView
from desktop.ui.widgets import Card, Heading, Note, content_scroll

MIME = "application/x-onramp-person"


class PersonChip(QPushButton):
    """One person in a group: drag to another group (or onto a person to swap), or click for a menu."""

    def __init__(self, page: PairingPage, person_id: str, name: str) -> None:
        super().__init__(name)
        self.page = page
        self.person_id = person_id
        self.setAccessibleName(_("{name}: press to move or swap").format(name=name))
        self.setAcceptDrops(True)
        self.setStyleSheet(
            "QPushButton { padding: 4px 12px; border: 1px solid #7a9aa8; border-radius: 11px;"
            " background: #eef5f7; color: #102a33; }"
            "QPushButton:focus { border: 2px solid #1d5f7a; }"
        )
        self._press: QPoint | None = None
        self.clicked.connect(lambda: page.open_person_menu(self))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or (event.position().toPoint() - self._press).manhattanLength() < 8:
            return super().mouseMoveEvent(event)
        self._press = None
        self.setDown(False)
        drag = QDrag(self)
        data = QMimeData()
        data.setData(MIME, self.person_id.encode())
        drag.setMimeData(data)
        drag.setPixmap(self.grab())
        drag.exec(Qt.DropAction.MoveAction)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(MIME):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        moved = bytes(event.mimeData().data(MIME).data()).decode()
        event.acceptProposedAction()
        self.page.swap(moved, self.person_id)


class GroupCard(Card):
    def __init__(self, page: PairingPage, index: int, group: Group) -> None:
        super().__init__()
        self.page = page
        self.index = index
        self.setAcceptDrops(True)
        self.setAccessibleName(_("Table {n}").format(n=group.table))
        head = QHBoxLayout()
        head.addWidget(Heading(_("Table {n}").format(n=group.table), 3))
        head.addStretch(1)
        self.lock = QToolButton()
        self.lock.setCheckable(True)
        self.lock.setChecked(group.locked)
        self.lock.setText(_("Locked") if group.locked else _("Lock"))
        self.lock.setAccessibleName(
            _("Unlock table {n}").format(n=group.table) if group.locked else _("Lock table {n}").format(n=group.table)
        )
        self.lock.setToolTip(_("A locked group stays as it is when the rest are paired again."))
        self.lock.clicked.connect(lambda: page.toggle_lock(index))
        head.addWidget(self.lock)
        self.body.addLayout(head)
        names = QHBoxLayout()
        for pid in group.members:
            names.addWidget(PersonChip(page, pid, page.name_of(pid)))
        names.addStretch(1)
        self.body.addLayout(names)
        self.reason = Note(group.reason)
        self.reason.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(self.reason)
        self.body.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(MIME):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        moved = bytes(event.mimeData().data(MIME).data()).decode()
        event.acceptProposedAction()
        self.page.move_person(moved, self.index)


class PairingPage(Page):
    key = "pairing"
    # Printing pair cards lives with the handouts: (session id, [(table, [names])]).
    print_cards_requested = Signal(str, list)
    groups_changed = Signal()

    def __init__(self, ctx: AppContext, title: str) -> None:
        super().__init__(ctx, title)
        top = QHBoxLayout()
        label = QLabel(_("&Session:"))
        self.session_box = QComboBox()
        self.session_box.setAccessibleName(_("Session to pair"))
        self.session_box.setMinimumContentsLength(28)
        label.setBuddy(self.session_box)
        top.addWidget(label)
        top.addWidget(self.session_box, 1)
        self.layout_.addLayout(top)

        actions = QHBoxLayout()
        self.run_button = self._button(
            actions, _("&Pair everyone"), _("Pair everyone present (locked groups stay)"), self.run
        )
        self.new_round_button = self._button(
            actions, _("&New round"), _("Start a new round that avoids this round's partners"), self.new_round
        )
        self.repair_button = self._button(
            actions, _("&Re-pair the rest"), _("Keep locked groups, pair everyone else again"), self.repair_rest
        )
        self.late_button = self._button(
            actions,
            _("Add &latecomers"),
            _("Seat people who signed in since, changing as little as possible"),
            self.add_latecomers,
        )
        self.undo_button = self._button(actions, _("&Undo"), _("Undo the last change"), self.undo)
        actions.addStretch(1)
        self.layout_.addLayout(actions)
        # Showing and printing the tables get a row of their own, so large text (and longer Spanish
        # labels) never makes the page wider than a laptop screen.
        outputs = QHBoxLayout()
        self.projector_button = self._button(
            outputs, _("Pro&jector view"), _("Show the tables full screen for the room"), self.show_projector
        )
        self.print_button = self._button(
            outputs, _("Print pair &cards"), _("Print a card for each table"), self.request_print
        )
        outputs.addStretch(1)
        self.layout_.addLayout(outputs)

        self.status = Note("")
        self.status.setAccessibleName(_("Pairing status"))
        self.layout_.addWidget(self.status)
        self.problems = Note("")
        self.problems.setStyleSheet("color: #8a3b00;")
        self.problems.setAccessibleName(_("Problems with this pairing"))
        self.layout_.addWidget(self.problems)

        self._cards_host = QWidget()
        self.cards = QGridLayout(self._cards_host)
        self.cards.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.layout_.addWidget(content_scroll(self._cards_host), 1)

        self.board: Board | None = None
        self.inputs: PairingInputs | None = None
        self.round_number = 0  # the round on the board, as the database numbered it; 0 before the first
        self._rounds_starting = 0  # new rounds asked for whose number the database has not given yet
        self.projector: ProjectorView | None = None
        self._names: dict[str, str] = {}
        self.session_box.currentIndexChanged.connect(self._session_chosen)
        # Who is present changes with sessions, sign-ins and people; this page's own rounds are on screen
        # already, but a round another laptop made arrives only by sync.
        self.refresh_on(Kind.SESSIONS, Kind.SIGN_INS, Kind.PARTICIPANTS)
        ctx.events.changed.connect(self._rounds_from_elsewhere)
        self._update_buttons()

    def _rounds_from_elsewhere(self, changes: OpChanges) -> None:
        if changes.remote and changes.touches(Kind.PAIRINGS):
            self.refresh_when_seen()

    def _button(self, row: QHBoxLayout, text: str, description: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", ""))
        button.setAccessibleDescription(description)
        button.setToolTip(description)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def session_id(self) -> str | None:
        return self.session_box.currentData()

    def name_of(self, person_id: str) -> str:
        return self._names.get(person_id, "?")

    # Loading ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        self._loading = True
        self.ctx.db_runner.run(sessions_for_pairing, self._show_sessions)

    def _show_sessions(self, choices, error: BaseException | None) -> None:
        self._loading = False
        if error is not None:
            self.status.setText(_("Sessions could not be loaded: {error}").format(error=error))
            return
        keep = self.session_id
        self.session_box.blockSignals(True)
        self.session_box.clear()
        for c in choices or []:
            self.session_box.addItem(
                ngettext(
                    "{when} — {title} ({venue}), {n} present", "{when} — {title} ({venue}), {n} present", c.present
                ).format(when=c.starts_at.strftime("%d %b %H:%M"), title=c.title, venue=c.venue, n=c.present),
                c.id,
            )
        self.session_box.blockSignals(False)
        if not choices:
            self.board = None
            self.status.setText(_("Nobody has signed in to a session yet. People appear here once they sign in."))
            self._render()
            return
        index = max(0, self.session_box.findData(keep)) if keep else 0
        self.session_box.setCurrentIndex(index)
        self._session_chosen()

    def _session_chosen(self, *_args) -> None:
        session_id = self.session_id
        if not session_id:
            return
        self._loading = True
        self.ctx.db_runner.run(lambda s: load_inputs(s, session_id), self._show_inputs)

    def _show_inputs(self, inputs: PairingInputs | None, error: BaseException | None) -> None:
        self._loading = False
        if error is not None or inputs is None:
            self.status.setText(_("This session could not be loaded: {error}").format(error=error))
            return
        self.inputs = inputs
        self._names = {p.id: p.name for p in inputs.people}
        current = inputs.current
        self.board = Board(
            inputs.people, inputs.history(amending=current is not None), seed=current.seed if current else 0
        )
        self.round_number = current.number if current else 0
        self._rounds_starting = 0
        if current:
            self.board.load([Group(g.members, g.reason, g.table, g.locked) for g in current.groups])
        self._render()

    # Actions -------------------------------------------------------------------------------------

    def run(self) -> None:
        if self.board is None:
            return
        self.board.run()
        self._changed()

    def new_round(self) -> None:
        if self.inputs is None:
            return
        if not self.round_number and not self._rounds_starting:
            return self.run()
        self.inputs.today.append(self._as_stored())
        self.board = Board(
            self.inputs.people, self.inputs.history(amending=False), seed=self.board.seed + 1 if self.board else 1
        )
        self.board.run()
        self._changed(new_round=True)

    def repair_rest(self) -> None:
        if self.board and self.board.groups:
            self.board.repair_rest()
            self._changed()

    def undo(self) -> None:
        if self.board and self.board.undo():
            self._changed()

    def toggle_lock(self, index: int) -> None:
        if self.board:
            self.board.toggle_lock(index)
            self._changed()

    def move_person(self, person_id: str, index: int) -> None:
        if self.board:
            self._result(self.board.move(person_id, index))

    def swap(self, a: str, b: str) -> None:
        if self.board:
            self._result(self.board.swap(a, b))

    def add_latecomers(self) -> None:
        session_id = self.session_id
        if not session_id or self.board is None:
            return
        self.ctx.db_runner.run(lambda s: load_inputs(s, session_id), self._seat_latecomers)

    def _seat_latecomers(self, inputs: PairingInputs | None, error: BaseException | None) -> None:
        if error is not None or inputs is None or self.board is None:
            self.status.setText(_("Latecomers could not be loaded: {error}").format(error=error))
            return
        new = [p for p in inputs.people if p.id not in self.board.people]
        if not new:
            self.status.setText(_("Everyone signed in already has a place."))
            return
        self._names.update({p.id: p.name for p in new})
        self.board.add_people(new)
        self._changed()
        self.status.setText(
            ngettext("{n} latecomer seated.", "{n} latecomers seated.", len(new)).format(n=len(new))
            + " "
            + self.status.text()
        )

    def _result(self, refusal: Refusal | None) -> None:
        if refusal is not None:
            self.status.setText(refusal.message)
            return
        self._changed()

    def open_person_menu(self, chip: PersonChip) -> None:
        """The keyboard (and click) path for what dragging does."""
        if self.board is None:
            return
        menu = QMenu(self)
        menu.setAccessibleName(_("Move {name}").format(name=chip.text()))
        for index, g in enumerate(self.board.groups):
            if chip.person_id in g.members:
                continue
            action = menu.addAction(_("Move to table {n}").format(n=g.table))
            action.triggered.connect(lambda _=False, i=index: self.move_person(chip.person_id, i))
        menu.addSeparator()
        for g in self.board.groups:
            for m in g.members:
                if m != chip.person_id and chip.person_id not in g.members:
                    action = menu.addAction(_("Swap with {name} (table {n})").format(name=self.name_of(m), n=g.table))
                    action.triggered.connect(lambda _=False, other=m: self.swap(chip.person_id, other))
        menu.popup(chip.mapToGlobal(chip.rect().bottomLeft()))
        self._menu = menu

    # Saving and showing ------------------------------------------------------------------------------

    def _as_stored(self) -> StoredRound:
        assert self.board is not None
        return StoredRound(
            "",
            self.round_number,
            self.board.seed,
            tuple(StoredGroup(g.members, g.table, g.reason, g.locked) for g in self.board.groups),
        )

    def _changed(self, *, new_round: bool = False) -> None:
        """Store the board as it is now: as a new round, or as a new version of the round on the board.

        The database numbers rounds (``desktop.pairing.store``); until it has answered for a round
        just started, changes go to the session's round in play, which is that one.
        """
        board, session_id = self.board, self.session_id
        if board is None or not session_id:
            return
        groups, seed = list(board.groups), board.seed
        if new_round or not (self.round_number or self._rounds_starting):
            self._rounds_starting += 1
            self.round_number += 1  # shown until the database says which number the round took
            self.ctx.ops.run(lambda s: ops.start_round(s, session_id, groups, seed), self._started, self._start_failed)
        else:
            number = None if self._rounds_starting else self.round_number
            self.ctx.ops.run(lambda s: ops.change_round(s, session_id, number, groups, seed), None, self._not_saved)
        self._render()
        self.groups_changed.emit()

    def _started(self, saved: SavedRound) -> None:
        self._rounds_starting = max(0, self._rounds_starting - 1)
        if saved.number == self.round_number:
            return
        self.round_number = saved.number  # another laptop's rounds came first
        self._show_status()
        if self.projector is not None and self._projector_shown():
            self.projector.show_groups(self.projector_tables(), self._projector_title())

    def _start_failed(self, error: BaseException) -> None:
        self._rounds_starting = max(0, self._rounds_starting - 1)
        self._not_saved(error)

    def _not_saved(self, error: BaseException) -> None:
        self.status.setText(_("The pairs could not be saved: {error}").format(error=error))

    def _show_status(self) -> None:
        board = self.board
        if board is None:
            return
        if not board.groups and not board.unplaced:
            self.status.setText(_("Nobody is signed in to this session yet."))
        elif not board.groups:
            self.status.setText(
                ngettext(
                    "{n} person is here. Press Pair everyone to make groups.",
                    "{n} people are here. Press Pair everyone to make groups.",
                    len(board.people),
                ).format(n=len(board.people))
            )
        else:
            # Present counts everyone the session picker counts (desktop.pairing.store.present_clause).
            groups, present = len(board.groups), len(board.people)
            self.status.setText(
                " ".join(
                    (
                        ngettext("Round {round}: {n} group.", "Round {round}: {n} groups.", groups).format(
                            round=self.round_number, n=groups
                        ),
                        ngettext("{n} person present.", "{n} people present.", present).format(n=present),
                        _("Drag a name to another table, or onto a person to swap."),
                    )
                )
            )

    def _render(self) -> None:
        while (item := self.cards.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.hide()  # deleteLater waits for the event loop; until then it would still be drawn
                widget.deleteLater()
        board = self.board
        self._update_buttons()
        if board is None:
            self.problems.setText("")
            return
        self._show_status()
        problems = list(board.problems)
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        # As many columns as fit cards about 36 characters wide (fewer with large text).
        char = max(1, self.fontMetrics().averageCharWidth())
        columns = max(1, min(3, (self.width() - 60) // (char * 36)))
        for i, g in enumerate(board.groups):
            self.cards.addWidget(GroupCard(self, i, g), i // columns, i % columns)
        if board.unplaced and board.groups:
            card = Card()
            card.setAccessibleName(_("Not seated yet"))
            card.body.addWidget(Heading(_("Not seated yet"), 3))
            chips = QHBoxLayout()
            for pid in board.unplaced:
                chips.addWidget(PersonChip(self, pid, self.name_of(pid)))
            chips.addStretch(1)
            card.body.addLayout(chips)
            n = len(board.groups)
            self.cards.addWidget(card, n // columns, n % columns)
        for row in range(self.cards.rowCount()):
            self.cards.setRowStretch(row, 0)
        self.cards.setRowStretch(self.cards.rowCount(), 1)  # spare height below the cards, not inside them
        if self.projector is not None and self._projector_shown():
            self.projector.show_groups(self.projector_tables())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self.board is not None:
            self._render()  # as many card columns as fit the new text size

    def _update_buttons(self) -> None:
        has_board = self.board is not None and bool(self.board.people)
        has_groups = has_board and bool(self.board.groups)  # type: ignore[union-attr]
        self.run_button.setEnabled(has_board)
        self.new_round_button.setEnabled(has_groups)
        self.repair_button.setEnabled(has_groups)
        self.late_button.setEnabled(has_board)
        self.undo_button.setEnabled(bool(self.board and self.board.can_undo))
        self.projector_button.setEnabled(has_groups)
        self.print_button.setEnabled(has_groups)

    # Projector and printing -------------------------------------------------------------------------------

    def projector_tables(self) -> list[tuple[int, list[str]]]:
        if self.board is None:
            return []
        return [(g.table, [self.name_of(m) for m in g.members]) for g in self.board.groups]

    def make_projector(self) -> ProjectorView:
        if self.projector is None or not shiboken6.isValid(self.projector):
            self.projector = ProjectorView()
        self.projector.show_groups(self.projector_tables(), self._projector_title())
        return self.projector

    def _projector_shown(self) -> bool:
        """Whether the projector window is up. It is a window of its own: whoever closed it for good
        (a test's teardown, the system) may have deleted it while this page kept its Python handle."""
        return self.projector is not None and shiboken6.isValid(self.projector) and self.projector.isVisible()

    def _projector_title(self) -> str:
        return _("Find your table — round {n}").format(n=self.round_number)

    def show_projector(self) -> None:
        self.make_projector().open_full_screen()

    def request_print(self) -> None:
        """Hook for printing pair cards: whoever prints handouts connects to ``print_cards_requested``."""
        if self.session_id and self.board:
            self.print_cards_requested.emit(self.session_id, self.projector_tables())
