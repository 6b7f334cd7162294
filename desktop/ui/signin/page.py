"""Sign-in: choose a session, set the host PIN, and hand the laptop over to the kiosk."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QWidget

from desktop.i18n import _
from desktop.ops import Kind, OpChanges
from desktop.ops import sessions as session_ops
from desktop.sessions.planning import (
    KioskConcern,
    SessionRow,
    kiosk_start_concern,
    session_row,
    sessions_open_for_sign_in,
)
from desktop.sessions.wording import STATUS_LABELS
from desktop.settings import KIOSK_PIN_HASH
from desktop.signin.pin import check_new_pin, hash_pin
from desktop.signin.validation import InvalidInput
from desktop.ui.context import AppContext
from desktop.ui.page import Page
from desktop.ui.sessions.dates import day_and_time
from desktop.ui.signin.kiosk.window import KioskWindow
from desktop.ui.widgets import Heading, Note


class SignInPage(Page):
    key = "signin"

    def __init__(self, ctx: AppContext, title: str) -> None:
        super().__init__(ctx, title)
        self._wanted: str | None = None
        self.kiosk: KioskWindow | None = None
        self.layout_.addWidget(
            Note(
                _(
                    "The kiosk lets people sign themselves in, in English or Spanish. It fills the screen, shows nobody "
                    "else's details, and only the host's PIN leaves it."
                )
            )
        )
        grid = QGridLayout()
        self.session = QComboBox()
        self.session.setAccessibleName(_("Session for the kiosk"))
        session_label = QLabel(_("&Session:"))
        session_label.setBuddy(self.session)
        grid.addWidget(session_label, 0, 0)
        grid.addWidget(self.session, 0, 1)
        grid.setColumnStretch(2, 1)
        self.session.setMinimumWidth(420)
        self.layout_.addLayout(grid)
        self.no_sessions = Note(_("No open or planned sessions. Plan one on the Sessions page first."))
        self.no_sessions.hide()
        self.layout_.addWidget(self.no_sessions)

        self.layout_.addWidget(Heading(_("Host PIN"), 2))
        self.pin_state = Note("")
        self.layout_.addWidget(self.pin_state)
        pin_box = QWidget()
        pin_grid = QGridLayout(pin_box)
        pin_grid.setContentsMargins(0, 0, 0, 0)
        self.pin = QLineEdit()
        self.pin_again = QLineEdit()
        for row, (text, edit) in enumerate(
            ((_("New &PIN (4 to 8 digits):"), self.pin), (_("PIN &again:"), self.pin_again))
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(8)
            label = QLabel(text)
            label.setBuddy(edit)
            edit.setAccessibleName(text.replace("&", "").rstrip(":"))
            pin_grid.addWidget(label, row, 0)
            pin_grid.addWidget(edit, row, 1)
        pin_grid.setColumnStretch(2, 1)
        self.save_pin_button = QPushButton(_("Sav&e PIN"))
        self.save_pin_button.setAccessibleName(_("Save PIN"))
        pin_grid.addWidget(self.save_pin_button, 2, 1)
        self.layout_.addWidget(pin_box)
        self.problem = Note("")
        self.problem.setStyleSheet("color: #a00018; font-weight: bold;")
        self.problem.hide()
        self.layout_.addWidget(self.problem)

        self.start_button = QPushButton(_("Start the &kiosk"))
        self.start_button.setAccessibleName(_("Start the kiosk"))
        self.start_button.setDefault(True)
        self.layout_.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.layout_.addStretch(1)

        self.save_pin_button.clicked.connect(self.save_pin)
        self.pin_again.returnPressed.connect(self.save_pin)
        self.start_button.clicked.connect(self.start_kiosk)
        ctx.events.changed.connect(self._changed)
        self._show_pin_state()

    @property
    def loading(self) -> bool:
        return self._loading

    def refresh(self) -> None:
        self._loading = True
        # The session the host asked for stays in the list even if it is closed: starting asks first.
        wanted = self._wanted or self.session.currentData()
        self.ctx.db_runner.run(lambda s: sessions_open_for_sign_in(s, also=wanted), self._show_sessions)

    def _changed(self, changes: OpChanges) -> None:
        if changes.touches(Kind.SESSIONS, Kind.VENUES):
            self.refresh()

    def _show_sessions(self, rows: list[SessionRow] | None, error: BaseException | None) -> None:
        self._loading = False
        wanted = self._wanted or self.session.currentData()
        self.session.clear()
        for r in rows or []:
            self.session.addItem(
                f"{day_and_time(r.starts_at)} — {r.title} ({r.venue}) · {_(STATUS_LABELS[r.status])}", r.id
            )
        if wanted:
            self.session.setCurrentIndex(max(0, self.session.findData(wanted)))
        self.no_sessions.setVisible(not rows)
        self._update_start()

    def choose_session(self, session_id: str) -> None:
        """Preselect a session (the Sessions page's "Start the kiosk" comes here)."""
        self._wanted = session_id
        self.refresh()

    def _has_pin(self) -> bool:
        return bool(self.ctx.settings.get(KIOSK_PIN_HASH))

    def _show_pin_state(self) -> None:
        self.pin_state.setText(
            _("A host PIN is set. Type a new one below to change it.")
            if self._has_pin()
            else _("Set a host PIN before starting the kiosk: it is needed to leave it.")
        )
        self._update_start()

    def _update_start(self) -> None:
        self.start_button.setEnabled(self._has_pin() and self.session.count() > 0)

    def _show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setAccessibleName(message)
        self.problem.setVisible(bool(message))

    def save_pin(self) -> None:
        try:
            pin = check_new_pin(self.pin.text(), self.pin_again.text())
        except InvalidInput as exc:
            self._show_problem(str(exc))
            self.pin.setFocus()
            return
        self.pin.clear()
        self.pin_again.clear()
        self._show_problem("")

        def saved(stored: object, error: BaseException | None) -> None:
            if error is not None:
                self._show_problem(str(error))
                return
            self.ctx.settings.set(KIOSK_PIN_HASH, str(stored))
            self._show_pin_state()

        self.ctx.tasks.run(lambda: hash_pin(pin), saved)  # scrypt is deliberately slow

    def start_kiosk(self) -> None:
        """Start the kiosk for the chosen session, asking first if it is closed or not today."""
        sid = self.session.currentData()
        if not sid or not self._has_pin():
            return

        def checked(row: SessionRow | None, error: BaseException | None) -> None:
            if error is not None or row is None:
                self._show_problem(str(error))
                return
            question = self._kiosk_question(row, kiosk_start_concern(row, datetime.now()))
            if question:
                answer = QMessageBox.question(
                    self,
                    _("Start the kiosk"),
                    question,
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No,
                )
                if answer != QMessageBox.StandardButton.Yes:
                    return
            self._open_kiosk(row.id, row.title)

        # Judged on the session as it is now, not as the list last showed it (another laptop may have closed it).
        self.ctx.db_runner.run(lambda s: session_row(s, sid), checked)

    def _kiosk_question(self, row: SessionRow, concern: KioskConcern) -> str:
        when = day_and_time(row.starts_at, with_year=True)
        if concern == "closed":
            return _("“{title}” is closed. Open it again and start the kiosk for it?").format(title=row.title)
        if concern == "past":
            return _("“{title}” was on {when}, not today. Start the kiosk for it anyway?").format(
                title=row.title, when=when
            )
        if concern == "future":
            return _("“{title}” is on {when}, not today. Start the kiosk for it anyway?").format(
                title=row.title, when=when
            )
        return ""

    def _open_kiosk(self, sid: str, title: str) -> None:
        def opened(_result: None) -> None:
            self.kiosk = KioskWindow(self.ctx, sid, title)
            self.kiosk.left.connect(self._kiosk_left)
            host = self.window()
            if host is not None and host is not self:
                host.hide()  # the kiosk never shows the host's pages
            self.kiosk.start_full_screen()

        self.ctx.ops.run(
            lambda s: session_ops.open_session(s, sid), opened, lambda error: self._show_problem(str(error))
        )

    def _kiosk_left(self) -> None:
        host = self.window()
        if host is not None and host is not self:
            host.show()
            host.activateWindow()
        self.kiosk = None
