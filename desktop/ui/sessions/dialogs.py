"""The host's forms: venue, session, a person's details, a host-entered exit card, past sessions, merging.

Each dialog saves through an operation (desktop.ops) and stays open with the problems
shown when something needs fixing, so nothing is half-saved and nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import datetime
from typing import Any, TypeVar

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import BARRIERS, EXPERIENCE_LEVELS, VENUE_KINDS
from desktop.ops import Done
from desktop.ops import sessions as session_ops
from desktop.ops import signin as signin_ops
from desktop.ops import venues as venue_ops
from desktop.sessions.planning import SessionDraft, get_session, lesson_choices
from desktop.sessions.venues import KIND_LABELS, OFFER_LABELS, OFFERS, VenueDraft, get_venue, list_venues
from desktop.signin.attendance import PastVisit, past_sessions
from desktop.signin.exit_cards import ExitCardDraft
from desktop.signin.lookup import HostMatch, find_for_host
from desktop.signin.people import ParticipantDraft, live_participant
from desktop.signin.validation import InvalidInput
from desktop.ui.context import AppContext
from desktop.ui.language_picker import LanguageBox, LanguageList
from desktop.ui.sessions.dates import qdatetime
from desktop.ui.widgets import without_mnemonic
from desktop.vocabulary import BARRIER_LABELS

W = TypeVar("W", bound=QWidget)


def experience_labels() -> dict[str, str]:
    return {"never": _("Never coded"), "a_little": _("A little"), "some": _("Some")}


class FormDialog(QDialog):
    """A dialog with a problems line, a form and Save/Cancel; saving runs on the database thread."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.layout_ = QVBoxLayout(self)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #a00018; font-weight: bold;")
        self.problems.hide()
        self.layout_.addWidget(self.problems)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)
        self.result_value: Any = None
        self.field_widgets: dict[str, QWidget] = {}

    def add_row(self, name: str, text: str, widget: W) -> W:
        label = QLabel(text)
        label.setBuddy(widget)
        if isinstance(widget, QAbstractButton) and widget.text():
            # A checkbox is heard by its own words ("Under 18"); the row's label ("Age") explains them.
            widget.setAccessibleName(without_mnemonic(widget.text()))
            widget.setAccessibleDescription(without_mnemonic(text))
        else:
            widget.setAccessibleName(without_mnemonic(text))
        self.form.addRow(label, widget)
        self.field_widgets[name] = widget
        return widget

    def save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def run_save(self, op: Callable[[Session], Done[Any]]) -> None:
        self.buttons.setEnabled(False)
        self.ctx.ops.run(op, self._saved, self._refused)

    def _saved(self, value: Any) -> None:
        self.buttons.setEnabled(True)
        self.result_value = value
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.show_problems(error.problems if isinstance(error, InvalidInput) else {"": str(error)})

    def show_problems(self, problems: dict[str, str]) -> None:
        text = "\n".join(problems.values())
        self.problems.setText(text)
        self.problems.setAccessibleName(text)
        self.problems.setVisible(bool(text))
        first = next((self.field_widgets[f] for f in problems if f in self.field_widgets), None)
        if first is not None:
            first.setFocus()


def _text_edit(text: str = "", height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(height)
    return edit


class VenueDialog(FormDialog):
    def __init__(
        self,
        ctx: AppContext,
        venue: VenueDraft | None = None,
        venue_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, _("Edit venue") if venue_id else _("New venue"), parent)
        self.venue_id = venue_id
        v = venue or VenueDraft()
        self.name = self.add_row("name", _("&Name"), QLineEdit(v.name))
        self.kind = QComboBox()
        for key in VENUE_KINDS:
            self.kind.addItem(_(KIND_LABELS[key]), key)
        self.kind.setCurrentIndex(max(0, VENUE_KINDS.index(v.kind) if v.kind in VENUE_KINDS else 0))
        self.add_row("kind", _("&Kind of place"), self.kind)
        self.address = self.add_row("address", _("&Address"), _text_edit(v.address))
        self.access_notes = self.add_row("access_notes", _("A&ccess notes"), _text_edit(v.access_notes))
        access = QWidget()
        row = QHBoxLayout(access)
        row.setContentsMargins(0, 0, 0, 0)
        self.step_free = QCheckBox(_("Step-free"))
        self.public_transport = QCheckBox(_("Public transport nearby"))
        self.parking = QCheckBox(_("Parking"))
        for box, on in (
            (self.step_free, v.step_free),
            (self.public_transport, v.public_transport),
            (self.parking, v.parking),
        ):
            box.setChecked(on)
            box.setAccessibleName(box.text())
            row.addWidget(box)
        self.add_row("access", _("Getting in"), access)
        offers = QWidget()
        row = QHBoxLayout(offers)
        row.setContentsMargins(0, 0, 0, 0)
        self.offers = {}
        for key in OFFERS:
            box = QCheckBox(_(OFFER_LABELS[key]))
            box.setAccessibleName(box.text())
            box.setChecked(key in v.offers)
            self.offers[key] = box
            row.addWidget(box)
        self.add_row("offers", _("What is offered"), offers)
        self.languages = self.add_row("languages", _("&Languages spoken here"), LanguageList(v.languages))
        self.notes = self.add_row("notes", _("N&otes"), _text_edit(v.notes))

    def draft(self) -> VenueDraft:
        return VenueDraft(
            name=self.name.text(),
            kind=self.kind.currentData(),
            address=self.address.toPlainText(),
            access_notes=self.access_notes.toPlainText(),
            step_free=self.step_free.isChecked(),
            public_transport=self.public_transport.isChecked(),
            parking=self.parking.isChecked(),
            offers=[k for k, b in self.offers.items() if b.isChecked()],
            languages=self.languages.codes(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        draft, venue_id = self.draft(), self.venue_id
        if venue_id:
            self.run_save(lambda s: venue_ops.edit_venue(s, venue_id, draft))
        else:
            self.run_save(lambda s: venue_ops.add_venue(s, draft))


class SessionDialog(FormDialog):
    """Plan or edit a session. ``choices`` is loaded beforehand: venues and lessons."""

    def __init__(
        self,
        ctx: AppContext,
        choices: dict,
        draft: SessionDraft | None = None,
        session_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, _("Edit session") if session_id else _("Plan a session"), parent)
        self.session_id = session_id
        d = draft or SessionDraft(starts_at=datetime.now().replace(minute=0, second=0, microsecond=0))
        self.venue = QComboBox()
        for vid, name in choices["venues"]:
            self.venue.addItem(name, vid)
        if d.venue_id:
            self.venue.setCurrentIndex(max(0, self.venue.findData(d.venue_id)))
        self.add_row("venue_id", _("&Venue"), self.venue)
        self.title_edit = self.add_row("title", _("&Title (optional)"), QLineEdit(d.title))
        self.starts = QDateTimeEdit(qdatetime(d.starts_at) if d.starts_at else QDateTime.currentDateTime())
        self.starts.setCalendarPopup(True)
        self.starts.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.add_row("starts_at", _("&Date and time"), self.starts)
        self.duration = QSpinBox()
        self.duration.setRange(10, 720)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(" " + _("minutes"))
        self.duration.setValue(d.duration_minutes)
        self.add_row("duration_minutes", _("D&uration"), self.duration)
        self.lessons = QListWidget()
        self.lessons.setMaximumHeight(110)
        for lid, title in choices["lessons"]:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, lid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if lid in d.lesson_ids else Qt.CheckState.Unchecked)
            self.lessons.addItem(item)
        self.add_row("lesson_ids", _("Le&ssons"), self.lessons)
        self.hosts = self.add_row("hosts", _("&Hosts (separate with commas)"), QLineEdit(", ".join(d.hosts)))
        self.helpers = self.add_row("helpers", _("He&lpers (separate with commas)"), QLineEdit(", ".join(d.helpers)))
        self.capacity = QSpinBox()
        self.capacity.setRange(1, 500)
        self.capacity.setValue(d.capacity)
        self.add_row("capacity", _("&Capacity"), self.capacity)
        self.language = self.add_row("language", _("Lan&guage"), LanguageBox(d.language or "en"))
        self.notes = self.add_row("notes", _("N&otes"), _text_edit(d.notes))

    def draft(self) -> SessionDraft:
        lesson_ids = [
            self.lessons.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.lessons.count())
            if self.lessons.item(i).checkState() == Qt.CheckState.Checked
        ]
        return SessionDraft(
            venue_id=self.venue.currentData() or "",
            title=self.title_edit.text(),
            starts_at=_python_datetime(self.starts.dateTime()),
            duration_minutes=self.duration.value(),
            lesson_ids=lesson_ids,
            # Names as typed, separated by commas: the domain splits and checks them.
            hosts=self.hosts.text(),  # type: ignore[arg-type]
            helpers=self.helpers.text(),  # type: ignore[arg-type]
            capacity=self.capacity.value(),
            language=self.language.code(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        draft, session_id = self.draft(), self.session_id
        if session_id:
            self.run_save(lambda s: session_ops.edit_session(s, session_id, draft))
        else:
            self.run_save(lambda s: session_ops.plan_session(s, draft))


def _python_datetime(value: QDateTime) -> datetime:
    converted = value.toPython()
    if not isinstance(converted, datetime):
        raise TypeError(f"not a date and time: {value!r}")
    return converted


def load_session_choices(session: Session, session_id: str | None = None) -> dict:
    """What the session dialog needs, loaded on the database thread."""
    choices: dict[str, Any] = {
        "venues": [(v.id, v.name) for v in list_venues(session)],
        "lessons": lesson_choices(session),
        "draft": SessionDraft.from_session(get_session(session, session_id)) if session_id else None,
    }
    return choices


class PersonDialog(FormDialog):
    """The host edits a participant's details (with the same checks as the kiosk)."""

    def __init__(
        self,
        ctx: AppContext,
        participant_id: str,
        draft: ParticipantDraft,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, _("Edit person"), parent)
        person_languages = draft.languages if draft.languages is not None else [draft.language]
        self.participant_id = participant_id
        self.first_name = self.add_row("first_name", _("&First name"), QLineEdit(draft.first_name))
        self.last_name = self.add_row("last_name", _("&Last name"), QLineEdit(draft.last_name))
        self.pronouns = self.add_row("pronouns", _("&Pronouns"), QLineEdit(draft.pronouns))
        self.experience = QComboBox()
        for key in EXPERIENCE_LEVELS:
            self.experience.addItem(experience_labels()[key], key)
        self.experience.setCurrentIndex(max(0, self.experience.findData(draft.experience)))
        self.add_row("experience", _("&Experience"), self.experience)
        # Languages decide who can sit together: the preferred one is always among those spoken.
        self.languages = self.add_row("languages", _("La&nguages they speak"), LanguageList(person_languages))
        self.language = self.add_row(
            "language", _("P&referred language"), LanguageBox(draft.language, allow_none=True, allow_other=True)
        )
        self.language.currentIndexChanged.connect(lambda _i: self.languages.tick(self.language.code()))
        self.phone = self.add_row("phone", _("P&hone"), QLineEdit(draft.phone))
        self.email = self.add_row("email", _("E&mail"), QLineEdit(draft.email))
        self.consent = QCheckBox(_("They agreed to be contacted"))
        self.consent.setChecked(draft.contact_consent)
        self.add_row("contact_consent", _("Contact"), self.consent)
        self.came_with = self.add_row("came_with", _("Came &with"), QLineEdit(draft.came_with))
        self.access_needs = self.add_row("access_needs", _("&Access needs"), _text_edit(draft.access_needs))
        self.minor = QCheckBox(_("Under 18"))
        self.minor.setChecked(draft.is_minor)
        self.add_row("is_minor", _("Age"), self.minor)
        self.guardian = self.add_row("guardian_name", _("&Guardian's name"), QLineEdit(draft.guardian_name))
        self._base = draft
        # Their path (visits, helping, ladder steps) is read-only and opens beside this form.
        self.path_button = self.buttons.addButton(_("Show their pa&th…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.path_button.setAccessibleName(without_mnemonic(self.path_button.text()))
        self.path_button.clicked.connect(self.show_path)
        self.path_dialog: QDialog | None = None

    def show_path(self) -> None:
        from desktop.ui.reports.person_path import show_person_path  # the Reports feature's dialog

        self.path_dialog = show_person_path(self.ctx, self.participant_id, self)

    def draft(self) -> ParticipantDraft:
        d = ParticipantDraft(**{f.name: getattr(self._base, f.name) for f in fields(ParticipantDraft)})
        d.first_name, d.last_name, d.pronouns = self.first_name.text(), self.last_name.text(), self.pronouns.text()
        d.experience = self.experience.currentData()
        d.language = self.language.code()
        d.phone, d.email, d.contact_consent = self.phone.text(), self.email.text(), self.consent.isChecked()
        d.came_with, d.access_needs = self.came_with.text(), self.access_needs.toPlainText()
        d.is_minor, d.guardian_name = self.minor.isChecked(), self.guardian.text()
        d.languages = self.languages.codes()
        return d

    def save(self) -> None:
        draft, pid = self.draft(), self.participant_id
        self.run_save(lambda s: signin_ops.edit_person(s, pid, draft))


def load_person(session: Session, participant_id: str) -> ParticipantDraft:
    return ParticipantDraft.from_participant(live_participant(session, participant_id))


class HostExitCardDialog(FormDialog):
    """An exit card taken down by the host (from paper, or for someone who asked)."""

    def __init__(
        self, ctx: AppContext, session_id: str, people: list[tuple[str | None, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _("Exit card"), parent)
        self.session_id = session_id
        self.person = QComboBox()
        self.person.addItem(_("Anonymous"), None)
        for pid, name in people:
            if pid:
                self.person.addItem(name, pid)
        self.add_row("participant_id", _("&From"), self.person)
        self.rating = QComboBox()
        self.rating.addItem(_("Choose…"), None)
        for value, text in ((3, _("☺ Good")), (2, _("😐 OK")), (1, _("☹ Not good"))):
            self.rating.addItem(text, value)
        self.add_row("rating", _("&How was it?"), self.rating)
        self.will_return = QComboBox()
        for key, text in (("yes", _("Yes")), ("maybe", _("Maybe")), ("no", _("No"))):
            self.will_return.addItem(text, key)
        self.will_return.setCurrentIndex(1)
        self.add_row("will_return", _("&Will they come back?"), self.will_return)
        box = QWidget()
        grid = QHBoxLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.barriers = {}
        for key in BARRIERS:
            cb = QCheckBox(_(BARRIER_LABELS[key]))
            cb.setAccessibleName(cb.text())
            self.barriers[key] = cb
            grid.addWidget(cb)
        self.add_row("barriers", _("What made it hard to come"), box)
        self.comment = self.add_row("comment", _("&Comment"), _text_edit())

    def draft(self) -> ExitCardDraft:
        return ExitCardDraft(
            rating=self.rating.currentData(),
            will_return=self.will_return.currentData(),
            barriers=[k for k, b in self.barriers.items() if b.isChecked()],
            comment=self.comment.toPlainText(),
            participant_id=self.person.currentData(),
        )

    def save(self) -> None:
        draft, sid = self.draft(), self.session_id
        self.run_save(lambda s: signin_ops.record_exit_card(s, sid, draft))


class PastSessionsDialog(QDialog):
    def __init__(self, name: str, visits: list[PastVisit], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = _("Sessions {name} came to").format(name=name)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setAccessibleName(title)
        for v in visits:
            helper = " · " + _("as a helper") if v.as_helper else ""
            self.list.addItem(f"{v.starts_at:%Y-%m-%d %H:%M} — {v.title} ({v.venue}){helper}")
        if not visits:
            self.list.addItem(_("No sessions yet."))
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 360)


def load_past_sessions(session: Session, participant_id: str) -> list[PastVisit]:
    return past_sessions(session, participant_id)


class MergeDialog(QDialog):
    """Pick the other record of the same person; its history joins the one selected on the roster."""

    def __init__(self, ctx: AppContext, keep_id: str, keep_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.keep_id = keep_id
        self.chosen_id: str | None = None
        title = _("Merge a duplicate into {name}").format(name=keep_name)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        note = QLabel(
            _(
                "Find the other record of the same person. Their sign-ins and exit cards join "
                "{name}'s record; the other record keeps its own name and contact details, so nothing "
                "is lost."
            ).format(name=keep_name)
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        label = QLabel(_("&Search by name or the last 4 phone digits:"))
        self.search = QLineEdit()
        self.search.setAccessibleName(_("Search for the duplicate"))
        label.setBuddy(self.search)
        layout.addWidget(label)
        layout.addWidget(self.search)
        self.results = QListWidget()
        self.results.setAccessibleName(_("Matching records"))
        layout.addWidget(self.results, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(_("&Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setEnabled(False)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.search.textChanged.connect(self._lookup)
        self.results.currentRowChanged.connect(lambda row: self.merge_button.setEnabled(row >= 0))
        self.resize(480, 400)

    def _lookup(self, query: str) -> None:
        keep = self.keep_id

        def done(matches: list[HostMatch] | None, _error: BaseException | None) -> None:
            self.results.clear()
            for m in matches or []:
                suffix = f" (…{m.phone_last4})" if m.phone_last4 else ""
                item = QListWidgetItem(m.name + suffix)
                item.setData(Qt.ItemDataRole.UserRole, m.participant_id)
                self.results.addItem(item)

        self.ctx.db_runner.run(lambda s: find_for_host(s, query, exclude=keep), done)

    def _accept(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self.chosen_id = item.data(Qt.ItemDataRole.UserRole)
            self.accept()


def venue_draft(session: Session, venue_id: str) -> VenueDraft:
    return VenueDraft.from_venue(get_venue(session, venue_id))
