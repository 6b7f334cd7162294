"""QApplication start-up and wiring, nothing else."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the start path imports Qt and the database layer only once it needs them
    from PySide6.QtCore import QObject, QTranslator

    from desktop.dbcheck import BackgroundCheck, DatabaseProblem
    from desktop.models.database import Database
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow
    from desktop.ui.page import Page

LARGE_TEXT_SCALE = 1.5
ICON_SIZES = (48, 256)


def run_app(args: argparse.Namespace) -> int:
    if args.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.dbcheck import BackgroundCheck
    from desktop.paths import database_path, demo_data_dir

    # The integrity check runs in SQLite, off the GIL, while Qt loads.
    data_dir = demo_data_dir(args.data_dir) if args.demo else args.data_dir
    args.precheck = BackgroundCheck(database_path(data_dir))
    from PySide6.QtWidgets import QApplication

    look_for_qt_without_keeping_sources()

    from desktop import APP_NAME, ORG_NAME, __version__

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    from desktop.ui.collector import MainThreadCollector

    MainThreadCollector(app)
    name_the_app(app)  # the icon follows, once the window has painted (AppController._show)
    dialogs = None
    if args.self_test or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        # Offscreen nobody can see or answer a dialog: one would wait for ever.
        dialogs = DialogsToStderr(app)
    controller = AppController(app, args, dialogs)
    if not controller.start():
        return 1
    if args.self_test:
        return controller.self_test(dialogs)
    if getattr(args, "quit_after_start", False):
        return controller.quit_after_start()
    _quit_on_signals(app)
    code = app.exec()
    controller.shutdown()
    return code


def look_for_qt_without_keeping_sources() -> None:
    """PySide6 asks of every module imported after it whether its source mentions "PySide6" (for its optional
    ``__feature__`` switches), with ``inspect.getsource``: that keeps every module's source in ``linecache``,
    about 25 MB at start-up, and costs time. The same question, asked of the file's bytes, keeps nothing."""
    import linecache

    feature = sys.modules.get("shibokensupport.feature")
    asks = getattr(feature, "_mod_uses_pyside", None)
    if asks is None or getattr(asks, "reads_bytes", False):
        return  # another PySide6 than the one this was written for: leave it as it is

    def mentions_pyside(module) -> bool:  # module: ModuleType
        file = getattr(module, "__file__", None)
        if not isinstance(file, str) or not file.endswith(".py"):
            return asks(module)
        try:
            with open(file, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return asks(module)

    mentions_pyside.reads_bytes = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = mentions_pyside  # type: ignore[union-attr]
    linecache.clearcache()  # the sources it kept before now


def icon_files() -> list[Path]:
    """The app's icon, as drawn (SVG) and rendered (PNGs): in the package, pip-installed or bundled."""
    from desktop.paths import package_root

    folder = package_root() / "icons"
    return [folder / "onramp.svg", *(folder / f"onramp-{size}.png" for size in ICON_SIZES)]


def show_identity(app) -> None:  # app: QGuiApplication
    """Tell the desktop which menu entry this is, and give every window the icon."""
    name_the_app(app)
    set_app_icon(app)


def name_the_app(app) -> None:  # app: QGuiApplication
    """The desktop file name (onramp.desktop) lets Wayland docks and task bars match the window to the menu
    entry: set before any window is shown, as a window tells it when it first appears."""
    from desktop import APP_ID

    app.setDesktopFileName(APP_ID)


def set_app_icon(app) -> None:  # app: QGuiApplication
    """Every window's icon, for X11 and a copy started from its folder (drawing the SVG takes a moment)."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    svg, *pngs = icon_files()
    icon = QIcon(str(svg)) if svg.is_file() else QIcon()
    # Drawn sizes too: the SVG icon engine may be missing, and small sizes look crisper drawn.
    for size, png in zip(ICON_SIZES, pngs, strict=False):
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    if not icon.isNull():
        app.setWindowIcon(icon)


def _quit_on_signals(app) -> None:
    """SIGTERM (logout, shutdown) and Ctrl+C quit through Qt, so the closing backup is taken."""
    import signal

    from PySide6.QtCore import QTimer

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: app.quit())
    # Python runs signal handlers only between bytecodes; wake it regularly while Qt waits.
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(300)


# Qt's own translations (Save, Cancel…) are installed on the one QApplication, which outlives any
# one controller: whichever controller switches the language removes what any other installed.
_QT_TRANSLATORS: list[QTranslator] = []


class DialogsToStderr:
    """Closes every dialog as soon as it is shown and prints what it said to stderr, once ``watch()`` is called.

    For runs with no screen (``--self-test``, ``QT_QPA_PLATFORM=offscreen``): a modal
    dialog there would wait for an answer nobody can give. ``listeners`` hear of each one.
    Its filter sees every event of every object, and has PySide set up nearly every Qt class it has on the way
    (tens of ms): the controller starts it once the window has painted, or before any dialog the start may show.
    """

    def __init__(self, app) -> None:  # app: QApplication
        self.listeners: list[Callable[[str], None]] = []
        self._app = app
        # Made by watch(): it needs Qt's enum namespace, which PySide builds whole (20-40 ms).
        self._filter: QObject | None = None

    def watch(self) -> None:
        """Close dialogs from now on (once)."""
        if self._filter is not None:
            return
        from PySide6.QtCore import QEvent, QMetaObject, QObject, Qt
        from PySide6.QtWidgets import QDialog

        guard = self

        class _Filter(QObject):
            def eventFilter(self, watched, event) -> bool:
                if event.type() == QEvent.Type.Show and isinstance(watched, QDialog):
                    guard._shown(watched)
                    # Queued: the dialog's own event loop (exec) is running by then, and ends.
                    QMetaObject.invokeMethod(watched, "reject", Qt.ConnectionType.QueuedConnection)
                return False

        self._filter = _Filter(self._app)
        self._app.installEventFilter(self._filter)

    def _shown(self, dialog) -> None:  # dialog: QDialog
        from PySide6.QtWidgets import QMessageBox

        said = [dialog.windowTitle()]
        if isinstance(dialog, QMessageBox):
            said += [dialog.text(), dialog.informativeText()]
        message = "a dialog opened with no screen to show it, and was closed: " + " | ".join(t for t in said if t)
        if not self.listeners:
            print(message, file=sys.stderr)
        for listener in list(self.listeners):
            listener(message)


START_REPORT_VARIABLE = "ONRAMP_START_REPORT"
FIRST_PAINT_AT_THE_LATEST_MS = 1000


def after_first_paint(widget, then: Callable[[], None], at_the_latest_ms: int | None = None) -> None:
    """Call ``then()`` once ``widget`` has painted and the event loop has come round again (a zero timer); or,
    given ``at_the_latest_ms``, once that time has passed without a paint (a window nobody can see). Once."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    called = False

    def once() -> None:
        nonlocal called
        if not called:
            called = True
            then()

    class _Painted(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                widget.removeEventFilter(self)
                QTimer.singleShot(0, once)
            return False

    widget.installEventFilter(_Painted(widget))
    if at_the_latest_ms is not None:
        QTimer.singleShot(at_the_latest_ms, once)


def run_in_steps(steps: list[Callable[[], None]]) -> None:
    """Call each of ``steps`` in its own turn of the event loop (zero timers): input and painting between them."""
    from PySide6.QtCore import QTimer

    if steps:
        first, *rest = steps
        first()
        QTimer.singleShot(0, lambda: run_in_steps(rest))


class StartReport:
    """Prints to stdout when the window first painted and when its first page painted its data (each once the
    event loop then handled a zero timer, i.e. answers): the start-up benchmark reads these lines.
    Only with ``ONRAMP_START_REPORT`` set.

    It watches the main window alone, not every object: a filter on the whole application has every object Qt
    sends an event to wrapped for Python, and PySide then sets up nearly every Qt class it has (about 60 ms) on
    the way to the first paint, which an ordinary start does not do. The window's contents are drawn when the
    window handles an update request, so that is when the page's data is painted.
    """

    FIRST_PAINT = "onramp-start: first paint"
    PAGE_LOADED = "onramp-start: first page loaded"

    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, *lines: str) -> None:
        for line in lines:
            if line not in self.said:
                self.said.append(line)
                print(line, flush=True)

    def watch(self, window: MainWindow) -> None:
        """Report ``window``'s first paint and the first paint of its page's data; call before it paints."""
        from PySide6.QtCore import QEvent, QObject, QTimer

        report = self
        draws = (QEvent.Type.Paint, QEvent.Type.UpdateRequest)

        class _Paints(QObject):
            def eventFilter(self, watched, event) -> bool:
                kind = event.type()
                first = report.FIRST_PAINT not in report.said
                if kind not in draws or (first and kind != QEvent.Type.Paint):
                    return False
                lines = [report.FIRST_PAINT] if first else []
                if not getattr(window.stack.currentWidget(), "loading", True):  # its data is drawn in this paint
                    lines.append(report.PAGE_LOADED)
                    window.removeEventFilter(self)
                QTimer.singleShot(0, lambda: report.say(*lines))
                return False

        window.installEventFilter(_Paints(window))


class AppController:
    """Owns the database, the runners and the main window; rebuilds the window on language change."""

    def __init__(self, app, args: argparse.Namespace, dialogs: DialogsToStderr | None = None) -> None:
        # app: QApplication; dialogs: closes the dialogs of a run with no screen, watching from the first paint
        from desktop.paths import demo_data_dir
        from desktop.settings import Settings

        self.app = app
        self.args = args
        self.data_dir: Path = demo_data_dir(args.data_dir) if args.demo else args.data_dir
        given: Settings | None = getattr(args, "settings", None)  # read by the command line (cli.main)
        same_file = given is not None and given.path == self.data_dir / Settings.FILENAME
        self.settings = given if given is not None and same_file else Settings(self.data_dir)
        self.base_point_size = app.font().pointSizeF()
        self.window: MainWindow | None = None
        self.ctx: AppContext | None = None
        self._icon_set = False
        self._report: StartReport | None = None
        self.dialogs = dialogs

    # Start-up ----------------------------------------------------------------

    def start(self) -> bool:
        """Open the database and show the window; False when the host chose to quit instead.

        The usual start (a database whose schema is current) shows the window at once: SQLAlchemy loads on
        the database thread meanwhile, and the check of the file, begun before Qt loaded, is waited for with
        the window on screen and answering. Any other start (a new database, one to migrate, one that cannot
        be used) opens the database first, as before, with Alembic when it is needed.
        """
        from desktop import settings as S

        language = self.args.language or self.settings.get(S.LANGUAGE)
        self.apply_language(language, rebuild=False)
        self.apply_large_text(self.args.large_text or self.settings.get(S.LARGE_TEXT), save=False)
        check = self._take_precheck()
        db = self._database_at_once(check)
        if db is not None:
            self._show(db)
            problem = self._wait_for(check)
            if problem is None:
                self._open_in_background()
                return True
            # The file turned out unusable after the window opened: it goes, and the problem is met as at any start.
            self._close_window_and_runners()
            check = problem.raise_again
        db = self._open_database(check)
        if db is None:
            return False
        self._show(db)
        return True

    def _show(self, db: Database) -> None:
        from desktop.ui.context import AppContext
        from desktop.ui.tasks import DbRunner, TaskRunner

        self.ctx = AppContext(
            db=db,
            db_runner=DbRunner(db),
            tasks=TaskRunner(),
            settings=self.settings,
            data_dir=self.data_dir,
            is_demo=self.args.demo,
        )
        if os.environ.get(START_REPORT_VARIABLE) and self._report is None:
            self._report = StartReport()
        from PySide6.QtCore import QTimer

        if db.is_open:
            # The window waited for the database already: nothing to gain by waiting more.
            self._register_fonts()
            self._set_icon()
            self._watch_dialogs()
            self._build_window()
        else:
            # The first frame is the window's frame alone (sidebar, an empty page, menus, status bar): the rest
            # follows once it has painted, one step per turn of the event loop, so the window answers between
            # them; at the latest after a moment, for a window nobody can see to paint.
            runner = self.ctx.db_runner
            runner.hold()
            window = self._build_window(first_page_later=True)
            steps = [
                lambda: self._show_first_page(window),  # Today: its module, Qt's enums, its read, the script fonts
                runner.release,  # the database thread: SQLAlchemy loads and the database opens
                self._set_icon,  # drawing the SVG takes a moment; the first frame does not show it
                self._watch_dialogs,
            ]
            after_first_paint(window, lambda: run_in_steps(steps), FIRST_PAINT_AT_THE_LATEST_MS)
        if self._report is not None and self.window is not None:
            # Installed last, so heard first: the line is said before what waits for the first paint begins.
            self._report.watch(self.window)

        # Background sync starts once the window is up, so it never delays the first paint.
        QTimer.singleShot(0 if self.args.self_test else 1500, self._start_background_services)

    def _show_first_page(self, window: MainWindow) -> None:
        """Build and load the window's first page; register the script fonts while its data is read, in the same
        step: the data is shown in a later turn of the event loop, so no name is drawn without them."""
        if window is self.window:  # not one closed meanwhile (a database found unusable after it opened)
            window.show_first_page()
        self._register_fonts()

    def _register_fonts(self) -> None:
        """The script fonts (desktop.ui.fonts): every screen can then show names in any script the handouts print.
        Only characters the system's fonts lack are drawn with them: nothing drawn before changes."""
        from desktop.ui.fonts import register_app_fonts

        register_app_fonts()

    def _set_icon(self) -> None:
        """Every window's icon, once."""
        if not self._icon_set:
            self._icon_set = True
            set_app_icon(self.app)

    def _watch_dialogs(self) -> None:
        if self.dialogs is not None:
            self.dialogs.watch()

    def _take_precheck(self) -> Callable[[], None] | None:
        """The result of the check of the file begun before Qt loaded (``run_app``): it raises the problem found."""
        precheck: BackgroundCheck | None = getattr(self.args, "precheck", None)
        self.args.precheck = None  # it speaks of the file as it was: once only
        return precheck.result if precheck is not None else None

    def _database_at_once(self, check: Callable[[], None] | None) -> Database | None:
        """The database, to be opened on the database thread, when its schema is current; else None."""
        from desktop.models.database import open_current_database
        from desktop.paths import database_path

        if check is None:
            return None  # no early check to wait for: the file is checked as it is opened
        return open_current_database(database_path(self.data_dir), verify=check)

    def _wait_for(self, check: Callable[[], None] | None) -> DatabaseProblem | None:
        """Handle events (the window paints, answers, shows Today) until ``check`` is done; the problem it found."""
        from desktop.dbcheck import DatabaseProblem

        if check is None or self.ctx is None:
            return None
        outcome: list[BaseException | None] = []
        self.ctx.tasks.run(check, lambda _result, error: outcome.append(error))
        self._run_until(lambda: bool(outcome), None)
        error = outcome[0]
        return error if isinstance(error, DatabaseProblem) else None

    def _open_in_background(self) -> None:
        """SQLAlchemy loads and the database opens on the database thread, the window on screen meanwhile."""
        if self.ctx is not None and not self.ctx.db.is_open:
            self.ctx.db_runner.run(lambda _session: None)

    def _close_window_and_runners(self) -> None:
        if self.window is not None:
            self.window.hide()
            self.window.deleteLater()
        self.window = None
        if self.ctx is not None:
            self.ctx.db_runner.shutdown()
            self.ctx.tasks.shutdown()
            self.ctx.db.close()
        self.ctx = None

    def _start_background_services(self) -> None:
        if self.ctx is None or self.ctx.db_runner.closed:
            return
        try:
            from desktop.ui.sync.controller import SyncController
        except ModuleNotFoundError:  # a build without sync
            return
        SyncController.for_context(self.ctx)

    def _open_database(self, precheck: Callable[[], None] | None) -> Database | None:
        """Open the database, meeting each problem with the host (restore a backup, start anew, quit)."""
        from desktop.models.database import DatabaseProblem, open_database
        from desktop.paths import database_path

        path = database_path(self.data_dir)
        self._watch_dialogs()  # a problem with the database is asked about in a dialog
        while True:
            # Fresh is decided at each try: a new, empty database in place of a damaged one is a fresh install.
            fresh = not path.exists()
            try:
                if precheck is not None:
                    check, precheck = precheck, None  # it speaks of the file as it was: once only
                    check()  # raises the problem the early check found
                    db = open_database(path, check=False)
                else:
                    db = open_database(path)
                break
            except DatabaseProblem as problem:
                if self.args.self_test:
                    print(str(problem), file=sys.stderr)
                    return None
                if not self._recover(problem, path):
                    return None
        if fresh and self.args.demo:
            from desktop.demo import fill_demo

            fill_demo(db)
        return db

    def _recover(self, problem: Exception, path: Path) -> bool:
        """Ask the host what to do about a database that cannot be opened, and do it; False to quit."""
        from desktop.backup import restore_backup, set_aside_damaged
        from desktop.dbcheck import DatabaseCorrupt
        from desktop.paths import backups_dir
        from desktop.ui.recovery import RecoveryDialog, tell_where_kept

        damaged = path if isinstance(problem, DatabaseCorrupt) and path.exists() else None
        # The host reads plain words; the file and SQLite's own words go to the log for whoever helps.
        logging.getLogger(__name__).warning("%s: %s: %s", type(problem).__name__, path, getattr(problem, "detail", ""))
        dialog = RecoveryDialog(str(problem), backups_dir(self.data_dir), damaged=damaged, where=path)
        if not dialog.exec():
            return False
        if dialog.chosen is not None:
            restore_backup(dialog.chosen, path)
            return True
        if dialog.start_new:
            tell_where_kept(set_aside_damaged(path))
            return True
        return False

    def _build_window(self, first_page_later: bool = False) -> MainWindow:
        """Build the window and show it; ``first_page_later``: its frame alone (see ``MainWindow``)."""
        from desktop.ui.main_window import MainWindow

        old = self.window
        if self.ctx is None:
            raise RuntimeError("the window is built once the database is open")
        window = self.window = MainWindow(self.ctx, first_page_later=first_page_later)
        window.large_text_action.setChecked(self.app.font().pointSizeF() > self.base_point_size)
        window.large_text_toggled.connect(lambda on: self.apply_large_text(on, save=True))
        window.language_change_requested.connect(lambda code: self.apply_language(code, rebuild=True))
        if old is not None:
            window.setGeometry(old.geometry())
            old.hide()
            old.deleteLater()
        window.show()
        return window

    # Preferences -------------------------------------------------------------------

    def apply_large_text(self, on: bool, save: bool) -> None:
        from PySide6.QtGui import QFont

        from desktop import settings as S

        font = QFont(self.app.font())
        font.setPointSizeF(self.base_point_size * (LARGE_TEXT_SCALE if on else 1.0))
        self.app.setFont(font)
        if save:
            self.settings.set(S.LARGE_TEXT, bool(on))
        if self.ctx is not None:
            self.ctx.events.large_text_changed.emit(bool(on))

    def apply_language(self, code: str, rebuild: bool) -> None:
        from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

        from desktop import settings as S
        from desktop.i18n import set_language

        set_language(code)
        for translator in _QT_TRANSLATORS:
            self.app.removeTranslator(translator)
        _QT_TRANSLATORS.clear()
        if code != "en":
            qt = QTranslator(self.app)
            if qt.load(QLocale(code), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                self.app.installTranslator(qt)
                _QT_TRANSLATORS.append(qt)
        if rebuild:
            self.settings.set(S.LANGUAGE, code)
            self._build_window()

    # Shutdown and self-test ---------------------------------------------------------------

    def shutdown(self, backup: bool = True) -> None:
        if self.ctx is None:
            return
        for hook in reversed(self.ctx.shutdown_hooks):
            hook()
        self.ctx.db_runner.shutdown()
        self.ctx.tasks.shutdown()
        if backup and not self.args.demo:
            from desktop.backup import take_backup
            from desktop.paths import backups_dir

            try:
                take_backup(self.ctx.db.path, backups_dir(self.data_dir), "on-close")
            except Exception as exc:
                print(f"backup on close failed: {exc}", file=sys.stderr)
        self.ctx.db.close()

    def quit_after_start(self, timeout_s: float = 30.0) -> int:
        """The ordinary start, then quit: for start-up timing and memory.

        Started means the window shown, its first page loaded, and what loads after the first paint
        loaded too: the database open (SQLAlchemy with it) and no background work left.
        """
        window, ctx = self._started()

        def started() -> bool:
            return (
                window.isVisible()
                and not any(p.loading for p in window.pages.built().values())
                and ctx.db.is_open
                and not (ctx.db_runner.busy or ctx.tasks.busy)
            )

        if not self._run_until(started, time.monotonic() + timeout_s):
            return 1
        window.close()
        self.shutdown(backup=False)
        return 0

    def self_test(self, dialogs: DialogsToStderr | None = None, timeout_s: float = 60.0) -> int:
        """Build every page and load it, one page at a time, then exit: 0 if nothing failed.

        A failure is an exception building a page, in its background load (even one the page
        shows in its own words), in showing what was loaded, or any dialog opening. Each is
        printed to stderr with the page's name and the traceback.
        """
        from desktop.i18n import _
        from desktop.ui.pages import PAGES

        window, ctx = self._started()
        page_now = [_("start-up")]
        failures: list[tuple[str, str]] = []  # (page, what went wrong)

        def failed(error: BaseException) -> None:
            failures.append((page_now[0], "".join(traceback.format_exception(error)).rstrip()))

        def raised(_kind: type[BaseException], error: BaseException, _tb) -> None:
            # Qt slots report their exceptions here (building a page when shown, showing a result);
            # the traceback is the error's own.
            failed(error)

        for runner in (ctx.db_runner, ctx.tasks):
            runner.on_failure(failed)
        if dialogs is not None:
            dialogs.watch()
            dialogs.listeners.append(lambda message: failures.append((page_now[0], message)))
        previous_hook, sys.excepthook = sys.excepthook, raised
        deadline = time.monotonic() + timeout_s
        finished = True
        try:
            for spec in PAGES:
                page_now[0] = _(spec.title)
                try:
                    page = window.pages[spec.key]
                    page.refresh()
                except Exception as exc:
                    failed(exc)
                    continue
                # One page at a time, so each failure is told with the page that caused it.
                if not self._settle(page, deadline):
                    failures.append((page_now[0], _("did not finish loading in {n} seconds").format(n=timeout_s)))
                    finished = False
                    break
            self.app.processEvents()
        finally:
            sys.excepthook = previous_hook
        window.close()
        if finished:  # else work is still running: leave it, rather than wait for it to end
            self.shutdown(backup=False)
        if failures:
            failures = list(dict.fromkeys(failures))  # a page may load twice and fail alike
            for page_title, what in failures:
                print(f"self-test: page “{page_title}” failed:\n{what}\n", file=sys.stderr)
            pages = ", ".join(dict.fromkeys(page_title for page_title, _what in failures))
            print(f"self-test failed: {len(failures)} problem(s), in: {pages}", file=sys.stderr)
            return 1
        print(f"self-test ok: {len(window.pages)} pages, database {ctx.db.path}")
        return 0

    def _started(self) -> tuple[MainWindow, AppContext]:
        if self.window is None or self.ctx is None:
            raise RuntimeError("On-Ramp has not started: call start() first")
        return self.window, self.ctx

    def _settle(self, page: Page, deadline: float) -> bool:
        """Run the event loop until ``page`` has loaded and no background work is left; False on timeout."""
        _window, ctx = self._started()
        return self._run_until(lambda: not (page.loading or ctx.db_runner.busy or ctx.tasks.busy), deadline)

    def _run_until(self, done: Callable[[], bool], deadline: float | None) -> bool:
        """Handle events until ``done()``; False at the deadline (None: no deadline).

        Between events this sleeps in Qt's event loop: what ``done()`` waits for (a page loaded, work
        finished) arrives as an event from a worker, and a timer at the deadline wakes it at the latest.
        """
        from PySide6.QtCore import QEventLoop, QTimer

        wake = QTimer()
        wake.setSingleShot(True)
        if deadline is not None:
            wake.start(max(0, round((deadline - time.monotonic()) * 1000)))
        while not done():
            if deadline is not None and time.monotonic() > deadline:
                return False
            self.app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        return True
