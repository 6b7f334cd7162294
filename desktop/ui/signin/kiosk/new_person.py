"""The new-person form."""

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
    QPushButton,
    QScrollArea,
    QWidget,
)

from desktop.i18n import _
from desktop.models import HEARD_FROM
from desktop.signin.people import CONSENT_WORDING, ParticipantDraft
from desktop.ui.signin.kiosk.common import HEARD_LABELS, LANGUAGE_NAMES, Screen, button, label, set_text


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
