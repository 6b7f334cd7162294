"""Render every page to PNG (``make screenshots``), in English, Spanish and large text.

Runs offscreen on a fresh demo database. Features add extra screens (the
kiosk, the projector view) to ``EXTRA_SCENES`` as ``"module:function"``; each
function takes the main window and returns ``[(name, widget), ...]`` to grab.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

    from desktop.ui.context import AppContext
    from desktop.ui.page import Page

EXTRA_SCENES: tuple[str, ...] = (
    "tools.screenshots.lessons:lessons_scenes",
    "tools.screenshots.kiosk:kiosk_scenes",
    "tools.screenshots.handouts:handouts_scenes",
    "tools.screenshots.pairing:projector_scenes",
    "tools.screenshots.sync:enrolled_sync_page",
    "tools.screenshots.sessions:paper_signins_scenes",
    "tools.screenshots.troubles:trouble_scenes",
    "tools.screenshots.host_lists:host_lists_scenes",
    "tools.screenshots.reports:reports_scroll_scenes",
    "tools.screenshots.commons:commons_scenes",
)
VARIANTS = (("en", False), ("es", False), ("en", True), ("es", True))
SETTLE_S = 30.0  # a page's loading and background work; the demo database answers in well under a second


def _settle(app: QCoreApplication, ctx: AppContext, page: Page | None, timeout_s: float = SETTLE_S) -> bool:
    """Run events until ``page`` has loaded and no background work is left, then let layouts settle.

    A grab taken sooner shows a page half laid out (table cards drawn over each other, cards just
    replaced still on screen); False if the work was still running at the timeout.
    """
    from PySide6.QtCore import QEvent, QEventLoop

    deadline = time.monotonic() + timeout_s
    while (page is not None and page.loading) or ctx.db_runner.busy or ctx.tasks.busy:
        if time.monotonic() > deadline:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    for _round in range(3):  # a layout pass can post another (a wrapped label's new height)
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        app.processEvents()
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render On-Ramp's screens to PNG.")
    parser.add_argument("--out", default="build/screenshots")
    # The smaller of the two common laptop screens (the kiosk scenes add 1366×768 of their own).
    parser.add_argument("--size", default="1280x720")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QDialog, QWidget

    from desktop.app import AppController

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    width, height = (int(v) for v in args.size.split("x"))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from desktop.ui.collector import MainThreadCollector

    collector = MainThreadCollector(app)
    controllers = []  # kept alive until the end, then collected here on the main thread
    extra_widgets: list[QWidget] = []  # likewise: deleted through Qt, in order, before the interpreter exits
    written = 0
    with tempfile.TemporaryDirectory() as tmp:
        for language, large in VARIANTS:
            ns = argparse.Namespace(data_dir=Path(tmp), demo=True, self_test=False, large_text=large, language=language)
            controller = AppController(app, ns)
            controllers.append(controller)
            if not controller.start() or controller.ctx is None or controller.window is None:
                return 1
            controller.ctx.db_runner.synchronous = True
            window = controller.window
            window.resize(width, height)
            window.show()  # laid out as a person sees it: hidden widgets skip parts of their layout
            suffix = f"{language}{'-large' if large else ''}"
            scenes: list[tuple[str, QWidget | None]] = [(key, None) for key in window.pages]
            for ref in EXTRA_SCENES:
                module_name, func = ref.split(":")
                scenes.extend(getattr(importlib.import_module(module_name), func)(window))
            for name, widget in scenes:
                target: QWidget
                if widget is None:
                    window.show_page(name)
                    target = window
                elif isinstance(widget, QDialog):
                    # A dialog opens at its own size, no larger than the screen: stretched to the
                    # screen it would show gaps and wrapping the host never sees.
                    target = widget
                    target.show()
                    target.resize(min(target.width(), width), min(target.height(), height))
                else:
                    target = widget
                    target.resize(width, height)
                    target.show()
                if not _settle(app, controller.ctx, window.pages[name] if widget is None else None):
                    print(f"{name}-{suffix}: still loading after {SETTLE_S:.0f} s; grabbed as it was", file=sys.stderr)
                path = out / f"{name}-{suffix}.png"
                target.grab().save(str(path))
                written += 1
                if widget is not None:
                    widget.close()
                    extra_widgets.append(widget)
            window.close()
            controller.shutdown(backup=False)
            controller.apply_large_text(False, save=False)
            collector.collect_now()
    # Left to the interpreter's exit, these were destroyed in no particular order, parents after
    # children, and Qt's heap was corrupted now and then (an abort after every screenshot was saved).
    from PySide6.QtCore import QEvent

    windows: list[QWidget] = [c.window for c in controllers if c.window is not None]
    for leftover in [*extra_widgets, *windows]:
        leftover.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    extra_widgets.clear()
    controllers.clear()
    collector.collect_now()
    print(f"{written} screenshots in {out}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
