"""The app side of the accessibility walk: shows each main-window page and each kiosk screen in turn.

Run by ``tools/a11y_reader.py`` (a screen-reader client in the system's Python) with
``QT_QPA_PLATFORM=xcb`` on an X display and a session bus. Protocol, one JSON object a line:
this script prints ``{"scene": name, "window": title}`` when a scene is on screen and waits
for a line on standard input ("next") before the next one. A scene may carry ``"press"``,
the accessible name of a button the reader presses itself; the script then waits for "next"
as usual. It prints ``{"done": true}`` at the end and quits.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QWidget

SIZE = (1366, 768)

Scene = tuple[str, QWidget, Callable[[], None], dict[str, str]]


def say(message: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def scenes(controller) -> Iterator[Scene]:
    """Each page of the main window, then each kiosk screen, then the kiosk's new-person error."""
    from desktop.ui.pages import PAGES

    window = controller.window
    for spec in PAGES:
        yield f"page:{spec.key}", window, functools.partial(_show_page, window, spec.key), {}
    kiosk = kiosk_on_open_session(window)
    if kiosk is None:
        return

    def find() -> None:
        kiosk.go(kiosk.find_screen)
        kiosk.find_screen.search.setText("mar")  # names found, and the search's clear button shown

    steps: list[tuple[str, Callable[[], None]]] = [
        ("start", lambda: kiosk.go(kiosk.start)),
        ("find", find),
        ("new", lambda: kiosk.go(kiosk.new)),
        ("confirm-one", lambda: _confirm(kiosk, 1)),
        ("confirm-which", lambda: _confirm(kiosk, 3)),
        ("details", lambda: _details(kiosk)),
        ("message", lambda: _welcome(kiosk)),
        ("exit-card", lambda: kiosk.go(kiosk.exit_card)),
        ("pin", lambda: kiosk.go(kiosk.pin)),
    ]
    for name, show in steps:
        yield f"kiosk:{name}", kiosk, show, {}
    # An empty new-person form, sent by the reader pressing the button: the error must be heard.
    submit = kiosk.new.submit_button
    yield "kiosk:new-error", kiosk, lambda: kiosk.go(kiosk.new), {"press": submit.accessibleName()}


def _show_page(window, key: str) -> None:
    window.show_page(key)
    window.sidebar.setFocus()


def _welcome(kiosk) -> None:
    kiosk.message.show_message("Welcome back, {name}!", "You're signed in. Good to see you again.", name="Ana")
    kiosk.go(kiosk.message)


def _confirm(kiosk, how_many: int) -> None:
    """ "Welcome back, Ana S. — is that you?" (one match) or "Is one of these you?" (several)."""
    from desktop.signin.lookup import Match

    matches = [Match(f"demo-{i}", name) for i, name in enumerate(("Ana S.", "Ana M.", "Ana R.")[:how_many])]
    if how_many == 1:
        kiosk.confirm.ask_one(matches[0])
    else:
        kiosk.confirm.ask_which(matches)
    kiosk.go(kiosk.confirm)


def _details(kiosk) -> None:
    """The optional details form, with its drop-down lists, as a new person sees it once signed in."""
    kiosk.details.begin("Ana")
    kiosk.go(kiosk.details)


def kiosk_on_open_session(window):
    """A kiosk window (preview: not full screen, closable) on the demo's open session."""
    from sqlalchemy import select

    from desktop.models import TasterSession
    from desktop.ui.signin.kiosk.window import KioskWindow

    found: dict[str, tuple[str, str] | None] = {}

    def open_session(s) -> tuple[str, str] | None:
        ts = s.scalars(select(TasterSession).where(TasterSession.status == "open")).first()
        return (ts.id, ts.title) if ts else None

    window.ctx.db_runner.run(open_session, lambda result, _error: found.update(value=result))
    value = found.get("value")
    if value is None:
        return None
    return KioskWindow(window.ctx, value[0], value[1], preview=True)


class Walk(QObject):
    """Shows one scene, tells the reader, and moves on when the reader says so."""

    def __init__(self, app: QApplication, ctx, items: Iterator[Scene]) -> None:
        super().__init__()
        self.app = app
        self.ctx = ctx
        self.items = items
        self.current: QWidget | None = None
        self.notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._read)

    def _read(self) -> None:
        line = sys.stdin.readline()
        if not line or line.strip() == "quit":
            self.app.quit()
        else:
            self.next()

    def next(self) -> None:
        item = next(self.items, None)
        if item is None:
            say({"done": True})
            self.app.quit()
            return
        name, widget, show, extra = item
        if widget is not self.current:
            if self.current is not None and self.current is not widget:
                self.current.hide()
            widget.resize(*SIZE)
            widget.show()
            widget.raise_()
            widget.activateWindow()
            self.current = widget
        show()
        self.settle()
        say({"scene": name, "window": widget.accessibleName(), **extra})

    def settle(self, timeout_s: float = 10.0) -> None:
        """Handle events until background work (a handout's preview, a lookup) has finished."""
        deadline = time.monotonic() + timeout_s
        wake = QTimer(self, singleShot=True, interval=round(timeout_s * 1000))
        wake.start()
        self.app.processEvents()
        while (self.ctx.tasks.busy or self.ctx.db_runner.busy) and time.monotonic() < deadline:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        wake.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--language", default="en")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_LINUX_ACCESSIBILITY_ALWAYS_ON", "1")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if not isinstance(app, QApplication):
        raise RuntimeError("the walk needs a QApplication")
    from desktop.app import AppController

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or Path(tmp)
        ns = argparse.Namespace(data_dir=data_dir, demo=True, self_test=False, large_text=False, language=args.language)
        controller = AppController(app, ns)
        if not controller.start() or controller.window is None or controller.ctx is None:
            return 1
        controller.ctx.db_runner.synchronous = True  # each page shows its data before the reader looks
        walk = Walk(app, controller.ctx, scenes(controller))
        QTimer.singleShot(0, walk.next)
        code = app.exec()
        controller.shutdown(backup=False)
        return code


if __name__ == "__main__":
    raise SystemExit(main())
