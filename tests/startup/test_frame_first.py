"""The first frame is the window's frame alone (sidebar, an empty page, menus, status bar): Today's page, Qt's enum
namespace and the script fonts follow it, and what the first frame drew does not change when they arrive."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.demo import fill_demo
from desktop.models import open_database
from desktop.paths import database_path
from desktop.settings import LANGUAGE, LARGE_TEXT, Settings
from tests.startup.watch import watch

# The app's own start (``onramp --quit-after-start``), noting at its first paint and once started: whether Today's
# page was built, whether PySide had built Qt's enum namespace (it builds it whole, on first touch), the script
# fonts registered, and the sidebar, menu bar and status bar as drawn (their pixels).
WATCH_THE_FRAME = """
import builtins, hashlib, json, sys
from PySide6.QtWidgets import QApplication
import PySide6.QtCore
from desktop.ui import fonts

def pixels(widget):
    image = widget.grab().toImage()
    return hashlib.sha256(bytes(image.constBits())).hexdigest()

windows = []

def now():
    windows[:] = windows or [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    (window,) = windows
    today = window.pages.built().get("today")
    return {
        "today built": today is not None,
        "today shown": window.stack.currentWidget() is today,
        "Qt enums built": "Qt" in PySide6.QtCore.__dict__,
        "script fonts": bool(fonts._families),
        "frame": [pixels(w) for w in (window.sidebar, window.menuBar(), window.statusBar())],
    }

seen = {}
say = builtins.print
def spy(*args, **kwargs):
    if args and args[0] == "onramp-start: first paint":
        seen["first paint"] = now()
    say(*args, **kwargs)
builtins.print = spy
from desktop.ui.main_window import MainWindow
closing = MainWindow.closeEvent
def close(window, event):  # started: the window closes, to quit
    seen["started"] = now()
    closing(window, event)
MainWindow.closeEvent = close
from desktop.cli import main
code = main(sys.argv[1:])
say(json.dumps({"code": code, "seen": seen}))
"""


@pytest.fixture
def host_data(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    db = open_database(database_path(data_dir))  # a database whose schema is current: the ordinary start
    fill_demo(db)  # names in other scripts among them
    db.close()
    return data_dir


def test_the_first_frame_is_drawn_before_todays_page_qts_enums_and_the_script_fonts_are_loaded(host_data: Path):
    said = watch(WATCH_THE_FRAME, host_data)
    assert said["code"] == 0
    first, started = said["seen"]["first paint"], said["seen"]["started"]
    assert (first["today built"], first["Qt enums built"], first["script fonts"]) == (False, False, False)
    assert (started["today built"], started["today shown"], started["script fonts"]) == (True, True, True)


@pytest.mark.parametrize(("language", "large_text"), [("en", False), ("es", True)])
def test_what_the_first_frame_drew_is_unchanged_once_today_and_the_script_fonts_have_arrived(
    host_data: Path, language: str, large_text: bool
):
    settings = Settings(host_data)
    settings.set(LANGUAGE, language)
    settings.set(LARGE_TEXT, large_text)
    said = watch(WATCH_THE_FRAME, host_data)
    assert said["code"] == 0
    assert said["seen"]["started"]["frame"] == said["seen"]["first paint"]["frame"]
