"""The kiosk window: full screen, large type, a language switch and a larger-text switch on every screen,
the host's PIN to leave.

Nothing here shows another person's details: lookups return at most five
first names with a last initial, and every screen is cleared when it is left.
A sign-in is committed (WAL, synchronous=FULL) before the welcome appears.

A new person signs in with a first name alone, and is then offered the rest ("all optional");
a first name the kiosk already knows asks "Is one of these you?" first, and a returning tap asks
"is that you?" once before the sign-in is recorded.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import LANGUAGES, N_, _, current_language, set_language
from desktop.models import new_id
from desktop.ops import signin as signin_ops
from desktop.settings import KIOSK_PIN_HASH
from desktop.signin.attendance import SignInResult
from desktop.signin.exit_cards import ExitCardDraft
from desktop.signin.lookup import LookupResult, Match, find_returning, same_first_name
from desktop.signin.people import ParticipantDraft
from desktop.signin.pin import verify_pin
from desktop.signin.validation import InvalidInput
from desktop.ui.context import AppContext
from desktop.ui.signin.kiosk.common import Screen, button, set_text
from desktop.ui.signin.kiosk.confirm import ConfirmScreen
from desktop.ui.signin.kiosk.details import DetailsScreen
from desktop.ui.signin.kiosk.exit_card import ExitCardScreen
from desktop.ui.signin.kiosk.find import FindScreen
from desktop.ui.signin.kiosk.message import MessageScreen
from desktop.ui.signin.kiosk.new_person import NewScreen
from desktop.ui.signin.kiosk.pin import PinScreen
from desktop.ui.signin.kiosk.start import StartScreen
from desktop.ui.signin.kiosk.style import kiosk_stylesheet
from desktop.ui.widgets import ElidedLabel, content_scroll

MESSAGE_SECONDS = 6
IDLE_SECONDS = 120
LARGER_TEXT = 1.3  # the kiosk's "A A": on top of whatever text size the host's app uses


class KioskWindow(QWidget):
    sign_in_recorded = Signal(str)  # the sign-in id, once committed
    exit_card_recorded = Signal(str)
    left = Signal()  # the host typed the PIN and the kiosk closed

    def __init__(self, ctx: AppContext, session_id: str, session_title: str = "", *, preview: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self.session_id = session_id
        self.session_title = session_title
        self.preview = preview  # screenshots: closable without a PIN, never full screen
        self._unlocked = False
        self._busy = False
        self._lookup_generation = 0
        self._language_before = current_language()
        self._new_person_id: str | None = None  # picked once per new person: a second "I'm new" makes no second record
        self._new_first_name = ""
        self._details_for: tuple[str, str] | None = None  # (participant id, first name) just signed in as new
        self._confirm_back: Screen | None = None
        self.setObjectName("kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(kiosk_stylesheet())

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.setContentsMargins(24, 12, 24, 0)
        self.session_label = ElidedLabel(session_title)  # a long title gives way to the buttons beside it
        self.session_label.setProperty("role", "hint")
        bar.addWidget(self.session_label, 1)
        self.language_group = QButtonGroup(self)
        self.language_buttons = {}
        for code, name in LANGUAGES.items():
            b = button(secondary=True, checkable=True)
            b.setText(name)  # always in its own language
            b.setAccessibleName(name)
            b.setChecked(code == current_language())
            # Toggled, not clicked: a screen reader's "toggle" action checks the button without a click.
            b.toggled.connect(lambda on, c=code: self._language_toggled(c, on))
            self.language_group.addButton(b)
            self.language_buttons[code] = b
            bar.addWidget(b)
        # Participants' own large text: no PIN, on every screen. It stays on for the next person (text
        # that is too big is still readable; text that is too small turns someone away) until the kiosk closes.
        self.larger_text_button = button(secondary=True, checkable=True)
        self.larger_text_button.setText("A A")
        self.larger_text_button.toggled.connect(self.set_larger_text)
        bar.addWidget(self.larger_text_button)
        self.host_button = button(secondary=True)
        bar.addWidget(self.host_button)
        outer.addLayout(bar)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.start = StartScreen()
        self.find_screen = FindScreen()
        self.new = NewScreen()
        self.details = DetailsScreen()
        self.confirm = ConfirmScreen()
        self.message = MessageScreen()
        self.exit_card = ExitCardScreen()
        self.pin = PinScreen()
        self.screens: list[Screen] = [
            self.start,
            self.find_screen,
            self.new,
            self.details,
            self.confirm,
            self.message,
            self.exit_card,
            self.pin,
        ]
        # These keep their buttons in view themselves (a scroll area of their own, if any, inside):
        # a second, outer one could scroll the primary button out of sight.
        self._fitted: tuple[Screen, ...] = (self.new, self.details, self.confirm, self.find_screen)
        self._frames: dict[int, QWidget] = {}
        for screen in self.screens:
            if screen in self._fitted:
                self._frames[id(screen)] = screen
                self.stack.addWidget(screen)
                continue
            # Other screens scroll if they must, so large type still fits a small laptop screen.
            frame = content_scroll(screen)
            self._frames[id(screen)] = frame
            self.stack.addWidget(frame)

        self.start.returning.connect(lambda: self.go(self.find_screen))
        self.start.new.connect(lambda: self.go(self.new))
        self.start.feedback.connect(lambda: self.go(self.exit_card))
        self.find_screen.query_changed.connect(self._lookup)
        self.find_screen.chosen.connect(self._ask_is_that_you)
        self.find_screen.back.connect(self.go_start)
        self.find_screen.new.connect(lambda: self.go(self.new))
        self.new.submitted.connect(self._check_first_name)
        self.new.back.connect(self.go_start)
        self.confirm.chosen.connect(self._sign_in_returning)
        self.confirm.new_person.connect(self._register)
        self.confirm.back.connect(self._confirm_declined)
        self.details.saved.connect(self._save_details)
        self.details.skipped.connect(self._details_skipped)
        self.message.done.connect(self.go_start)
        self.exit_card.submitted.connect(self._send_exit_card)
        self.exit_card.back.connect(self.go_start)
        self.pin.entered.connect(self._check_pin)
        self.pin.cancel.connect(self.go_start)
        self.host_button.clicked.connect(lambda: self.go(self.pin))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._escape)

        self.message_timer = QTimer(self, singleShot=True, interval=MESSAGE_SECONDS * 1000)
        self.message_timer.timeout.connect(self.go_start)
        self.idle_timer = QTimer(self, singleShot=True, interval=IDLE_SECONDS * 1000)
        self.idle_timer.timeout.connect(self.go_start)
        self._activity = _ActivityFilter(self.idle_timer)
        self.installEventFilter(self._activity)
        for child in self.findChildren(QWidget):
            child.installEventFilter(self._activity)

        self.retranslate()
        self._fit_screens()
        self.go_start()

    def _fit_screens(self) -> None:
        """Scroll, rather than squeeze, a screen taller than the display (large type on a small laptop)."""
        self.ensurePolished()
        for screen in getattr(self, "screens", ()):
            if screen in self._fitted:
                continue  # never taller than the window: their middle part gives way instead
            for child in screen.findChildren(QWidget):
                child.ensurePolished()
            screen.layout_.invalidate()
            screen.setMinimumHeight(screen.layout_.totalMinimumSize().height())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fit_screens()

    # Showing --------------------------------------------------------------------------

    def start_full_screen(self) -> None:
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            # Full screen is asked of the window manager; without one (a bare X session) the
            # window would stay at its smallest size, so it is also given the screen outright.
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.activateWindow()

    def go(self, screen: Screen, *, forget: bool = True) -> None:
        """Show ``screen``; the one left forgets what was typed unless ``forget`` is False (a question
        asked on the way, whose answer may lead back)."""
        current = self.current_screen()
        if current is not None and current is not screen and forget:
            current.reset()  # the next person never sees what the last one typed
        self.message_timer.stop()
        self.stack.setCurrentWidget(self._frames[id(screen)])
        if screen is self.start:
            self.idle_timer.stop()
        else:
            self.idle_timer.start()
        focus = screen.first_focus()
        if focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def go_start(self) -> None:
        self._busy = False
        self._new_person_id = None
        self._details_for = None
        for screen in (self.find_screen, self.new, self.confirm):
            if screen is not self.current_screen():
                screen.reset()  # left on the way to a question: forget it now
        self.go(self.start)

    def current_screen(self) -> Screen | None:
        frame = self.stack.currentWidget()
        if isinstance(frame, QScrollArea):
            return frame.widget()  # type: ignore[return-value]
        return frame if isinstance(frame, Screen) else None

    def set_larger_text(self, on: bool) -> None:
        """The participants' "A A": larger text on the kiosk only, without the host's PIN."""
        if self.larger_text_button.isChecked() != on:
            self.larger_text_button.setChecked(on)  # comes back here through toggled
            return
        self.setStyleSheet(kiosk_stylesheet(LARGER_TEXT if on else 1.0))
        self._fit_screens()
        self.larger_text_button.setAccessibleDescription(
            _("Larger text is on. Press to make the text smaller.")
            if on
            else _("Press to make the text larger. No PIN is needed.")
        )

    def _escape(self) -> None:
        if self.current_screen() is self.start:
            self.go(self.pin)
        else:
            self.go_start()

    # Language -----------------------------------------------------------------------------

    def _language_toggled(self, code: str, on: bool) -> None:
        if on and code != current_language():
            self.switch_language(code)

    def switch_language(self, code: str) -> None:
        set_language(code)
        self.language_buttons.get(code, self.language_buttons["en"]).setChecked(True)
        self.retranslate()

    def retranslate(self) -> None:
        title = _("Sign-in kiosk")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        set_text(self.host_button, _("Host"), _("For the host: leave the kiosk with the PIN"))
        self.larger_text_button.setAccessibleName(_("Larger text"))
        self.larger_text_button.setToolTip(_("Larger text"))
        self.set_larger_text(self.larger_text_button.isChecked())  # its description, in this language
        self.session_label.setAccessibleName(self.session_label.text())
        for screen in self.screens:
            screen.retranslate()
        self._fit_screens()  # another language, other lengths

    # Work ----------------------------------------------------------------------------------

    def _lookup(self, query: str) -> None:
        self._lookup_generation += 1
        generation = self._lookup_generation

        def done(result: LookupResult | None, error: BaseException | None) -> None:
            if generation != self._lookup_generation:
                return  # a later keystroke has already asked
            self.find_screen.show_results(None if error else result)

        self.ctx.db_runner.run(lambda s: find_returning(s, query), done)

    def _ask_is_that_you(self, participant_id: str, label: str) -> None:
        """A returning tap asks once before the sign-in is recorded: "Welcome back, Ana S. — is that you?"."""
        self._confirm_back = self.find_screen
        self.confirm.ask_one(Match(participant_id, label))
        self.go(self.confirm, forget=False)  # "No" goes back to the names found

    def _check_first_name(self, first_name: str) -> None:
        """Before a new record: is this first name someone signed in here already, or known?"""
        if self._busy:
            return
        self._new_first_name = first_name
        session_id = self.session_id

        def done(matches: list[Match] | None, error: BaseException | None) -> None:
            if self.current_screen() is not self.new:
                return  # the person has gone on (or the kiosk went idle) meanwhile
            if matches:
                self._confirm_back = self.new
                self.confirm.ask_which(matches)
                self.go(self.confirm, forget=False)  # "Back" keeps the name typed
            else:
                self._register()

        self.ctx.db_runner.run(lambda s: same_first_name(s, session_id, first_name), done)

    def _confirm_declined(self) -> None:
        back = self._confirm_back or self.start
        self._confirm_back = None
        if back is self.start:
            self.go_start()
        else:
            self.go(back)

    def _sign_in_returning(self, participant_id: str) -> None:
        if self._busy:
            return
        self._busy = True
        session_id = self.session_id
        self.ctx.ops.run(
            lambda s: signin_ops.sign_in(s, session_id, participant_id), self._signed_in, self._not_signed_in
        )

    def _register(self) -> None:
        """Sign in a new person with their first name; the same id each time for this person, so a
        second "I'm new" (a double tap, or one that raced the first) signs in the record already made."""
        if self._busy:
            return
        self._busy = True
        if self._new_person_id is None:
            self._new_person_id = new_id()
        session_id, person_id = self.session_id, self._new_person_id
        draft = ParticipantDraft(first_name=self._new_first_name)
        self.ctx.ops.run(
            lambda s: signin_ops.register_and_sign_in(s, session_id, draft, None, person_id),
            self._signed_in_new,
            self._not_signed_in,
        )

    def _signed_in_new(self, result: SignInResult) -> None:
        """Signed in: now, and only if they like, the rest of their details."""
        self._busy = False
        self._details_for = (result.participant_id, result.first_name)
        self.new.reset()
        self.details.begin(result.first_name)
        self.go(self.details)
        self.sign_in_recorded.emit(result.sign_in_id)

    def _save_details(self, draft: ParticipantDraft, consent_text: str) -> None:
        if self._busy or self._details_for is None:
            return
        self._busy = True
        session_id, (person_id, first_name) = self.session_id, self._details_for

        def done(_person_id: str) -> None:
            self._busy = False
            self._finish_new(N_("Thank you, {name}!"), first_name)

        def refused(error: BaseException) -> None:
            self._busy = False
            if isinstance(error, InvalidInput) and set(error.problems) <= set(self.details.fields):
                self.details.show_problems(error.problems)
            else:
                self._not_signed_in(error)

        self.ctx.ops.run(lambda s: signin_ops.add_details(s, session_id, person_id, draft, consent_text), done, refused)

    def _details_skipped(self) -> None:
        first_name = self._details_for[1] if self._details_for else ""
        self._finish_new(N_("Welcome, {name}!"), first_name)

    def _finish_new(self, message: str, first_name: str) -> None:
        self._details_for = None
        self._new_person_id = None
        self.message.show_message(message, N_("You're signed in. A host will come and say hello."), name=first_name)
        self.go(self.message)
        self.message_timer.start()

    def _not_signed_in(self, error: BaseException) -> None:
        self._busy = False
        if (
            isinstance(error, InvalidInput)
            and self.current_screen() in (self.new, self.confirm)
            and set(error.problems) <= {"first_name"}
        ):
            self.go(self.new, forget=False)
            self.new.show_problems(error.problems)
            return
        self.message.show_message(
            N_("Sorry, that didn't work."), N_("Please ask a host to sign you in. ({error})"), error=str(error)
        )
        self.go(self.message)

    def _signed_in(self, result: SignInResult) -> None:
        self._busy = False
        if result.already:
            self.message.show_message(
                N_("You're already signed in, {name}."), N_("Enjoy the session!"), name=result.first_name
            )
        elif result.first_visit:
            self.message.show_message(
                N_("Welcome, {name}!"), N_("You're signed in. A host will come and say hello."), name=result.first_name
            )
        else:
            self.message.show_message(
                N_("Welcome back, {name}!"), N_("You're signed in. Good to see you again."), name=result.first_name
            )
        self.go(self.message)
        self.message_timer.start()
        self.sign_in_recorded.emit(result.sign_in_id)

    def _send_exit_card(self, draft: ExitCardDraft) -> None:
        if self._busy:
            return
        self._busy = True
        session_id = self.session_id

        def done(card_id: str) -> None:
            self._busy = False
            self.message.show_message(N_("Thank you!"), N_("Your card helps us make the next session better."))
            self.go(self.message)
            self.message_timer.start()
            self.exit_card_recorded.emit(card_id)

        def refused(error: BaseException) -> None:
            self._busy = False
            self.exit_card.show_problems(error.problems if isinstance(error, InvalidInput) else {"error": str(error)})

        self.ctx.ops.run(lambda s: signin_ops.record_exit_card(s, session_id, draft), done, refused)

    def _check_pin(self, pin: str) -> None:
        stored = self.ctx.settings.get(KIOSK_PIN_HASH)

        def done(ok: object, error: BaseException | None) -> None:
            if ok is True:
                self.leave()
            else:
                self.pin.pin.clear()
                self.pin.show_error(_("That PIN is not right."))
                self.pin.pin.setFocus()

        self.ctx.tasks.run(lambda: bool(stored) and verify_pin(pin, stored), done)

    # Leaving --------------------------------------------------------------------------------

    def leave(self) -> None:
        self._unlocked = True
        self.idle_timer.stop()
        self.message_timer.stop()
        set_language(self._language_before)
        self.close()
        self.left.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._unlocked or self.preview:
            self.idle_timer.stop()
            self.message_timer.stop()
            super().closeEvent(event)
        else:
            event.ignore()  # only the host's PIN closes the kiosk
            self.go(self.pin)


class _ActivityFilter(QObject):
    """Any key or touch restarts the idle timer; an idle screen goes back to the start."""

    def __init__(self, timer: QTimer) -> None:
        super().__init__()
        self.timer = timer

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
        pressed = event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
        if pressed and self.timer.isActive():
            self.timer.start()
        return False
