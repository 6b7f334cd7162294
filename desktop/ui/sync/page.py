"""Sync: enrol with a hub, see when this laptop last synced, what waits, what was refused and why."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.dates import from_utc
from desktop.i18n import N_, _, ngettext
from desktop.ops import OpChanges
from desktop.ops import sync as ops
from desktop.sync import engine, identity
from desktop.sync.engine import (
    OpenConflict,
    RejectedChange,
    SyncOverview,
    open_conflicts,
    overview,
)
from desktop.sync.quarantine import KeptAside, kept_aside
from desktop.sync.wording import (
    describe_failure,
    describe_record,
    describe_refusal,
    describe_value,
    its_field,
)
from desktop.sync.worker import SyncStatus
from desktop.ui.context import AppContext
from desktop.ui.page import Page
from desktop.ui.sync.controller import SyncController, describe
from desktop.ui.table_model import Index, RowsTableModel
from desktop.ui.widgets import Card, Heading, Note, content_scroll, format_datetime, set_button_text

OP_LABELS = {"insert": N_("New record"), "update": N_("Change"), "delete": N_("Deletion")}


def _when(stored_utc: datetime) -> str:
    """A stored time (UTC) as this laptop's local time, in the app's language."""
    return format_datetime(from_utc(stored_utc))


log = logging.getLogger(__name__)
T = TypeVar("T", OpenConflict, KeptAside, RejectedChange)


@dataclass(frozen=True)
class Described(Generic[T]):
    """A row and the record it is about, as the page it came from would name it."""

    row: T
    record: str
    values: tuple[str, ...] = ()  # a conflict's two values (kept, other), as the record's page shows them


class RejectedModel(RowsTableModel[Described[RejectedChange]]):
    """Changes the hub refused, newest first, with its reason."""

    HEADERS = (N_("When"), N_("Record"), N_("Change"), N_("Why the hub refused it"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        described = self.rows[index.row()]
        row = described.row
        return (
            _when(row.created_at),
            described.record,
            _(OP_LABELS.get(row.op, N_("Change"))),
            describe_refusal(row.reason),
        )[index.column()]


class KeptAsideModel(RowsTableModel[Described[KeptAside]]):
    """Rows from the hub this laptop could not use and kept aside, newest first, in plain words."""

    HEADERS = (N_("When"), N_("Record"), N_("What happened"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        described = self.rows[index.row()]
        row = described.row  # the rule it broke is in the log, for whoever looks after the hub
        return (_when(row.received_at), described.record, row.explain())[index.column()]


@dataclass(frozen=True)
class SyncView:
    """What the page shows, read in one go on the database thread."""

    overview: SyncOverview
    conflicts: list[Described[OpenConflict]]
    kept: list[Described[KeptAside]]
    rejected: list[Described[RejectedChange]]


def read_view(session: Session) -> SyncView:
    view = overview(session)

    def described(rows: list[T]) -> list[Described[T]]:
        return [Described(r, describe_record(session, r.table, r.row_id)) for r in rows]

    conflicts = [
        Described(
            c,
            describe_record(session, c.table, c.row_id),
            tuple(describe_value(session, c.table, c.field, v) for v in (c.kept, c.other)),
        )
        for c in open_conflicts(session)
    ]
    return SyncView(view, conflicts, described(kept_aside(session)), described(view.rejected))


class SyncPage(Page):
    key = "sync"

    def __init__(self, ctx: AppContext, title: str) -> None:
        super().__init__(ctx, title)
        self.controller = SyncController.for_context(ctx)
        self.view: SyncOverview | None = None
        self.conflicts: list[OpenConflict] = []

        body = QWidget()
        self.body = QVBoxLayout(body)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.layout_.addWidget(content_scroll(body), 1)

        self.intro = Note(
            _(
                "Everything you record is kept on this laptop first. Syncing shares it with your "
                "organisation's hub, and brings back what other laptops recorded."
            )
        )
        self.body.addWidget(self.intro)
        self._build_status()
        self._build_enrol()
        self._build_rejected()
        self._build_kept_aside()
        self._build_conflicts()
        self.body.addStretch(1)

        self.controller.status_changed.connect(self._on_status)
        # Every change to data may leave something waiting to be sent, so any change reloads the counts.
        ctx.events.changed.connect(self._on_changed)
        if self.controller.last_status is not None:
            self.live.setText(describe(self.controller.last_status))

    # Building -------------------------------------------------------------------------------

    def _build_status(self) -> None:
        card = Card()
        card.setAccessibleName(_("Sync status"))
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.last = QLabel()
        self.pending = QLabel()
        # What sync is doing now: heard by a screen reader as it changes (a Note announces its text).
        self.live = Note("")
        self.live.setAccessibleName(_("What sync is doing now"))
        for label in (self.where, self.last, self.pending, self.live):
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
            )
            card.body.addWidget(label)
        row = QHBoxLayout()
        # Each button is named by its own text (set_button_text), so the two never say different things.
        self.sync_button = QPushButton()
        set_button_text(self.sync_button, _("&Sync now"))
        self.sync_button.clicked.connect(self._sync_now)
        row.addWidget(self.sync_button)
        self.auto = QCheckBox()
        set_button_text(self.auto, _("Sync a&utomatically when the hub answers"))
        self.auto.setChecked(self.controller.automatic)
        self.auto.toggled.connect(self.controller.set_automatic)
        row.addWidget(self.auto)
        row.addStretch(1)
        card.body.addLayout(row)
        self.status_card = card
        self.body.addWidget(card)

    def _build_enrol(self) -> None:
        card = Card()
        card.setAccessibleName(_("Enrol this laptop"))
        card.body.addWidget(Heading(_("Enrol this laptop"), 2))
        card.body.addWidget(Note(_("Ask your organiser for the hub's address and a single-use enrolment code.")))
        form = QFormLayout()
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://hub.example.org")
        self.url_edit.setAccessibleName(_("Hub address"))
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("ABCD-EFGH-JKLM")
        self.code_edit.setAccessibleName(_("Enrolment code"))
        self.code_edit.returnPressed.connect(self._enrol)
        url_label, code_label = QLabel(_("Hub &address:")), QLabel(_("Enrolment &code:"))
        url_label.setBuddy(self.url_edit)
        code_label.setBuddy(self.code_edit)
        form.addRow(url_label, self.url_edit)
        form.addRow(code_label, self.code_edit)
        card.body.addLayout(form)
        row = QHBoxLayout()
        self.enrol_button = QPushButton()
        set_button_text(self.enrol_button, _("&Enrol this laptop"))
        self.enrol_button.clicked.connect(self._enrol)
        row.addWidget(self.enrol_button)
        row.addStretch(1)
        card.body.addLayout(row)
        self.enrol_message = Note("")
        self.enrol_message.setAccessibleName(_("Enrolment result"))
        card.body.addWidget(self.enrol_message)
        self.enrol_card = card
        self.body.addWidget(card)

    def _build_rejected(self) -> None:
        self.rejected_heading = Heading(_("Changes the hub refused"), 2)
        self.rejected_note = Note(_("These changes are kept on this laptop; they were not sent. The reason says why."))
        self.rejected_model = RejectedModel()
        self.rejected_table = _row_table(self.rejected_model, _("Changes the hub refused"), stretch=3)
        self.retry_button = QPushButton()
        set_button_text(self.retry_button, _("Send refused changes a&gain"))
        self.retry_button.clicked.connect(self._retry)
        for w in (self.rejected_heading, self.rejected_note, self.rejected_table):
            self.body.addWidget(w)
        row = QHBoxLayout()
        row.addWidget(self.retry_button)
        row.addStretch(1)
        self.body.addLayout(row)

    def _build_kept_aside(self) -> None:
        self.kept_heading = Heading(_("Received but kept aside"), 2)
        self.kept_note = Note(
            _(
                "The hub sent these records, but they hold something this app cannot use, so they "
                "were kept aside instead of saved. Nothing else was affected and syncing goes on. "
                "If a corrected copy arrives, it replaces the one kept aside. Tell whoever looks "
                "after your hub."
            )
        )
        self.kept_model = KeptAsideModel()
        self.kept_table = _row_table(self.kept_model, _("Records received but kept aside"), stretch=2)
        for w in (self.kept_heading, self.kept_note, self.kept_table):
            self.body.addWidget(w)

    def _build_conflicts(self) -> None:
        self.conflicts_heading = Heading(_("Changed two ways"), 2)
        self.conflicts_note = Note(
            _("Two laptops changed the same thing differently. Both values are kept; choose the one to keep.")
        )
        self.conflicts_box = QVBoxLayout()
        self.body.addWidget(self.conflicts_heading)
        self.body.addWidget(self.conflicts_note)
        self.body.addLayout(self.conflicts_box)

    # Loading and showing ------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    def refresh(self) -> None:
        self._loading = True
        self.ctx.db_runner.run(read_view, self._show)

    def _show(self, result: SyncView | None, error: BaseException | None) -> None:
        self._loading = False
        if error is not None or result is None:
            log.error("the Sync page could not read the sync state: %r", error)
            self.where.setText(_("This page could not read what sync has done. Close On-Ramp and open it again."))
            return
        view, conflicts, kept = result.overview, result.conflicts, result.kept
        self.view, self.conflicts = view, [c.row for c in conflicts]
        if view.enrolled:
            self.where.setText(
                _("Syncing with {url} for {organisation}.").format(url=view.hub_url, organisation=view.organisation)
            )
        elif view.hub_url:
            self.where.setText(
                _(
                    "This laptop is not enrolled any more ({url}). Enrol it again below; nothing recorded here is lost."
                ).format(url=view.hub_url)
            )
        else:
            self.where.setText(_("This laptop is not connected to a hub yet. Everything stays on this laptop."))
        self.last.setText(
            _("Last sync: {when}.").format(when=_when(view.last_sync_at))
            if view.last_sync_at
            else _("Last sync: never.")
        )
        # Before enrolment nothing can be sent: a count of changes "waiting" would read as stuck.
        self.pending.setText(
            ngettext("{n} change waiting to be sent.", "{n} changes waiting to be sent.", view.pending).format(
                n=view.pending
            )
            if view.enrolled
            else _("Everything recorded is kept on this laptop, and will be shared once it is connected to a hub.")
        )
        synced = self.controller.last_status is not None and self.controller.last_status.state == "synced"
        if view.last_error and (not self.live.text() or (synced and view.last_error not in self.live.text())):
            # After a sync that went through, what it warns of (a clock far ahead) stays in view.
            self.live.setText(" ".join(filter(None, (self.live.text(), view.last_error))))
        self.live.setVisible(bool(self.live.text()))
        self.sync_button.setEnabled(view.enrolled)
        self.auto.setEnabled(view.enrolled)
        self.enrol_card.setVisible(not view.enrolled)
        if not self.url_edit.text() and view.hub_url:
            self.url_edit.setText(view.hub_url)
        has_rejected = bool(view.rejected)
        self.rejected_model.set_rows(result.rejected)
        for w in (self.rejected_heading, self.rejected_note, self.rejected_table, self.retry_button):
            w.setVisible(has_rejected)
        self.kept_model.set_rows(kept)
        for w in (self.kept_heading, self.kept_note, self.kept_table):
            w.setVisible(bool(kept))
        self._show_conflicts(conflicts)

    def _show_conflicts(self, conflicts: list[Described[OpenConflict]]) -> None:
        while (item := self.conflicts_box.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        for w in (self.conflicts_heading, self.conflicts_note):
            w.setVisible(bool(conflicts))
        for described in conflicts:
            c = described.row
            what = _("{record}: {its_field}").format(record=described.record, its_field=its_field(c.field))
            card = Card()
            card.setAccessibleName(what)
            card.body.addWidget(QLabel(what))
            row = QHBoxLayout()
            for use_other, shown in zip((False, True), described.values, strict=True):
                button = QPushButton(_("Keep “{value}”").format(value=shown))
                # Heard by the words it shows, then which record it is for.
                button.setAccessibleName(_("Keep “{value}” for {what}").format(value=shown, what=what))
                button.setAccessibleDescription(_("Keep the value {value} for {what}").format(value=shown, what=what))
                button.clicked.connect(lambda _=False, cid=c.id, other=use_other: self._resolve(cid, other))
                row.addWidget(button)
            row.addStretch(1)
            card.body.addLayout(row)
            self.conflicts_box.addWidget(card)

    # Actions ---------------------------------------------------------------------------------------

    def _on_changed(self, changes: OpChanges) -> None:
        if changes:
            self.refresh_when_seen()

    def _on_status(self, status: SyncStatus) -> None:
        self.live.setText(describe(status), quiet=not self.controller.last_was_news)
        self.live.setVisible(bool(self.live.text()))
        if status.state not in ("syncing",):
            self.refresh()

    def _sync_now(self) -> None:
        self.live.setText(_("Syncing with the hub…"))
        self.controller.sync_now()

    def _enrol(self) -> None:
        from desktop.sync.client import normalise_hub_url

        url, code = self.url_edit.text(), self.code_edit.text().strip()
        try:
            url = normalise_hub_url(url)
        except ValueError as exc:
            self.enrol_message.setText(str(exc))
            self.url_edit.setFocus()
            return
        if not code:
            self.enrol_message.setText(_("Type the enrolment code your organiser gave you."))
            self.code_edit.setFocus()
            return
        self.enrol_button.setEnabled(False)
        self.enrol_message.setText(_("Enrolling…"))
        # Who this laptop is (database thread), the hub's answer (task thread: the network), then the
        # answer stored by an operation, so every page hears of it.
        self.ctx.db_runner.run(
            engine.enrolling_device,
            lambda device, error: self._ask_hub(url, code, device) if error is None else self._enrol_failed(error),
        )

    def _ask_hub(self, url: str, code: str, device: tuple[str, str]) -> None:
        device_id, device_name = device
        self.ctx.tasks.run(
            lambda: engine.ask_to_enrol(url, device_id, device_name, code),
            lambda answer, error: self._store_enrolment(url, answer) if error is None else self._enrol_failed(error),
        )

    def _store_enrolment(self, url: str, answer: Any) -> None:
        marker_path = identity.marker_path(self.ctx.db)
        self.ctx.ops.run(
            lambda s: ops.record_enrolment(s, url, answer, "", marker_path), self._enrolled, self._enrol_failed
        )

    def _enrolled(self, organisation: str) -> None:
        self.enrol_button.setEnabled(True)
        self.code_edit.clear()
        self.enrol_message.setText(_("Enrolled with {organisation}.").format(organisation=organisation))
        self.refresh()
        self.controller.sync_now()

    def _enrol_failed(self, error: BaseException) -> None:
        self.enrol_button.setEnabled(True)
        # A mistyped address says so in its own words; anything else is described, its detail logged.
        plain = str(error) if type(error) is ValueError else describe_failure(error, self.url_edit.text())
        if type(error) is not ValueError:
            log.warning("enrolment failed: %r", error)
        self.enrol_message.setText(_("This laptop was not enrolled. {reason}").format(reason=plain))

    def _retry(self) -> None:
        self.ctx.ops.run(ops.retry_refused, lambda _n: self.controller.sync_now(), self._failed)

    def _resolve(self, conflict_id: str, use_other: bool) -> None:
        self.ctx.ops.run(lambda s: ops.resolve_conflict(s, conflict_id, use_other), None, self._failed)

    def _failed(self, error: BaseException) -> None:
        log.error("a sync page action failed: %r", error)
        self.live.say(_("This could not be done. {reason}").format(reason=describe_failure(error)))


def _row_table(model: QAbstractItemModel, name: str, *, stretch: int) -> QTableView:
    """A read-only table of rows: the ``stretch`` column takes the room left, the others fit their
    text (a date stays whole in large text), and long text wraps onto rows as tall as it needs."""
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(True)
    table.setMinimumHeight(140)
    model.modelReset.connect(table.resizeRowsToContents)
    return table
