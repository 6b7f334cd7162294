"""The main window: a sidebar of capabilities, one page each, and a status bar."""

from __future__ import annotations

import errno
import logging
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from desktop import APP_NAME, __version__
from desktop.i18n import LANGUAGES, _
from desktop.ui.a11y import LiveLabel
from desktop.ui.context import AppContext
from desktop.ui.pages import PAGES

if TYPE_CHECKING:  # the pages' modules touch Qt's enum namespace, which PySide builds whole on first use
    from desktop.ui.page import Page

P = TypeVar("P", bound="Page")
log = logging.getLogger(__name__)


class LazyPages(Mapping[str, "Page"]):
    """The window's pages by key; a page is built the first time it is asked for."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self._built: dict[str, Page] = {}
        self._index = {spec.key: i for i, spec in enumerate(PAGES)}

    def __getitem__(self, key: str) -> Page:
        if key not in self._built:
            self._built[key] = self._window._build_page(self._index[key])
        return self._built[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def built(self) -> dict[str, Page]:
        return dict(self._built)


def set_shortcut(action: QAction, keys: QKeySequence) -> None:
    """``action.setShortcut(keys)``, without the cost: PySide's choice among ``setShortcut``'s overloads has it
    build all of Qt's enums (20-40 ms) before the first frame, where ``setShortcuts`` has one way to read a list."""
    action.setShortcuts([keys])


# Roomy rows: easier to hit, easier to read; "em" padding follows the font in large-text mode.
SIDEBAR_STYLE = "#sidebar::item { padding: 0.45em 0.8em; }"


class MainWindow(QMainWindow):
    language_change_requested = Signal(str)
    large_text_toggled = Signal(bool)
    closed = Signal()

    def __init__(self, ctx: AppContext, *, first_page_later: bool = False) -> None:
        """``first_page_later``: the frame alone (sidebar, an empty page, menus, status bar), for a first frame
        drawn at once; ``show_first_page`` then builds and loads the page the sidebar points at."""
        super().__init__()
        self.ctx = ctx
        title = APP_NAME + (" — " + _("demo data") if ctx.is_demo else "")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(1100, 720)

        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName(_("Sections"))
        self.sidebar.setAccessibleDescription(_("Choose a section; Ctrl+1 to Ctrl+8 jump straight to one."))
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setStyleSheet(SIDEBAR_STYLE)
        # Its width is fitted to the titles (_fit_sidebar): a scroll bar would only hide the last row. Set by the
        # property's name: ``Qt.ScrollBarPolicy`` would have PySide build all of Qt's enums (20-40 ms) before the
        # first frame.
        self.sidebar.setProperty("horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
        self.stack = QStackedWidget()
        # Pages are built when first shown, so the window appears before every feature loads.
        self.pages = LazyPages(self)
        for index, spec in enumerate(PAGES):
            self.stack.addWidget(QWidget())  # stands in until the page is built
            item = QListWidgetItem(_(spec.title))
            item.setToolTip(_("{page} (Ctrl+{n})").format(page=_(spec.title), n=index + 1))
            self.sidebar.addItem(item)

        splitter = QSplitter()
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self._fit_sidebar()
        ctx.events.large_text_changed.connect(self._text_size_changed)

        # Named by the sentence it shows (a caption would hide it from a screen reader), and heard when
        # sync's state changes; no file path here, ever (widgets.show_status).
        self.sync_label = LiveLabel(_("Not connected to a hub: everything is kept on this laptop."))
        self.sync_label.setAccessibleName(_("Sync status"))
        self.statusBar().addWidget(self.sync_label, 1)
        if ctx.is_demo:
            demo = QLabel(_("Demo database"))
            self.statusBar().addPermanentWidget(demo)
        ctx.events.sync_state_changed.connect(self._sync_state_changed)
        ctx.events.open_session_requested.connect(self._open_session)
        ctx.events.kiosk_requested.connect(self._choose_for_kiosk)

        self._build_menus()
        self.sidebar.setCurrentRow(0)
        self.sidebar.currentRowChanged.connect(self._show_row)
        self.sidebar.setFocus()
        if not first_page_later:
            self.show_first_page()

    def _sync_state_changed(self, text: str) -> None:
        """Shown always; said aloud only when it is news (see ``SyncController.is_news``)."""
        sync = self.ctx.sync
        self.sync_label.setText(text, quiet=sync is not None and not sync.last_was_news)

    # Text size ------------------------------------------------------------------

    def _fit_sidebar(self) -> None:
        """The sidebar as wide as its longest title and the rows' padding need at the current text size.

        No wider: with large text every column given to the sidebar is taken from the pages, which must
        still fit a 1280-pixel laptop screen.
        """
        metrics = self.sidebar.fontMetrics()
        widest = max(metrics.horizontalAdvance(self.sidebar.item(i).text()) for i in range(self.sidebar.count()))
        # 0.8em padding each side, the frame and a little air; never narrower than 20 characters.
        width = max(170, 20 * metrics.averageCharWidth(), widest + 2 * metrics.height())
        self.sidebar.setMinimumWidth(width)
        total = max(self.splitter.width(), self.width(), width + 400)
        self.splitter.setSizes([width + 20, total - width - 20])

    def _text_size_changed(self, _large: bool) -> None:
        """Lay out the whole window again for the new text size: the sidebar's rows and width, every page."""
        self.sidebar.setStyleSheet(SIDEBAR_STYLE)  # "em" padding is worked out when the sheet is applied
        self.sidebar.doItemsLayout()
        self._fit_sidebar()
        for widget in (self, *self.findChildren(QWidget)):
            widget.updateGeometry()
            if (layout := widget.layout()) is not None:
                layout.invalidate()
                layout.activate()

    # Navigation -----------------------------------------------------------------

    def show_first_page(self) -> None:
        """Build and load the page the sidebar points at (once the frame is drawn, for a window built with
        ``first_page_later``)."""
        self._show_row(self.sidebar.currentRow())

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        page = self.pages[PAGES[row].key]
        self.stack.setCurrentIndex(row)
        page.refresh()

    def _build_page(self, index: int) -> Page:
        spec = PAGES[index]
        page = spec.build(self.ctx)
        standin = self.stack.widget(index)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, page)
        if standin is not None:
            self.stack.removeWidget(standin)
            standin.deleteLater()
        self.stack.setCurrentIndex(current)
        if spec.key == "pairing":  # its module is loaded now; no other page's build loads it
            from desktop.ui.pairing.page import PairingPage

            if isinstance(page, PairingPage):
                page.print_cards_requested.connect(self._print_pair_cards)
        return page

    def show_page(self, key: str) -> Page:
        keys = [spec.key for spec in PAGES]
        self.sidebar.setCurrentRow(keys.index(key))
        return self.pages[key]

    def open_page(self, page_type: type[P]) -> P:
        """Show the page of this class and return it, typed, so its own methods can be called."""
        page = self.show_page(page_type.key)
        if not isinstance(page, page_type):
            raise TypeError(f"the {page_type.key!r} page is a {type(page).__name__}, not a {page_type.__name__}")
        return page

    def _open_session(self, session_id: str) -> None:
        from desktop.ui.sessions.page import SessionsPage

        self.open_page(SessionsPage).show_session(session_id)

    def _choose_for_kiosk(self, session_id: str) -> None:
        from desktop.ui.signin.page import SignInPage

        self.open_page(SignInPage).choose_session(session_id)

    def _print_pair_cards(self, session_id: str, _tables: list) -> None:
        from desktop.ui.handouts.page import HandoutsPage

        self.open_page(HandoutsPage).show_document("pair-cards", session_id)

    # Menus and shortcuts -------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        backup = QAction(_("&Back up now"), self)
        set_shortcut(backup, QKeySequence("Ctrl+B"))
        backup.triggered.connect(self._backup_now)
        file_menu.addAction(backup)
        file_menu.addSeparator()
        quit_action = QAction(_("&Quit"), self)
        set_shortcut(quit_action, QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view = self.menuBar().addMenu(_("&View"))
        self.large_text_action = QAction(_("&Large text"), self)
        self.large_text_action.setCheckable(True)
        set_shortcut(self.large_text_action, QKeySequence("Ctrl+Shift+L"))
        self.large_text_action.toggled.connect(self.large_text_toggled)
        view.addAction(self.large_text_action)
        language_menu = view.addMenu(_("L&anguage"))
        for code, name in LANGUAGES.items():
            action = QAction(name, self)
            action.triggered.connect(lambda _=False, c=code: self.language_change_requested.emit(c))
            language_menu.addAction(action)
        view.addSeparator()
        for index, spec in enumerate(PAGES):
            go = QAction(_(spec.title), self)
            set_shortcut(go, QKeySequence(f"Ctrl+{index + 1}"))
            go.triggered.connect(lambda _=False, r=index: self.sidebar.setCurrentRow(r))
            view.addAction(go)

        help_menu = self.menuBar().addMenu(_("&Help"))
        about = QAction(_("&About On-Ramp"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _backup_now(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from desktop.backup import back_up_now
        from desktop.ui.widgets import show_status

        data_dir = self.ctx.data_dir

        def done(path: object, error: BaseException | None) -> None:
            if error is not None:
                log.warning("backup failed: %r", error)
                full = isinstance(error, OSError) and error.errno == errno.ENOSPC
                QMessageBox.warning(
                    self,
                    _("Backup"),
                    _("There is not enough free space on this laptop to save a backup.")
                    if full
                    else _(
                        "The backup could not be saved. Try again; if it fails again, close On-Ramp and open it again."
                    ),
                )
            else:
                show_status(self, _("Backup saved at {time}.").format(time=datetime.now().strftime("%H:%M")))

        self.ctx.tasks.run(lambda: back_up_now(data_dir, "manual"), done)

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            _("About On-Ramp"),
            _(
                "On-Ramp {version}\n\nLessons, sign-in, peer pairing and handouts for free taster "
                "coding sessions, run by volunteers where people already gather."
            ).format(version=__version__),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
