"""A new person, second screen, after they are signed in: "Tell us a bit more — all optional".

One scroll area holds the fields; the title and the Save and Skip buttons stay in view.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.i18n import _
from desktop.models import HEARD_FROM
from desktop.signin.people import CONSENT_WORDING, ParticipantDraft, problems_in
from desktop.ui.a11y import announce
from desktop.ui.signin.kiosk.common import HEARD_LABELS, LANGUAGE_NAMES, Screen, Tiles, button, label, set_text
from desktop.ui.signin.kiosk.field_errors import FieldErrors
from desktop.ui.widgets import content_scroll


class DetailsScreen(Screen):
    """Everything but the first name, all of it optional; Skip leaves it all blank."""

    saved = Signal(object, str)  # ParticipantDraft (its first name is not used), the consent wording shown
    skipped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = ""
        self.title = label("title")
        self.intro = label("hint")
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.intro)

        form_host = QWidget()
        form_host.setObjectName("kioskForm")
        form = QGridLayout(form_host)
        form.setContentsMargins(0, 0, 12, 0)
        form.setHorizontalSpacing(18)
        form.setVerticalSpacing(8)
        form.setColumnStretch(1, 1)
        self.form_scroll = scroll = content_scroll(form_host)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.layout_.addWidget(scroll, 1)
        self.errors = FieldErrors(lambda: problems_in(self.draft()), scroll)

        self.labels: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}
        self._captions: dict[str, Callable[[], str]] = {}
        row_at = [0]

        def add(name: str, widget: QWidget, caption: Callable[[], str]) -> None:
            r = row_at[0]
            lab = label(wrap=True)
            lab.setBuddy(widget)
            self.labels[name] = lab
            self.fields[name] = widget
            self._captions[name] = caption
            form.addWidget(lab, r, 0, Qt.AlignmentFlag.AlignTop)
            form.addWidget(widget, r, 1)
            form.addWidget(self.errors.add(name, widget, caption), r + 1, 1)
            row_at[0] = r + 2

        def line(max_len: int = 100) -> QLineEdit:
            w = QLineEdit()
            w.setMaxLength(max_len * 2)  # room to paste; the domain gives the clear message
            w.textChanged.connect(self._recheck)
            return w

        self.last_name, self.pronouns = line(), line(40)
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
        # A one-of choice, as "How was it?" on the exit card: radio buttons, one Tab stop, arrows within.
        self.experience_box = Tiles(["never", "a_little", "some"], exclusive=True)
        self.experience_buttons: dict[str, QPushButton] = self.experience_box.buttons
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
        self.consent.toggled.connect(self._recheck)

        add("last_name", self.last_name, lambda: _("Last name"))
        add("pronouns", self.pronouns, lambda: _("Pronouns"))
        add("language", self.language, lambda: _("Language you prefer"))
        add("experience", self.experience_box, lambda: _("Have you coded before?"))
        add("came_with", self.came_with, lambda: _("Came with a friend? Their name, so you can sit together"))
        add("access_needs", self.access_needs, lambda: _("Anything that would make today easier for you"))
        add("heard_from", self.heard_from, lambda: _("How did you hear about us?"))
        add("phone", self.phone, lambda: _("Phone"))
        add("email", self.email, lambda: _("Email"))
        form.addWidget(self.consent_text, row_at[0], 1)
        row_at[0] += 1
        add("contact_consent", self.consent, lambda: _("Contact"))
        add("photo_consent", self.photo, lambda: _("Photos"))
        add("is_minor", self.minor, lambda: _("Age"))
        add("guardian_name", self.guardian, lambda: _("Parent's or guardian's name"))
        form.setRowStretch(row_at[0], 1)
        self.minor.toggled.connect(self._minor_changed)
        self._minor_changed(False)

        row = QHBoxLayout()
        self.skip_button = button(secondary=True)
        self.save_button = button()
        row.addWidget(self.skip_button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        self.layout_.addLayout(row)
        self.skip_button.clicked.connect(self.skipped)
        self.save_button.clicked.connect(self._save)

        order: list[QWidget] = [
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
            self.save_button,
            self.skip_button,
        ]
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Whatever Tab lands on in the form is scrolled wholly into view, with a margin.

        Not ``ensureWidgetVisible``: for a text field it brings only the text cursor into view, so a
        field whose cursor shows but whose lower edge is under the buttons is left where it is."""
        host = self.form_scroll.widget()
        if new is None or host is None or not host.isAncestorOf(new):
            return
        centre = new.mapTo(host, new.rect().center())
        self.form_scroll.ensureVisible(centre.x(), centre.y(), new.width() // 2 + 16, new.height() // 2 + 24)

    def _minor_changed(self, on: bool) -> None:
        self.guardian.setEnabled(on)
        self.labels["guardian_name"].setEnabled(on)
        self._recheck()

    def begin(self, first_name: str) -> None:
        """A new person has just signed in as ``first_name``: welcome them and offer the rest."""
        self._name = first_name
        self.retranslate()
        announce(self, f"{self.title.text()} {self.intro.text()}")

    def retranslate(self) -> None:
        self.title.setText(_("Welcome, {name}! You're signed in.").format(name=self._name))
        self.intro.setText(_("Tell us a bit more — all optional."))
        for name, caption in self._captions.items():
            self.labels[name].setText(caption())
            self.fields[name].setAccessibleName(caption())
        for key, text in (("never", _("Never")), ("a_little", _("A little")), ("some", _("Some"))):
            set_text(self.experience_buttons[key], text, self.labels["experience"].text())
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
        set_text(self.skip_button, _("Skip"), _("Skip these questions; you are already signed in"))
        set_text(self.save_button, _("Save"))
        self.errors.retranslate()

    def first_focus(self) -> QWidget:
        return self.last_name

    def reset(self) -> None:
        for w in (
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
        self.experience_box.clear()
        self.show_problems({})
        self.form_scroll.verticalScrollBar().setValue(0)

    def draft(self) -> ParticipantDraft:
        experience = next((k for k, b in self.experience_buttons.items() if b.isChecked()), "never")
        return ParticipantDraft(
            first_name=self._name,
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

    def _recheck(self) -> None:
        if self.errors.showing():
            self.errors.keep_only(problems_in(self.draft()))

    def _save(self) -> None:
        problems = problems_in(self.draft())
        if problems:
            self.show_problems(problems)
            return
        self.saved.emit(self.draft(), _(CONSENT_WORDING))

    def show_problems(self, problems: dict[str, str]) -> None:
        self.errors.show(problems)
