"""Lessons: find a lesson, see it as a learner or a host will, write, remix, import and export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.commons.updates import UpdateOffer, update_for
from desktop.i18n import N_, _, ngettext
from desktop.languages import language_label
from desktop.lessons.document import LEVEL_LABELS
from desktop.lessons.library import (
    DURATIONS,
    ImportReport,
    LessonDetail,
    LessonFilter,
    LessonSummary,
    all_lessons,
    export_lesson,
    history,
    lesson_detail,
)
from desktop.lessons.render import to_html
from desktop.ops import Done, Kind
from desktop.ops import lessons as ops
from desktop.ui.context import AppContext
from desktop.ui.lessons.commons_publish import PublishDialog
from desktop.ui.lessons.commons_update_dialog import CommonsUpdateDialog, offer_update
from desktop.ui.lessons.commons_view import LessonViews
from desktop.ui.lessons.dialogs import (
    HistoryDialog,
    LessonEditor,
    new_lesson_template,
    preview_browser,
)
from desktop.ui.lessons.import_problems import ImportProblemsDialog
from desktop.ui.lessons.starter_offer import StarterLessonsOffer
from desktop.ui.lessons.summary_list import SUMMARY_ROLE, SummaryFilterProxy, SummaryListModel
from desktop.ui.page import Page
from desktop.ui.widgets import Heading, Note, set_button_text

DURATION_LABELS = {
    "up_to_30": N_("Up to 30 minutes"),
    "31_to_60": N_("31 to 60 minutes"),
    "61_to_90": N_("61 to 90 minutes"),
    "over_90": N_("Over 90 minutes"),
}


def describe(s: LessonSummary) -> str:
    parts = [
        ngettext("{n} minute", "{n} minutes", s.minutes).format(n=s.minutes),
        language_label(s.language),
        _(LEVEL_LABELS[s.level]) if s.level in LEVEL_LABELS else s.level,
        _("works offline") if s.offline else _("needs the internet"),
    ]
    return " · ".join(parts)


class LessonsPage(Page):
    key = "lessons"

    def __init__(self, ctx: AppContext, title: str) -> None:
        super().__init__(ctx, title)
        self.detail: LessonDetail | None = None
        self._select_after_load: str | None = None

        self.starter_offer = StarterLessonsOffer(ctx)
        self.starter_offer.installed.connect(self._imported)
        self.starter_offer.failed.connect(self._import_failed)
        self.starter_button = self.starter_offer.button
        self.import_problems: ImportProblemsDialog | None = None
        self.update_dialog: CommonsUpdateDialog | None = None
        self.publish_dialog: PublishDialog | None = None
        library = QWidget(self)  # the library; beside it, the commons (LessonViews)
        body = QVBoxLayout(library)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.starter_offer)
        body.addLayout(self._build_filters())
        body.addLayout(self._build_actions())
        # The card is the one obvious way for an empty library; the quieter button serves any other.
        self.add_starters_button.setVisible(not self.starter_offer.isVisibleTo(self))
        self.starter_offer.shown.connect(lambda offered: self.add_starters_button.setVisible(not offered))
        self.status = Note("")
        self.status.setAccessibleName(_("Lessons status"))
        body.addWidget(self.status)

        self.model: SummaryListModel[LessonSummary] = SummaryListModel(lambda s: (s.title, describe(s)), self)
        self.proxy = SummaryFilterProxy(LessonFilter(), self)
        self.proxy.setSourceModel(self.model)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.setAccessibleName(_("Lessons found"))
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.selectionModel().currentChanged.connect(lambda current, _prev: self._load_detail(current))

        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([330, 620])
        splitter.setChildrenCollapsible(False)
        body.addWidget(splitter, 1)
        self.views = LessonViews(ctx, library, self._select_when_loaded)
        self.layout_.addWidget(self.views, 1)
        self.refresh_on(Kind.LESSONS)

    # Building --------------------------------------------------------------------------

    def _build_filters(self) -> QVBoxLayout:
        rows = QVBoxLayout()
        row = QHBoxLayout()
        search_label = QLabel(_("&Search:"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Title, tag or any word in the lesson"))
        self.search.setAccessibleName(_("Search lessons"))
        self.search.setClearButtonEnabled(True)
        clear = self.search.findChild(QToolButton)  # the line edit's clear button, nameless unless named
        if clear is not None:
            clear.setAccessibleName(_("Clear the search"))
        search_label.setBuddy(self.search)
        self.search.textChanged.connect(self._apply_filter)
        row.addWidget(search_label)
        row.addWidget(self.search, 2)
        self.offline_only = QCheckBox()
        set_button_text(self.offline_only, _("&Works offline"), _("Only lessons that work offline"))
        self.offline_only.toggled.connect(self._apply_filter)
        row.addWidget(self.offline_only)
        rows.addLayout(row)
        row = QHBoxLayout()  # the filters on a line of their own, each with its label

        self.level = self._combo(_("Level"), [("", _("Any level"))] + [(k, _(v)) for k, v in LEVEL_LABELS.items()])
        self.duration = self._combo(
            _("Length"), [("", _("Any length"))] + [(k, _(DURATION_LABELS[k])) for k, _lo, _hi in DURATIONS]
        )
        self.language = self._combo(_("Language"), [("", _("Any language"))])
        self.show_which = self._combo(_("Show"), [("library", _("Library")), ("trash", _("Trash"))])
        for combo in (self.level, self.duration, self.language, self.show_which):
            # On Linux a screen reader names a combo box by its value; its label (the buddy) says what it is.
            caption = QLabel(combo.accessibleName())
            caption.setBuddy(combo)
            row.addWidget(caption)
            row.addWidget(combo)
        row.addStretch(1)
        rows.addLayout(row)
        return rows

    def _combo(self, name: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        for key, label in items:
            combo.addItem(label, key)
        combo.currentIndexChanged.connect(self._apply_filter)
        return combo

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.new_button = self._button(_("&New lesson"), _("Write a new lesson"), self.new_lesson)
        self.import_file_button = self._button(_("&Import file…"), _("Import lesson files"), self.import_files)
        self.import_folder_button = self._button(
            _("Import fol&der…"),
            _("Import a folder of lessons, such as a Carpentries episodes folder"),
            self.import_folder,
        )
        # Always here, quieter than the first-start card: the starters a library lacks can be added any time.
        self.add_starters_button = self._button(
            _("Add st&arter lessons…"),
            _("Add the lessons that come with On-Ramp and are not in your library yet"),
            self.add_starter_lessons,
        )
        for b in (self.new_button, self.import_file_button, self.import_folder_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.add_starters_button)
        return row

    def _button(self, text: str, description: str, slot: Any) -> QPushButton:
        button = QPushButton()
        set_button_text(button, text, description)  # heard by the words it shows, explained by the description
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _build_detail(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.detail_title = Heading("", 2)
        self.detail_facts = Note("")
        layout.addWidget(self.detail_title)
        layout.addWidget(self.detail_facts)
        # Shown only for a lesson taken from the commons whose original has a newer version (commons_update_dialog).
        self.update_button = self._button(
            _("An &update is available…"), _("See what the newer version in the commons changes"), self.show_update
        )
        self.update_button.hide()
        layout.addWidget(self.update_button, 0, Qt.AlignmentFlag.AlignLeft)

        view_row = QHBoxLayout()
        view_label = QLabel(_("Preview as:"))
        self.as_learner = QRadioButton(_("&Learner"))
        self.as_learner.setAccessibleName(_("Preview as the learner sees it"))
        self.as_host = QRadioButton(_("H&ost"))
        self.as_host.setAccessibleName(_("Preview as the host sees it, with notes and solutions"))
        self.as_learner.setChecked(True)
        group = QButtonGroup(panel)
        group.addButton(self.as_learner)
        group.addButton(self.as_host)
        self.as_learner.toggled.connect(lambda _on: self._render())
        view_row.addWidget(view_label)
        view_row.addWidget(self.as_learner)
        view_row.addWidget(self.as_host)
        view_row.addStretch(1)
        self.publish_button = self._button(
            _("&Publish to the commons…"),
            _("Share this lesson with other organisations under an open licence"),
            self.publish_current,
        )
        view_row.addWidget(self.publish_button)
        layout.addLayout(view_row)

        self.preview = preview_browser(_("Lesson preview"))
        layout.addWidget(self.preview, 1)

        buttons = QHBoxLayout()
        self.edit_button = self._button(_("&Edit"), _("Edit this lesson"), self.edit_lesson)
        self.remix_button = self._button(_("&Remix"), _("Make your own copy of this lesson"), self.remix_lesson)
        self.history_button = self._button(_("Histor&y"), _("Earlier versions of this lesson"), self.show_history)
        self.export_button = self._button(
            _("Save a &copy as a file…"), _("Save a copy of this lesson as a file (Markdown, .md)"), self.export_current
        )
        self.trash_button = self._button(_("Move to &trash"), _("Move this lesson to the trash"), self.trash_or_restore)
        self.detail_buttons = [
            self.edit_button,
            self.remix_button,
            self.history_button,
            self.export_button,
            self.trash_button,
        ]
        for b in self.detail_buttons:
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._show_detail(None)
        return panel

    # Loading ---------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    def refresh(self) -> None:
        self._loading = True
        self.ctx.db_runner.run(all_lessons, self._loaded)

    def _loaded(self, lessons: list[LessonSummary] | None, error: BaseException | None) -> None:
        self._loading = False
        if error is not None or lessons is None:
            self.status.setText(_("The lessons could not be loaded: {error}").format(error=error))
            return
        current = self._select_after_load or (self.detail.summary.id if self.detail else None)
        self._select_after_load = None
        self._update_languages(lessons)
        self.model.set_lessons(lessons)
        if not lessons:
            self.status.setText(_("No lessons yet. Add the starter lessons, import a lesson, or write a new one."))
        self._select(current)

    def _update_languages(self, lessons: list[LessonSummary]) -> None:
        chosen = self.language.currentData()
        self.language.blockSignals(True)
        while self.language.count() > 1:
            self.language.removeItem(1)
        for code in sorted({s.language for s in lessons}):
            self.language.addItem(language_label(code), code)
        index = self.language.findData(chosen)
        self.language.setCurrentIndex(max(index, 0))
        self.language.blockSignals(False)

    def _select(self, lesson_id: str | None) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if lesson_id is None or index.data(SUMMARY_ROLE).id == lesson_id:
                self.list.setCurrentIndex(index)
                self._load_detail(index)
                return
        if self.proxy.rowCount():
            self._select(None)
        else:
            self._show_detail(None)

    def current_filter(self) -> LessonFilter:
        return LessonFilter(
            query=self.search.text(),
            level=self.level.currentData() or "",
            language=self.language.currentData() or "",
            duration=self.duration.currentData() or "",
            offline_only=self.offline_only.isChecked(),
            trash=self.show_which.currentData() == "trash",
        )

    def _apply_filter(self, *_args: object) -> None:
        filt = self.current_filter()
        self.proxy.set_filter(filt)
        shown = self.proxy.rowCount()
        if filt.trash and not shown:
            self.status.setText(_("The trash is empty."))
        elif self.model.rowCount() and not shown:
            self.status.setText(_("No lesson matches. Try fewer words or another filter."))
        else:
            self.status.setText(
                ngettext("{n} lesson", "{n} lessons", shown).format(n=shown)
                if self.model.rowCount()
                else self.status.text()
            )
        still = self.detail and any(
            self.proxy.index(r, 0).data(SUMMARY_ROLE).id == self.detail.summary.id for r in range(shown)
        )
        if not still:
            self._select(None)

    def _load_detail(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        lesson_id = index.data(SUMMARY_ROLE).id
        if self.detail and self.detail.summary.id == lesson_id and self.detail.summary == index.data(SUMMARY_ROLE):
            return
        self.ctx.db_runner.run(lambda s: lesson_detail(s, lesson_id), self._detail_loaded)

    def _detail_loaded(self, detail: LessonDetail | None, error: BaseException | None) -> None:
        if error is not None:
            self.status.setText(_("The lesson could not be opened: {error}").format(error=error))
            return
        self._show_detail(detail)

    def _show_detail(self, detail: LessonDetail | None) -> None:
        self.detail = detail
        self.update_button.hide()
        for b in self.detail_buttons:
            b.setEnabled(detail is not None)
        self.publish_button.setEnabled(detail is not None)
        if detail is None:
            self.detail_title.setText(_("No lesson chosen"))
            self.detail_facts.setText(_("Choose a lesson on the left to see it here."))
            self.preview.clear()
            return
        s = detail.summary
        self.detail_title.setText(s.title)
        self.detail_title.setAccessibleName(s.title)
        facts = [describe(s), _("version {n}").format(n=s.current_version)]
        if detail.remixed_from_title:
            facts.append(_("remixed from “{title}”").format(title=detail.remixed_from_title))
        self.detail_facts.setText(" · ".join(facts))
        set_button_text(
            self.trash_button,
            _("Restore from &trash") if s.trashed else _("Move to &trash"),
            _("Restore this lesson from the trash") if s.trashed else _("Move this lesson to the trash"),
        )
        self.edit_button.setEnabled(not s.trashed)
        self.publish_button.setEnabled(not s.trashed)
        self._render()
        self._check_update(s.id)

    def _check_update(self, lesson_id: str) -> None:
        def loaded(offer: UpdateOffer | None, error: BaseException | None) -> None:
            shown = self.detail is not None and self.detail.summary.id == lesson_id
            self.update_button.setVisible(shown and error is None and offer is not None)

        self.ctx.db_runner.run(lambda s: update_for(s, lesson_id), loaded)

    def show_update(self) -> None:
        if self.detail is None:
            return

        def opened(dialog: CommonsUpdateDialog) -> None:
            def chosen() -> None:
                if dialog.new_lesson_id is not None:  # "See both": show the update, added beside this lesson
                    self._select_when_loaded(dialog.new_lesson_id)

            dialog.accepted.connect(chosen)
            self.update_dialog = dialog

        offer_update(self.ctx, self.detail.summary.id, self, on_open=opened)

    def _render(self) -> None:
        if self.detail is None:
            return
        if self.detail.doc is None:
            self.preview.setPlainText(
                _("This lesson has a problem and cannot be shown: {problem}\n\nChoose Edit to fix it.").format(
                    problem=self.detail.problem
                )
            )
            return
        scroll = self.preview.verticalScrollBar().value()
        self.preview.setHtml(to_html(self.detail.doc, host=self.as_host.isChecked()))
        self.preview.verticalScrollBar().setValue(scroll)

    # Actions ---------------------------------------------------------------------------

    def new_lesson(self) -> LessonEditor:
        editor = LessonEditor(self.ctx, None, new_lesson_template(), _("New lesson"), self)
        editor.accepted.connect(lambda: self._after_save(editor))
        editor.open()
        return editor

    def edit_lesson(self) -> LessonEditor | None:
        if self.detail is None:
            return None
        editor = LessonEditor(
            self.ctx,
            self.detail.summary.id,
            self.detail.text,
            _("Edit “{title}”").format(title=self.detail.summary.title),
            self,
        )
        editor.accepted.connect(lambda: self._after_save(editor))
        editor.open()
        return editor

    def _after_save(self, editor: LessonEditor) -> None:
        self._select_when_loaded(editor.saved_id)
        self.status.setText(_("Saved."))

    def _select_when_loaded(self, lesson_id: str | None) -> None:
        """Show this lesson: now, or once the list being loaded after the change arrives."""
        if lesson_id is None:
            return
        if self._loading:
            self._select_after_load = lesson_id
        else:
            self._select(lesson_id)

    def remix_lesson(self) -> None:
        if self.detail is None:
            return
        lesson_id = self.detail.summary.id
        self._run(
            lambda s: ops.remix_lesson(s, lesson_id), _("Your remix is ready: edit it as you like."), select_result=True
        )

    def publish_current(self) -> PublishDialog | None:
        if self.detail is None:
            return None
        self.publish_dialog = PublishDialog(self.ctx, self.detail.summary.id, self.detail.summary.title, self)
        self.publish_dialog.open()
        return self.publish_dialog

    def trash_or_restore(self) -> None:
        if self.detail is None:
            return
        s = self.detail.summary
        if s.trashed:
            self._run(
                lambda session: ops.restore_from_trash(session, s.id),
                _("“{title}” is back in the library.").format(title=s.title),
            )
        else:
            self._run(
                lambda session: ops.trash_lesson(session, s.id),
                _("“{title}” is in the trash. Choose Show: Trash to restore it.").format(title=s.title),
            )

    def show_history(self) -> None:
        if self.detail is None:
            return
        lesson_id, title = self.detail.summary.id, self.detail.summary.title

        def done(versions: list | None, error: BaseException | None) -> None:
            if error is not None or versions is None:
                self.status.setText(_("The history could not be loaded: {error}").format(error=error))
                return
            dialog = HistoryDialog(self.ctx, lesson_id, title, versions, self)
            dialog.open()
            self.history_dialog = dialog

        self.ctx.db_runner.run(lambda s: history(s, lesson_id), done)

    def export_current(self) -> None:
        if self.detail is None:
            return
        suggested = str(self.ctx.data_dir.parent / f"{self.detail.summary.slug}.md")
        path, _filter = QFileDialog.getSaveFileName(self, _("Export lesson"), suggested, _("Markdown (*.md)"))
        if not path:
            return
        lesson_id = self.detail.summary.id

        def done(written: Path | None, error: BaseException | None) -> None:
            # Writing a file changes nothing stored: a query, not an operation.
            if error is not None or written is None:
                self.status.setText(str(error))
            else:
                self.status.setText(_("Exported to {path}").format(path=written))

        self.ctx.db_runner.run(lambda s: export_lesson(s, lesson_id, path), done)

    def add_starter_lessons(self) -> None:
        """Add the starter lessons this library lacks, after saying what will and will not happen."""
        answer = QMessageBox.question(
            self,
            _("Add starter lessons"),
            _(
                "On-Ramp will add the lessons that come with it and are not in your library yet. "
                "Lessons you already have are left as they are. Starter lessons you moved to the trash "
                "stay there: to get one back, choose Show: Trash and restore it."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.status.setText(_("Adding the starter lessons…"))
        self.ctx.ops.run(ops.install_starter_lessons, self._starters_added, self._import_failed)

    def _starters_added(self, report: ImportReport) -> None:
        if report.added or report.failed:
            self._imported(report)
        else:
            self.status.setText(_("Nothing to add: every starter lesson is already in your library or in the trash."))

    def import_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self, _("Import lessons"), "", _("Lessons (*.md *.Rmd *.markdown);;All files (*)")
        )
        if paths:
            self.import_paths(paths)

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Import a folder of lessons"))
        if folder:
            self.import_paths([folder])

    def import_paths(self, paths: list[str]) -> None:
        self.status.setText(_("Importing…"))
        self.ctx.ops.run(lambda s: ops.import_paths(s, paths), self._imported, self._import_failed)

    def _import_failed(self, error: BaseException) -> None:
        self.status.setText(_("Nothing was imported: {error}").format(error=error))

    def _imported(self, report: ImportReport) -> None:
        self._select_when_loaded(report.added[0] if report.added else None)
        if report.failed or report.warnings:
            # Every good file is in; the host reads (and can copy) which files were not, or need a look.
            self.status.setText(report.summary())
            self.import_problems = ImportProblemsDialog(report, self)
            self.import_problems.open()
            return
        added = len(report.added)
        message = ngettext("{n} lesson added.", "{n} lessons added.", added).format(n=added)
        if report.updated:
            message += " " + ngettext("{n} updated.", "{n} updated.", len(report.updated)).format(n=len(report.updated))
        if report.unchanged or report.skipped:
            n = len(report.unchanged) + len(report.skipped)
            message += " " + ngettext("{n} was already here.", "{n} were already here.", n).format(n=n)
        self.status.setText(message)

    def _run(self, op: Callable[[Session], Done[str]], message: str, *, select_result: bool = False) -> None:
        """Run a lesson operation; then say ``message`` (and show the lesson it returns, if asked)."""

        def done(lesson_id: str) -> None:
            if select_result:
                self._select_when_loaded(lesson_id)
            self.status.setText(message)

        self.ctx.ops.run(op, done, lambda error: self.status.setText(str(error)))
