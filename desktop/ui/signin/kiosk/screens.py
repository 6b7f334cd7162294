"""The kiosk's screens. Each builds its widgets once and sets every text in ``retranslate``,
so the language can change on any screen without losing what was typed."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.models import BARRIERS, HEARD_FROM
from desktop.signin.exit_cards import ExitCardDraft
from desktop.signin.lookup import MAX_MATCHES, LookupResult
from desktop.signin.people import CONSENT_WORDING, ParticipantDraft
from desktop.vocabulary import WILL_RETURN

HEARD_LABELS = {
    "place_of_worship": N_("My church or place of worship"),
    "salon": N_("A salon"),
    "barbershop": N_("A barbershop"),
    "friend": N_("A friend or family member"),
    "flyer": N_("A flyer or poster"),
    "union": N_("My union"),
    "online": N_("Online"),
    "other": N_("Somewhere else"),
}
BARRIER_LABELS = {
    "time": N_("Time"),
    "travel": N_("Getting here"),
    "childcare": N_("Childcare"),
    "language": N_("Language"),
    "access": N_("Access"),
    "cost": N_("Cost"),
    "other": N_("Something else"),
}
# Languages are offered in their own names, so everyone can find theirs.
LANGUAGE_NAMES = (
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("pt", "Português"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("ko", "한국어"),
    ("ja", "日本語"),
)


def label(role: str = "", wrap: bool = True) -> QLabel:
    widget = QLabel()
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    return widget


def button(secondary: bool = False, checkable: bool = False) -> QPushButton:
    widget = QPushButton()
    widget.setProperty("secondary", "true" if secondary else "false")
    widget.setCheckable(checkable)
    widget.setAutoDefault(True)  # Enter presses the focused button
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


def set_text(widget: QWidget, text: str, description: str = "") -> None:
    """Set a control's text and its accessible name together."""
    widget.setText(text)  # type: ignore[attr-defined]
    widget.setAccessibleName(text.replace("&", ""))
    if description:
        widget.setAccessibleDescription(description)


class Screen(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(48, 24, 48, 24)
        self.layout_.setSpacing(18)

    def retranslate(self) -> None:  # pragma: no cover - every screen overrides
        raise NotImplementedError

    def first_focus(self) -> QWidget | None:
        return None

    def reset(self) -> None:
        """Forget what the last person typed."""


class StartScreen(Screen):
    returning = Signal()
    new = Signal()
    feedback = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("title")
        self.subtitle = label()
        self.returning_button = button()
        self.new_button = button()
        self.feedback_button = button(secondary=True)
        self.layout_.addStretch(1)
        for w in (self.title, self.subtitle):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.layout_.addWidget(w)
        row = QHBoxLayout()
        row.addWidget(self.returning_button)
        row.addWidget(self.new_button)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.feedback_button, 0, Qt.AlignmentFlag.AlignCenter)
        self.layout_.addStretch(2)
        self.returning_button.clicked.connect(self.returning)
        self.new_button.clicked.connect(self.new)
        self.feedback_button.clicked.connect(self.feedback)

    def retranslate(self) -> None:
        self.title.setText(_("Welcome! Please sign in."))
        self.subtitle.setText(_("It takes less than a minute. Only your first name is needed."))
        set_text(self.returning_button, _("I've been here before"))
        set_text(self.new_button, _("I'm new here"))
        set_text(self.feedback_button, _("Tell us how it went (exit card)"))

    def first_focus(self) -> QWidget:
        return self.returning_button


class FindScreen(Screen):
    """Returning people type part of their name or the last 4 digits of their phone."""

    query_changed = Signal(str)
    chosen = Signal(str, str)  # participant id, the label shown
    back = Signal()
    new = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("title")
        self.search_label = label()
        self.search = QLineEdit()
        self.search.setMaxLength(60)
        self.search.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search)
        self.status = label("hint")
        self.status.setAccessibleName("")
        self.results: list[QPushButton] = []
        self._ids: list[str] = []
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.search_label)
        self.layout_.addWidget(self.search)
        self.layout_.addWidget(self.status)
        for i in range(MAX_MATCHES):
            b = button(secondary=True)
            b.hide()
            b.clicked.connect(lambda _=False, n=i: self._choose(n))
            self.results.append(b)
            self.layout_.addWidget(b)
        self.layout_.addStretch(1)
        row = QHBoxLayout()
        self.back_button = button(secondary=True)
        self.new_button = button(secondary=True)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.new_button)
        self.layout_.addLayout(row)
        self.search.textChanged.connect(self.query_changed)
        self.search.returnPressed.connect(self._enter)
        self.back_button.clicked.connect(self.back)
        self.new_button.clicked.connect(self.new)
        self._last: LookupResult | None = None

    def retranslate(self) -> None:
        self.title.setText(_("Find your name"))
        self.search_label.setText(_("Type the first letters of your name, or the last 4 digits of your phone:"))
        self.search.setAccessibleName(_("Your name or the last 4 digits of your phone"))
        self.search.setPlaceholderText(_("For example: Ana, or 4567"))
        set_text(self.back_button, _("Back"))
        set_text(self.new_button, _("I'm new here"))
        self.show_results(self._last)

    def first_focus(self) -> QWidget:
        return self.search

    def reset(self) -> None:
        self.search.clear()
        self.show_results(None)

    def show_results(self, result: LookupResult | None) -> None:
        self._last = result
        matches = result.matches if result else []
        self._ids = [m.participant_id for m in matches]
        for i, b in enumerate(self.results):
            if i < len(matches):
                set_text(b, matches[i].label, _("Sign in as {name}").format(name=matches[i].label))
                b.show()
            else:
                b.hide()
        if result is None or result.too_short:
            text = _("Type at least 2 letters or 4 digits.")
        elif not matches:
            text = _("We couldn't find that name. Check the spelling, or choose “I'm new here”.")
        elif result.more:
            text = _("Tap your name. Not there? Keep typing to narrow it down.")
        else:
            text = _("Tap your name.")
        self.status.setText(text)
        self.status.setAccessibleName(text)

    def _choose(self, index: int) -> None:
        if index < len(self._ids):
            self.chosen.emit(self._ids[index], self.results[index].text())

    def _enter(self) -> None:
        if len(self._ids) == 1:  # one match: Enter signs in
            self._choose(0)
        elif self._ids:
            self.results[0].setFocus()


class NewScreen(Screen):
    """A new person: only the first name is required."""

    submitted = Signal(object, str)  # ParticipantDraft, the consent wording shown
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("title")
        self.intro = label("hint")
        self.errors = label("error")
        self.errors.hide()
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.intro)
        self.layout_.addWidget(self.errors)

        form_host = QWidget()
        form_host.setObjectName("kioskForm")
        form = QGridLayout(form_host)
        form.setHorizontalSpacing(18)
        form.setVerticalSpacing(10)
        self.form_scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_host)
        self.layout_.addWidget(scroll, 1)

        self.labels: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}

        def add(name: str, widget: QWidget, row: int) -> None:
            lab = label(wrap=True)
            lab.setBuddy(widget)
            self.labels[name] = lab
            self.fields[name] = widget
            form.addWidget(lab, row, 0, Qt.AlignmentFlag.AlignTop)
            form.addWidget(widget, row, 1)

        def line(max_len: int = 100) -> QLineEdit:
            w = QLineEdit()
            w.setMaxLength(max_len * 2)  # room to paste; the domain gives the clear message
            return w

        self.first_name, self.last_name, self.pronouns = line(), line(), line(40)
        self.phone, self.email = line(30), line(254)
        self.phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.email.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        self.consent = QCheckBox()
        self.consent_text = label("hint")
        self.language = QComboBox()
        self.language.addItem("", "")
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name, code)
        self.language.addItem("", "other")
        self.experience_box = QWidget()
        exp_row = QHBoxLayout(self.experience_box)
        exp_row.setContentsMargins(0, 0, 0, 0)
        self.experience = QButtonGroup(self)
        self.experience_buttons: dict[str, QPushButton] = {}
        for key in ("never", "a_little", "some"):
            b = button(secondary=True, checkable=True)
            self.experience.addButton(b)
            self.experience_buttons[key] = b
            exp_row.addWidget(b)
        self.came_with, self.access_needs = line(), line(300)
        self.heard_from = QComboBox()
        self.heard_from.addItem("", "")
        for key in HEARD_FROM:
            self.heard_from.addItem("", key)
        self.photo = QComboBox()
        for value in (None, True, False):
            self.photo.addItem("", value)
        self.minor = QCheckBox()
        self.guardian = line()

        rows = [
            ("first_name", self.first_name),
            ("last_name", self.last_name),
            ("pronouns", self.pronouns),
            ("language", self.language),
            ("experience", self.experience_box),
            ("came_with", self.came_with),
            ("access_needs", self.access_needs),
            ("heard_from", self.heard_from),
            ("phone", self.phone),
            ("email", self.email),
        ]
        for i, (name, widget) in enumerate(rows):
            add(name, widget, i)
        r = len(rows)
        form.addWidget(self.consent_text, r, 1)
        add("contact_consent", self.consent, r + 1)
        add("photo_consent", self.photo, r + 2)
        add("is_minor", self.minor, r + 3)
        add("guardian_name", self.guardian, r + 4)
        self.minor.toggled.connect(self._minor_changed)
        self._minor_changed(False)

        row = QHBoxLayout()
        self.back_button = button(secondary=True)
        self.submit_button = button()
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.submit_button)
        self.layout_.addLayout(row)
        self.back_button.clicked.connect(self.back)
        self.submit_button.clicked.connect(self._submit)
        self.first_name.returnPressed.connect(self._submit)

        order: list[QWidget] = [
            self.first_name,
            self.last_name,
            self.pronouns,
            self.language,
            *self.experience_buttons.values(),
            self.came_with,
            self.access_needs,
            self.heard_from,
            self.phone,
            self.email,
            self.consent,
            self.photo,
            self.minor,
            self.guardian,
            self.submit_button,
            self.back_button,
        ]
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)

    def _minor_changed(self, on: bool) -> None:
        self.guardian.setEnabled(on)
        self.labels["guardian_name"].setEnabled(on)

    def retranslate(self) -> None:
        self.title.setText(_("Welcome! Tell us a little about you"))
        self.intro.setText(_("Only your first name is needed. Everything else is up to you."))
        texts = {
            "first_name": _("First name (needed)"),
            "last_name": _("Last name"),
            "pronouns": _("Pronouns"),
            "language": _("Language you prefer"),
            "experience": _("Have you coded before?"),
            "came_with": _("Came with a friend? Their name, so you can sit together"),
            "access_needs": _("Anything that would make today easier for you"),
            "heard_from": _("How did you hear about us?"),
            "phone": _("Phone"),
            "email": _("Email"),
            "contact_consent": _("Contact"),
            "photo_consent": _("Photos"),
            "is_minor": _("Age"),
            "guardian_name": _("Parent's or guardian's name"),
        }
        for name, text in texts.items():
            self.labels[name].setText(text)
            self.fields[name].setAccessibleName(text)
        for key, text in (("never", _("Never")), ("a_little", _("A little")), ("some", _("Some"))):
            set_text(self.experience_buttons[key], text)
        self.consent_text.setText(_(CONSENT_WORDING))
        set_text(self.consent, _("Yes, you may contact me"), _(CONSENT_WORDING))
        set_text(self.minor, _("I am under 18"))
        self.language.setItemText(0, _("Choose (optional)"))
        self.language.setItemText(self.language.count() - 1, _("Another language"))
        self.heard_from.setItemText(0, _("Choose (optional)"))
        for i, key in enumerate(HEARD_FROM, start=1):
            self.heard_from.setItemText(i, _(HEARD_LABELS[key]))
        for i, text in enumerate((_("Please ask me first"), _("Photos of me are fine"), _("No photos of me, please"))):
            self.photo.setItemText(i, text)
        set_text(self.back_button, _("Back"))
        set_text(self.submit_button, _("Sign me in"))

    def first_focus(self) -> QWidget:
        return self.first_name

    def reset(self) -> None:
        for w in (
            self.first_name,
            self.last_name,
            self.pronouns,
            self.phone,
            self.email,
            self.came_with,
            self.access_needs,
            self.guardian,
        ):
            w.clear()
        for box in (self.language, self.heard_from, self.photo):
            box.setCurrentIndex(0)
        self.consent.setChecked(False)
        self.minor.setChecked(False)
        self.experience.setExclusive(False)
        for b in self.experience_buttons.values():
            b.setChecked(False)
        self.experience.setExclusive(True)
        self.show_problems({})

    def draft(self) -> ParticipantDraft:
        experience = next((k for k, b in self.experience_buttons.items() if b.isChecked()), "never")
        return ParticipantDraft(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            pronouns=self.pronouns.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            contact_consent=self.consent.isChecked(),
            language=self.language.currentData() or "",
            experience=experience,
            came_with=self.came_with.text(),
            access_needs=self.access_needs.text(),
            heard_from=self.heard_from.currentData() or "",
            photo_consent=self.photo.currentData(),
            is_minor=self.minor.isChecked(),
            guardian_name=self.guardian.text() if self.minor.isChecked() else "",
        )

    def _submit(self) -> None:
        self.submitted.emit(self.draft(), _(CONSENT_WORDING))

    def show_problems(self, problems: dict[str, str]) -> None:
        if not problems:
            self.errors.hide()
            self.errors.setText("")
            return
        text = "\n".join(problems.values())
        self.errors.setText(text)
        self.errors.setAccessibleName(text)
        self.errors.show()
        first = next((self.fields[f] for f in problems if f in self.fields), None)
        if first is not None:
            first.setFocus()
            self.form_scroll.ensureWidgetVisible(first)


class MessageScreen(Screen):
    """Welcome, welcome back, thank you: a big message, then back to the start."""

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = label("title")
        self.detail = label()
        self.done_button = button()
        self.layout_.addStretch(1)
        for w in (self.message, self.detail):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.layout_.addWidget(w)
        self.layout_.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignCenter)
        self.layout_.addStretch(2)
        self.done_button.clicked.connect(self.done)
        self._texts: tuple[str, str, dict] = ("", "", {})

    def show_message(self, message: str, detail: str = "", **values: str) -> None:
        """``message`` and ``detail`` are untranslated msgids, so a language switch redraws them."""
        self._texts = (message, detail, values)
        self.retranslate()

    def retranslate(self) -> None:
        message, detail, values = self._texts
        self.message.setText(_(message).format(**values) if message else "")
        self.detail.setText(_(detail).format(**values) if detail else "")
        self.message.setAccessibleName(self.message.text())
        set_text(self.done_button, _("Done"))

    def first_focus(self) -> QWidget:
        return self.done_button


class ExitCardScreen(Screen):
    submitted = Signal(object)  # ExitCardDraft
    back = Signal()

    FACES = ((1, "☹"), (2, "😐"), (3, "☺"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("title")
        self.anonymous = label("hint")
        self.errors = label("error")
        self.errors.hide()
        self.rating_label, self.return_label, self.barrier_label, self.comment_label = (
            label(),
            label(),
            label(),
            label(),
        )
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.anonymous)
        self.layout_.addWidget(self.errors)

        def group(keys, exclusive: bool) -> tuple[QButtonGroup, dict, QGridLayout]:
            g = QButtonGroup(self)
            g.setExclusive(exclusive)
            buttons = {}
            row = QGridLayout()
            for i, key in enumerate(keys):
                b = button(secondary=True, checkable=True)
                g.addButton(b)
                buttons[key] = b
                row.addWidget(b, i // 4, i % 4)  # at most 4 across, so a small screen still fits
            return g, buttons, row

        self.rating_group, self.rating_buttons, r1 = group([k for k, _f in self.FACES], True)
        self.return_group, self.return_buttons, r2 = group(WILL_RETURN, True)
        self.barrier_group, self.barrier_buttons, r3 = group(BARRIERS, False)
        self.comment = QPlainTextEdit()
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(110)
        self.comment_label.setBuddy(self.comment)
        for lab, choices in ((self.rating_label, r1), (self.return_label, r2), (self.barrier_label, r3)):
            self.layout_.addWidget(lab)
            self.layout_.addLayout(choices)
        self.layout_.addWidget(self.comment_label)
        self.layout_.addWidget(self.comment)
        self.layout_.addStretch(1)
        row = QHBoxLayout()
        self.back_button = button(secondary=True)
        self.send_button = button()
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.send_button)
        self.layout_.addLayout(row)
        self.back_button.clicked.connect(self.back)
        self.send_button.clicked.connect(lambda: self.submitted.emit(self.draft()))

    def retranslate(self) -> None:
        self.title.setText(_("How was today?"))
        self.anonymous.setText(_("Your card is anonymous: your name is not on it."))
        self.rating_label.setText(_("How was it?"))
        faces = dict(self.FACES)
        for rating, text in ((1, _("Not good")), (2, _("OK")), (3, _("Good"))):
            set_text(self.rating_buttons[rating], f"{faces[rating]}  {text}")
        self.return_label.setText(_("Will you come back?"))
        for key, text in (("yes", _("Yes")), ("maybe", _("Maybe")), ("no", _("No"))):
            set_text(self.return_buttons[key], text)
        self.barrier_label.setText(_("Did anything make it hard to come? Choose any."))
        for key, b in self.barrier_buttons.items():
            set_text(b, _(BARRIER_LABELS[key]))
        self.comment_label.setText(_("Anything else you'd like to tell us?"))
        self.comment.setAccessibleName(self.comment_label.text())
        set_text(self.back_button, _("Back"))
        set_text(self.send_button, _("Send"))

    def first_focus(self) -> QWidget:
        return self.rating_buttons[3]

    def reset(self) -> None:
        for g, buttons in (
            (self.rating_group, self.rating_buttons),
            (self.return_group, self.return_buttons),
            (self.barrier_group, self.barrier_buttons),
        ):
            exclusive = g.exclusive()
            g.setExclusive(False)
            for b in buttons.values():
                b.setChecked(False)
            g.setExclusive(exclusive)
        self.comment.clear()
        self.show_problems({})

    def draft(self) -> ExitCardDraft:
        rating = next((k for k, b in self.rating_buttons.items() if b.isChecked()), None)
        will_return = next((k for k, b in self.return_buttons.items() if b.isChecked()), "maybe")
        barriers = [k for k, b in self.barrier_buttons.items() if b.isChecked()]
        return ExitCardDraft(
            rating=rating, will_return=will_return, barriers=barriers, comment=self.comment.toPlainText()
        )

    def show_problems(self, problems: dict[str, str]) -> None:
        self.errors.setText("\n".join(problems.values()))
        self.errors.setAccessibleName(self.errors.text())
        self.errors.setVisible(bool(problems))


class PinScreen(Screen):
    """Only the host leaves the kiosk: a PIN, typed or tapped on the keypad."""

    entered = Signal(str)
    cancel = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("title")
        self.hint = label("hint")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
        self.error = label("error")
        self.hint.setBuddy(self.pin)
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.hint)
        self.layout_.addWidget(self.pin)
        self.layout_.addWidget(self.error)
        pad = QGridLayout()
        self.keys: dict[str, QPushButton] = {}
        for i, key in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]):
            b = button(secondary=key != "OK")
            b.setText(key)
            b.setAutoDefault(False)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            b.clicked.connect(lambda _=False, k=key: self._key(k))
            self.keys[key] = b
            pad.addWidget(b, i // 3, i % 3)
        self.layout_.addLayout(pad)
        self.layout_.addStretch(1)
        self.cancel_button = button(secondary=True)
        self.layout_.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.cancel_button.clicked.connect(self.cancel)
        self.pin.returnPressed.connect(lambda: self.entered.emit(self.pin.text()))

    def _key(self, key: str) -> None:
        if key == "OK":
            self.entered.emit(self.pin.text())
        elif key == "⌫":
            self.pin.backspace()
        else:
            self.pin.insert(key)
        self.pin.setFocus()

    def retranslate(self) -> None:
        self.title.setText(_("For the host"))
        self.hint.setText(_("Type the host PIN to leave the kiosk:"))
        self.pin.setAccessibleName(_("Host PIN"))
        self.keys["⌫"].setAccessibleName(_("Delete the last digit"))
        self.keys["OK"].setAccessibleName(_("Check the PIN"))
        for d in "0123456789":
            self.keys[d].setAccessibleName(d)
        set_text(self.cancel_button, _("Back to sign-in"))

    def first_focus(self) -> QWidget:
        return self.pin

    def reset(self) -> None:
        self.pin.clear()
        self.show_error("")

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setAccessibleName(message)
        self.error.setVisible(bool(message))
