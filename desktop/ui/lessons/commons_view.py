"""The Commons view of the Lessons page: browse and search the lesson commons offline, use or remix a lesson.

The catalogue is the laptop's own copy (``desktop.commons.catalogue``), received with each sync, so
everything here works with no connection. "Use this lesson" copies it into the library as it is;
"Remix" copies it and opens the editor. Either way the copy keeps its lineage and credit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.commons.catalogue import CommonsDetail, CommonsFilter, CommonsSummary, browse, detail
from desktop.commons.licences import LICENCE_IDS, LICENCES, join_names
from desktop.i18n import N_, _, ngettext
from desktop.languages import language_label
from desktop.lessons.document import LEVEL_LABELS
from desktop.lessons.library import DURATIONS, LessonDetail, lesson_detail
from desktop.lessons.parse import LessonError, parse_text
from desktop.lessons.render import to_html
from desktop.ops import Kind
from desktop.ops import commons as ops
from desktop.ui.context import AppContext
from desktop.ui.lessons.dialogs import LessonEditor, preview_browser
from desktop.ui.lessons.summary_list import SUMMARY_ROLE, SummaryFilterProxy, SummaryListModel
from desktop.ui.reports.filter_bar import PairFlow
from desktop.ui.widgets import Heading, Note, set_button_text

DURATION_LABELS = {
    "up_to_30": N_("Up to 30 minutes"),
    "31_to_60": N_("31 to 60 minutes"),
    "61_to_90": N_("61 to 90 minutes"),
    "over_90": N_("Over 90 minutes"),
}


def describe(s: CommonsSummary) -> str:
    """Length, language, level and licence on one line."""
    parts = [
        ngettext("{n} minute", "{n} minutes", s.minutes).format(n=s.minutes),
        language_label(s.language),
        _(LEVEL_LABELS[s.level]) if s.level in LEVEL_LABELS else s.level,
        LICENCES[s.licence].short_name if s.licence in LICENCES else s.licence,
    ]
    return " · ".join(p for p in parts if p)


def credited(s: CommonsSummary) -> str:
    """ "By Ana Ruiz and Bo Lee, Salon Chapter" """
    names = join_names(list(s.authors))
    if names and s.organisation:
        return _("By {authors}, {organisation}").format(authors=names, organisation=s.organisation)
    return _("By {authors}").format(authors=names or s.organisation)


def usage_in_words(s: CommonsSummary) -> str:
    """How much it was used, across organisations, in words; never anyone's names or places."""
    if not s.sessions:
        return _("Not used in a session yet.")
    sessions = ngettext("Used in {n} session", "Used in {n} sessions", s.sessions).format(n=s.sessions)
    by = ngettext("by {n} organisation", "by {n} organisations", s.organisations).format(n=s.organisations)
    text = f"{sessions} {by}."
    if s.rating is not None:
        text += " " + _("Exit cards: {rating} out of 3 on average.").format(rating=f"{s.rating:.1f}")
    return text


class CommonsView(QWidget):
    """Browse, search, use and remix the lessons of the commons."""

    def __init__(self, ctx: AppContext, show_in_library: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.show_in_library = show_in_library  # the library shows this lesson (once it is loaded)
        self.current: CommonsDetail | None = None
        self.loaded_once = False
        self.editor: LessonEditor | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            Note(
                _(
                    "Lessons other organisations shared under open licences. This list comes with each sync, "
                    "so you can search it without a connection."
                )
            )
        )
        # The search, the filters, what was found and the list in one column beside the chosen lesson, so
        # the view stays within a laptop's screen in large text and Spanish (the filters wrap).
        finding = QWidget()
        column = QVBoxLayout(finding)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._build_filters())
        self.status = Note("")
        self.status.setAccessibleName(_("Commons status"))
        column.addWidget(self.status)

        self.model: SummaryListModel[CommonsSummary] = SummaryListModel(
            lambda s: (s.title, credited(s), describe(s)), self
        )
        self.proxy = SummaryFilterProxy(CommonsFilter(), self)
        self.proxy.setSourceModel(self.model)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.setAccessibleName(_("Lessons found in the commons"))
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.selectionModel().currentChanged.connect(lambda current, _prev: self._load_detail(current))
        column.addWidget(self.list, 1)
        splitter = QSplitter()
        splitter.addWidget(finding)
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([400, 550])
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        ctx.events.changed.connect(lambda changes: self.refresh() if changes.touches(Kind.LESSONS) else None)

    # Building ----------------------------------------------------------------------------------

    def _build_filters(self) -> QVBoxLayout:
        rows = QVBoxLayout()
        label = QLabel(_("&Search the commons:"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Title, author, organisation or topic, in any language"))
        self.search.setAccessibleName(_("Search the commons"))
        self.search.setClearButtonEnabled(True)
        clear = self.search.findChild(QToolButton)
        if clear is not None:
            clear.setAccessibleName(_("Clear the search"))
        label.setBuddy(self.search)
        self.search.textChanged.connect(self._apply_filter)
        rows.addWidget(label)
        rows.addWidget(self.search)
        self.level = self._combo(_("Level"), [("", _("Any level"))] + [(k, _(v)) for k, v in LEVEL_LABELS.items()])
        self.duration = self._combo(
            _("Length"), [("", _("Any length"))] + [(k, _(DURATION_LABELS[k])) for k, _lo, _hi in DURATIONS]
        )
        self.language = self._combo(_("Language"), [("", _("Any language"))])
        self.licence = self._combo(
            _("Licence"), [("", _("Any licence"))] + [(k, LICENCES[k].short_name) for k in LICENCE_IDS]
        )
        self.topic = self._combo(_("Topic"), [("", _("Any topic"))])
        filters = QWidget()
        flow = PairFlow(filters)  # labels above their pickers, wrapping in large text and Spanish
        flow.setContentsMargins(0, 0, 0, 0)
        for combo in (self.level, self.duration, self.language, self.licence, self.topic):
            caption = QLabel(combo.accessibleName())  # a screen reader names a combo by its value; this says what
            caption.setBuddy(combo)
            flow.add_pair(caption, combo)
        rows.addWidget(filters)
        return rows

    def _combo(self, name: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        for key, label in items:
            combo.addItem(label, key)
        combo.currentIndexChanged.connect(self._apply_filter)
        return combo

    def _build_detail(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = Heading("", 2)
        self.facts = Note("")
        self.credit = Note("")
        self.credit.setAccessibleName(_("Authors and licence"))
        self.usage = Note("")
        self.usage.setAccessibleName(_("How much it was used"))
        self.lineage = Note("")
        for w in (self.title, self.facts, self.credit, self.usage, self.lineage):
            layout.addWidget(w)
        self.preview = preview_browser(_("Lesson preview"))
        layout.addWidget(self.preview, 1)
        buttons = QHBoxLayout()
        self.use_button = QPushButton()
        set_button_text(
            self.use_button, _("&Use this lesson"), _("Copy this lesson into your library as it is, with its credit")
        )
        self.use_button.clicked.connect(lambda _checked=False: self.use_current())
        self.remix_button = QPushButton()
        set_button_text(
            self.remix_button, _("&Remix"), _("Copy this lesson into your library and change it, keeping its credit")
        )
        self.remix_button.clicked.connect(lambda _checked=False: self.remix_current())
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.remix_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._show(None)
        return panel

    # Loading -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        if not self.isVisible() and not self.loaded_once:
            return  # loaded when first shown
        self.ctx.db_runner.run(browse, self._loaded)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.loaded_once:
            self.loaded_once = True
            self.refresh()

    def _loaded(self, lessons: list[CommonsSummary] | None, error: BaseException | None) -> None:
        if error is not None or lessons is None:
            self.status.setText(_("The commons could not be loaded: {error}").format(error=error))
            return
        current = self.current.summary.commons_lesson_id if self.current else None
        self._fill(self.language, sorted({s.language for s in lessons}), language_label)
        self._fill(self.topic, sorted({t for s in lessons for t in s.tags}, key=str.casefold), str)
        self.model.set_lessons(lessons)
        self._apply_filter()
        self._select(current)

    def _fill(self, combo: QComboBox, keys: list[str], label: Callable[[str], str]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for key in keys:
            combo.addItem(label(key), key)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.blockSignals(False)

    def current_filter(self) -> CommonsFilter:
        return CommonsFilter(
            query=self.search.text(),
            level=self.level.currentData() or "",
            language=self.language.currentData() or "",
            duration=self.duration.currentData() or "",
            licence=self.licence.currentData() or "",
            topic=self.topic.currentData() or "",
        )

    def _apply_filter(self, *_args: object) -> None:
        self.proxy.set_filter(self.current_filter())
        shown = self.proxy.rowCount()
        if not self.model.rowCount():
            self.status.setText(
                _(
                    "No lessons from the commons on this laptop yet. They arrive with the next sync "
                    "(unless your organisation chose not to receive them)."
                )
            )
        elif not shown:
            self.status.setText(_("No lesson in the commons matches. Try fewer words or another filter."))
        else:
            self.status.setText(
                ngettext("{n} lesson in the commons", "{n} lessons in the commons", shown).format(n=shown)
            )
        if self.current is None or not any(
            self.proxy.index(r, 0).data(SUMMARY_ROLE).version_id == self.current.summary.version_id
            for r in range(shown)
        ):
            self._select(None)

    def _select(self, commons_lesson_id: str | None) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if commons_lesson_id is None or index.data(SUMMARY_ROLE).commons_lesson_id == commons_lesson_id:
                self.list.setCurrentIndex(index)
                self._load_detail(index)
                return
        if commons_lesson_id is not None and self.proxy.rowCount():
            self._select(None)
        elif not self.proxy.rowCount():
            self._show(None)

    def _load_detail(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        version_id = index.data(SUMMARY_ROLE).version_id
        self.ctx.db_runner.run(lambda s: detail(s, version_id), lambda found, _error: self._show(found))

    def _show(self, found: CommonsDetail | None) -> None:
        self.current = found
        self.use_button.setEnabled(found is not None)
        self.remix_button.setEnabled(found is not None)
        if found is None:
            self.title.setText(_("No lesson chosen"))
            for note in (self.facts, self.credit, self.usage, self.lineage):
                note.setText("")
            self.facts.setText(_("Choose a lesson on the left to see it here."))
            self.preview.clear()
            return
        s = found.summary
        self.title.setText(s.title)
        self.title.setAccessibleName(s.title)
        self.facts.setText(describe(s) + " · " + _("version {n}").format(n=s.number))
        licence = LICENCES.get(s.licence)
        self.credit.setText(
            f"{credited(s)}. {licence.short_name}: {_(licence.in_words)}" if licence else f"{credited(s)}."
        )
        self.usage.setText(usage_in_words(s))
        lineage = []
        if found.parent_title:
            lineage.append(_("A remix of “{title}”.").format(title=found.parent_title))
        if found.source_title and found.source_title != found.parent_title:
            lineage.append(_("Its original: “{title}”.").format(title=found.source_title))
        if found.taken_here:
            n = len(found.taken_here)
            lineage.append(
                ngettext("Your library has {n} copy of it.", "Your library has {n} copies of it.", n).format(n=n)
            )
        self.lineage.setText(" ".join(lineage))
        self.lineage.setVisible(bool(lineage))
        try:
            self.preview.setHtml(to_html(parse_text(found.text, s.title), host=False))
        except LessonError as exc:
            self.preview.setPlainText(_("This lesson cannot be shown: {problem}").format(problem=exc.sentence))

    # Actions -----------------------------------------------------------------------------------

    def use_current(self) -> None:
        if self.current is None:
            return
        version_id, title = self.current.summary.version_id, self.current.summary.title

        def done(lesson_id: str) -> None:
            self.status.setText(_("“{title}” is in your library now, with its credit.").format(title=title))
            self.show_in_library(lesson_id)

        self.ctx.ops.run(lambda s: ops.use_lesson(s, version_id), done, self._failed)

    def remix_current(self) -> None:
        if self.current is None:
            return
        version_id = self.current.summary.version_id
        self.ctx.ops.run(lambda s: ops.remix_lesson(s, version_id), self._edit_remix, self._failed)

    def _edit_remix(self, lesson_id: str) -> None:
        self.show_in_library(lesson_id)

        def loaded(found: LessonDetail | None, error: BaseException | None) -> None:
            if error is not None or found is None:
                self._failed(error or LookupError(lesson_id))
                return
            title = _("Edit “{title}”").format(title=found.summary.title)
            self.editor = LessonEditor(self.ctx, lesson_id, found.text, title, self)
            self.editor.open()

        self.ctx.db_runner.run(lambda s: lesson_detail(s, lesson_id), loaded)

    def _failed(self, error: BaseException) -> None:
        self.status.setText(str(error))


class LessonViews(QTabWidget):
    """The Lessons page's two views: the organisation's library, and the commons."""

    def __init__(
        self, ctx: AppContext, library: QWidget, show_in_library: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Which lessons to show"))
        self.library = library
        self.commons = CommonsView(ctx, self._show_in_library, self)
        self._show_in_library_of_page = show_in_library
        self.addTab(library, _("Your li&brary"))
        self.addTab(self.commons, _("The co&mmons"))
        self.setTabToolTip(0, _("The lessons of your organisation"))
        self.setTabToolTip(1, _("Lessons other organisations shared, to use or remix"))

    def _show_in_library(self, lesson_id: str) -> None:
        self.setCurrentWidget(self.library)
        self._show_in_library_of_page(lesson_id)

    def show_commons(self) -> None:
        self.setCurrentWidget(self.commons)
