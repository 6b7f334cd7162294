"""Walks the kiosk's new-person path by keyboard alone on a real X display (run by
test_kiosk_keyboard_walk.py under Xvfb; not a test module itself).

``python -m tests.ui.signin.kiosk_keyboard_walk DATA_DIR`` with DISPLAY and QT_QPA_PLATFORM=xcb set.
For each text size and language it presses Tab (never setFocus) from the start screen through the
first name, "Is one of these you?" and every optional detail to Save, and checks at every step that
the screen's primary button is shown whole inside the screen. Prints one line per problem; exit 1 if any.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, QRect, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

MAX_TABS = 40


def main(data_dir: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from desktop.i18n import set_language
    from desktop.models import open_database
    from desktop.paths import database_path
    from desktop.sessions.planning import SessionDraft, create_session, open_session
    from desktop.sessions.venues import VenueDraft, create_venue
    from desktop.settings import Settings
    from desktop.signin.people import ParticipantDraft, register_participant
    from desktop.ui.context import AppContext
    from desktop.ui.signin.kiosk.window import KioskWindow
    from desktop.ui.tasks import DbRunner, TaskRunner

    db = open_database(database_path(data_dir))
    with db.transaction() as s:
        venue = create_venue(s, VenueDraft(name="Curl Up & Dye Salon", kind="salon"))
        ts = create_session(s, SessionDraft(venue_id=venue.id, title="A flyer", starts_at=datetime.now()))
        open_session(s, ts.id)
        register_participant(s, ParticipantDraft(first_name="Marcus", last_name="Johnson"))
        session_id = ts.id
    ctx = AppContext(
        db=db,
        db_runner=DbRunner(db, synchronous=True),
        tasks=TaskRunner(synchronous=True),
        settings=Settings(data_dir),
        data_dir=data_dir,
    )
    screen = app.primaryScreen().geometry()
    problems: list[str] = []
    for larger in (False, True):
        for language in ("en", "es"):
            set_language(language)
            kiosk = KioskWindow(ctx, session_id, "A flyer")
            kiosk.set_larger_text(larger)
            kiosk.start_full_screen()
            where = f"{screen.width()}x{screen.height()} {'larger' if larger else 'normal'} text, {language}"
            if not QTest.qWaitForWindowActive(kiosk, 5000):
                problems.append(f"{where}: the kiosk never became the active window")
            elif not fills_screen_soon(kiosk, screen):
                # Full screen is the X server's answer to a request: wait for it, as a person would.
                problems.append(f"{where}: the kiosk never filled the screen ({kiosk.geometry()})")
            else:
                problems += [f"{where}: {p}" for p in walk(app, kiosk, screen)]
            kiosk.leave()
            kiosk.deleteLater()
            app.processEvents()
    set_language("en")
    ctx.db_runner.shutdown()
    ctx.tasks.shutdown()
    db.close()
    for p in problems:
        print(p)
    print(f"walked: {4 - len({p.split(':')[0] for p in problems})} of 4 variants clean")
    return 1 if problems else 0


def fills_screen_soon(window: QWidget, screen: QRect, ms: int = 5000) -> bool:
    """Wait (at most ``ms``) for the window to be resized to the whole screen; whether it was."""
    if window.geometry() == screen:
        return True
    loop = QEventLoop()

    class Resized(QObject):
        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Resize and window.geometry() == screen:
                loop.quit()
            return False

    watcher = Resized()
    window.installEventFilter(watcher)
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    window.removeEventFilter(watcher)
    return window.geometry() == screen


def shown_whole(widget: QWidget, screen: QRect) -> bool:
    """Visible, not clipped by a scroll area or the window, and inside the screen's geometry."""
    global_rect = QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())
    return (
        widget.isVisible() and widget.visibleRegion().boundingRect() == widget.rect() and screen.contains(global_rect)
    )


def walk(app: QApplication, kiosk, screen: QRect) -> list[str]:
    problems: list[str] = []

    def press(key: Qt.Key) -> None:
        focus = app.focusWidget()
        QTest.keyClick(focus if focus is not None else kiosk, key)
        app.processEvents()

    def check(step: str, primary: QPushButton) -> None:
        app.processEvents()
        if not shown_whole(primary, screen):
            problems.append(f"{step}: the primary button “{primary.text()}” is not wholly on screen")
        focus = app.focusWidget()
        if focus is not None and focus is not kiosk and not shown_whole(focus, screen):
            problems.append(
                f"{step}: the focused “{focus.accessibleName()}” is out of sight "
                f"(shown {focus.visibleRegion().boundingRect().getRect()} of {focus.rect().getRect()})"
            )

    def tab_to(target: QWidget, primary: QPushButton, step: str) -> bool:
        for _ in range(MAX_TABS):
            if app.focusWidget() is target:
                return True
            press(Qt.Key.Key_Tab)
            check(f"{step}, Tab to {app.focusWidget().accessibleName() if app.focusWidget() else '?'}", primary)
        problems.append(f"{step}: {MAX_TABS} presses of Tab never reached “{target.accessibleName()}”")
        return False

    check("start", kiosk.start.new_button)
    if not tab_to(kiosk.start.new_button, kiosk.start.new_button, "start"):
        return problems
    press(Qt.Key.Key_Space)
    if kiosk.current_screen() is not kiosk.new:
        return [*problems, "Space on “I'm new here” did not open the new-person screen"]
    check("first name", kiosk.new.submit_button)
    QTest.keyClicks(app.focusWidget(), "Marcus")
    check("first name typed", kiosk.new.submit_button)
    if not tab_to(kiosk.new.submit_button, kiosk.new.submit_button, "first name"):
        return problems
    press(Qt.Key.Key_Space)
    if kiosk.current_screen() is not kiosk.confirm:
        return [*problems, "a known first name did not ask “Is one of these you?”"]
    check("is one of these you", kiosk.confirm.yes_button)
    if not tab_to(kiosk.confirm.yes_button, kiosk.confirm.yes_button, "is one of these you"):
        return problems
    press(Qt.Key.Key_Space)
    if kiosk.current_screen() is not kiosk.details:
        return [*problems, "“I'm new” did not sign in and offer the details"]
    check("details", kiosk.details.save_button)
    seen: set[int] = set()
    for _ in range(MAX_TABS):
        focus = app.focusWidget()
        if focus is kiosk.details.save_button:
            break
        if focus is not None:
            seen.add(id(focus))
        press(Qt.Key.Key_Tab)
        name = app.focusWidget().accessibleName() if app.focusWidget() else "?"
        check(f"details, Tab to {name}", kiosk.details.save_button)
    else:
        return [*problems, "Tab never reached Save on the details screen"]
    missed = [n for n, w in kiosk.details.fields.items() if w.isEnabled() and w.focusPolicy() and id(w) not in seen]
    if missed:
        problems.append(f"details: Tab never reached {missed}")
    press(Qt.Key.Key_Space)
    if kiosk.current_screen() is not kiosk.message:
        problems.append("Space on Save did not finish")
    return problems


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
