"""Handouts: pick a document, a session or lesson and a variant; preview, save, open or print it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.handouts.data import Choice, HandoutError, lesson_choices, session_choices
from desktop.handouts.documents import KIND_BY_KEY, KINDS
from desktop.handouts.preview import PageImage, rasterize
from desktop.handouts.request import HandoutRequest, gather, render
from desktop.i18n import _, ngettext
from desktop.ops import Kind
from desktop.sessions.planning import latest_session
from desktop.settings import PAPER_SIZE
from desktop.ui.context import AppContext
from desktop.ui.page import Page
from desktop.ui.widgets import Note, set_button_text

PREVIEW_PAGES = 6  # enough to judge the layout; the saved PDF has every page
PREVIEW_DPI = 60
PRINT_DPI = 200


class HandoutsPage(Page):
    key = "handouts"

    def __init__(self, ctx: AppContext, title: str) -> None:
        super().__init__(ctx, title)
        self.pdf: bytes | None = None
        self.pages: list[PageImage] = []
        self._request: HandoutRequest | None = None
        self._wanted_session = ""

        body = QHBoxLayout()
        self.layout_.addLayout(body, 1)
        controls = QWidget()
        form = QFormLayout(controls)
        # Long rows wrap under their label instead of being cut off in large text or Spanish.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)

        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(_(kind.label), kind.key)
        self.kind.setAccessibleName(_("Kind of handout"))
        self.session = QComboBox()
        self.session.setAccessibleName(_("Session"))
        self.lesson = QComboBox()
        self.lesson.setAccessibleName(_("Lesson"))
        self.host = QCheckBox()
        set_button_text(self.host, _("Host &copy (solutions, notes and timings)"))
        self.large = QCheckBox()
        set_button_text(self.large, _("&Large print (18 pt and up, high contrast)"))
        self.paper = QComboBox()
        self.paper.addItem(_("A4"), "a4")
        self.paper.addItem(_("Letter"), "letter")
        self.paper.setAccessibleName(_("Paper size"))
        self.paper.setCurrentIndex(max(0, self.paper.findData(ctx.settings.get(PAPER_SIZE))))

        for label_text, widget in (
            (_("&Document:"), self.kind),
            (_("&Session:"), self.session),
            (_("L&esson:"), self.lesson),
            (_("&Paper:"), self.paper),
        ):
            label = QLabel(label_text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow(self.host)
        form.addRow(self.large)

        self.preview_button = QPushButton()
        self.save_button = QPushButton()
        self.open_button = QPushButton()
        self.print_button = QPushButton()
        for button, text, description in (
            (self.preview_button, _("Previe&w"), _("Preview the handout")),
            (self.save_button, _("S&ave PDF…"), _("Save the PDF")),
            (self.open_button, _("&Open in viewer"), _("Open the PDF in the system viewer")),
            (self.print_button, _("P&rint…"), _("Print the handout")),
        ):
            set_button_text(button, text, description)  # heard by the words it shows
            form.addRow(button)
        self.status = Note("")
        form.addRow(self.status)
        body.addWidget(controls, 2)

        self.pages_scroll = QScrollArea()
        self.pages_scroll.setWidgetResizable(True)
        self.pages_scroll.setAccessibleName(_("Preview of the handout's pages"))
        self._pages_host = QWidget()
        self._pages_layout = QVBoxLayout(self._pages_host)
        self._pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.pages_scroll.setWidget(self._pages_host)
        body.addWidget(self.pages_scroll, 3)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        for signal in (
            self.session.currentIndexChanged,
            self.lesson.currentIndexChanged,
            self.paper.currentIndexChanged,
            self.host.toggled,
            self.large.toggled,
        ):
            signal.connect(self._selection_changed)
        self.preview_button.clicked.connect(self.make_preview)
        self.save_button.clicked.connect(self.save_pdf)
        self.open_button.clicked.connect(self.open_in_viewer)
        self.print_button.clicked.connect(self.print_pdf)
        self._kind_changed()
        self._set_ready(False)
        self.refresh_on(Kind.SESSIONS, Kind.LESSONS)

    # -- state ----------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._loading

    def request(self) -> HandoutRequest:
        return HandoutRequest(
            kind=self.kind.currentData() or "lesson",
            session_id=self.session.currentData() or "",
            lesson_id=self.lesson.currentData() or "",
            host=self.host.isChecked(),
            large_print=self.large.isChecked(),
            paper=self.paper.currentData() or "a4",
        )

    def _kind_changed(self) -> None:
        needs = KIND_BY_KEY[self.kind.currentData()].needs
        self.lesson.setEnabled(needs == "lesson")
        self.host.setEnabled(needs == "lesson")
        self.session.setEnabled(needs in ("session", "flyer"))
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.pdf = None
        self._set_ready(False)

    def _set_ready(self, ready: bool) -> None:
        for button in (self.save_button, self.open_button, self.print_button):
            button.setEnabled(ready)

    # -- loading the lists ----------------------------------------------------------------
    def refresh(self) -> None:
        self._loading = True
        self.ctx.db_runner.run(
            lambda s: (session_choices(s), lesson_choices(s), _latest_session_id(s)), self._show_choices
        )

    def show_document(self, kind_key: str, session_id: str) -> None:
        """Open on one document for one session (the Pairing page's "Print pair cards")."""
        self._wanted_session = session_id
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind_key)))
        self.pdf, self.pages = None, []
        self.refresh()

    def _show_choices(self, result: tuple[list[Choice], list[Choice], str] | None, error: BaseException | None) -> None:
        self._loading = False
        if error is not None or result is None:
            self.status.setText(_("Sessions and lessons could not be loaded: {error}").format(error=error))
            return
        sessions, lessons, latest = result
        for combo, choices, empty in (
            (self.session, sessions, _("No sessions yet")),
            (self.lesson, lessons, _("No lessons in the library yet")),
        ):
            # Until the host picks one, the session is the latest: under way, or most recently started.
            keep = combo.currentData() or (latest if combo is self.session else "")
            if combo is self.session and self._wanted_session:
                keep, self._wanted_session = self._wanted_session, ""
            combo.blockSignals(True)
            combo.clear()
            for c in choices:
                combo.addItem(c.label, c.id)
            if not choices:
                combo.addItem(empty, "")
            index = combo.findData(keep) if keep else -1
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)
        if self.pdf is None and not self.pages and self.isVisible():
            self.make_preview()  # only for a host looking at the page: rendering pages is costly

    # -- making the PDF -------------------------------------------------------------------
    def make_preview(self) -> None:
        request = self.request()
        self._request = request
        self._loading = True
        self._set_ready(False)
        self.status.setText(_("Making the handout…"))
        self.ctx.db_runner.run(lambda s: gather(s, request), lambda g, e: self._gathered(request, g, e))

    def _gathered(self, request: HandoutRequest, gathered, error: BaseException | None) -> None:
        if request != self._request:
            return  # the host has since picked something else
        if error is not None:
            self._failed(error)
            return

        def work() -> tuple[bytes, list[PageImage]]:
            pdf = render(gathered)
            return pdf, rasterize(pdf, PREVIEW_DPI, max_pages=PREVIEW_PAGES)

        self.ctx.tasks.run(work, lambda result, e: self._rendered(request, result, e))

    def _rendered(self, request: HandoutRequest, result, error: BaseException | None) -> None:
        if request != self._request:
            return
        self._loading = False
        if error is not None:
            self._failed(error)
            return
        self.pdf, self.pages = result
        self._show_pages()
        from desktop.handouts.preview import page_count

        n = page_count(self.pdf)
        shown = min(n, PREVIEW_PAGES)
        self.status.setText(
            ngettext("{n} pages. Showing the first {shown}.", "{n} pages. Showing the first {shown}.", n).format(
                n=n, shown=shown
            )
            if n > shown
            else ngettext("{n} page, ready to save or print.", "{n} pages, ready to save or print.", n).format(n=n)
        )
        self._set_ready(True)

    def _failed(self, error: BaseException) -> None:
        self._loading = False
        self.pdf = None
        self._clear_pages()
        if isinstance(error, HandoutError):
            self.status.setText(str(error))
        else:
            self.status.setText(_("The handout could not be made: {error}").format(error=error))

    def _clear_pages(self) -> None:
        while (item := self._pages_layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()

    def _show_pages(self) -> None:
        self._clear_pages()
        for n, page in enumerate(self.pages, start=1):
            image = QImage(page.rgb, page.width, page.height, page.width * 3, QImage.Format.Format_RGB888).copy()
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setAccessibleName(_("Page {n}").format(n=n))
            label.setFrameShape(QLabel.Shape.Box)
            self._pages_layout.addWidget(label)

    # -- save, open, print ----------------------------------------------------------------
    def _suggested_name(self) -> str:
        r = self._request or self.request()
        return (
            f"{r.kind}{'-host' if r.host and r.kind == 'lesson' else ''}{'-large-print' if r.large_print else ''}.pdf"
        )

    def save_pdf(self) -> None:
        if self.pdf is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the handout"), str(Path.home() / self._suggested_name()), _("PDF files (*.pdf)")
        )
        if path:
            self.write_pdf(Path(path))

    def write_pdf(self, path: Path, on_written=None) -> None:
        data = self.pdf
        if data is None:
            return

        def work() -> Path:
            path.write_bytes(data)
            return path

        def done(result, error) -> None:
            if error is not None:
                self.status.setText(_("Could not save {path}: {error}").format(path=path, error=error))
                return
            self.status.setText(_("Saved {path}").format(path=result))
            if on_written:
                on_written(result)

        self.ctx.tasks.run(work, done)

    def open_in_viewer(self) -> None:
        if self.pdf is None:
            return
        folder = Path(tempfile.gettempdir()) / "onramp-handouts"
        folder.mkdir(parents=True, exist_ok=True)
        self.write_pdf(
            folder / self._suggested_name(), lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        )

    def print_pdf(self) -> None:
        if self.pdf is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._suggested_name())
        dialog = QPrintDialog(printer, self)
        dialog.setAccessibleName(_("Print the handout"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        data = self.pdf
        self.status.setText(_("Preparing the pages for the printer…"))
        self.ctx.tasks.run(lambda: rasterize(data, PRINT_DPI), lambda pages, e: self._print_pages(printer, pages, e))

    def _print_pages(self, printer, pages: list[PageImage] | None, error: BaseException | None) -> None:
        if error is not None or not pages:
            self.status.setText(_("Could not print: {error}").format(error=error))
            return
        painter = QPainter()
        if not painter.begin(printer):
            self.status.setText(_("The printer could not be started."))
            return
        try:
            for n, page in enumerate(pages):
                if n:
                    printer.newPage()
                image = QImage(page.rgb, page.width, page.height, page.width * 3, QImage.Format.Format_RGB888)
                target = painter.viewport()
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(
                    target.x(),
                    target.y(),
                    image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation),
                )
        finally:
            painter.end()
        self.status.setText(_("Sent to the printer."))


def _latest_session_id(session: Session) -> str:
    found = latest_session(session)
    return found.id if found is not None else ""
