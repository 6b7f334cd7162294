"""The first frame carries only what it shows: the app's icon is drawn after it, and the settings file is read
once for the whole start."""

from __future__ import annotations

from pathlib import Path

from desktop.models import open_database
from desktop.paths import database_path
from tests.startup.watch import watch

# The app's own start (``onramp --quit-after-start``), noting at its first paint and once started whether the
# window icon was set, and which settings files were read.
WATCH_THE_FIRST_FRAME = """
import builtins, json, sys
from desktop import settings
reads = []
read = settings.Settings.__init__
def counted(self, data_dir):
    reads.append(str(data_dir))
    read(self, data_dir)
settings.Settings.__init__ = counted
def has_icon():
    from PySide6.QtWidgets import QApplication
    return not QApplication.instance().windowIcon().isNull()
seen = {}
say = builtins.print
def spy(*args, **kwargs):
    if args and args[0] == "onramp-start: first paint":
        seen["first paint"] = has_icon()
    say(*args, **kwargs)
builtins.print = spy
from desktop.cli import main
code = main(sys.argv[1:])
seen["started"] = has_icon()
say(json.dumps({"code": code, "seen": seen, "settings read": reads}))
"""


def watch_the_first_frame(data_dir: Path) -> dict:
    return watch(WATCH_THE_FIRST_FRAME, data_dir)


def test_the_icon_is_drawn_after_the_first_paint_and_the_settings_are_read_once(tmp_path: Path):
    data_dir = tmp_path / "data"
    open_database(database_path(data_dir)).close()  # a database whose schema is current: the ordinary start
    said = watch_the_first_frame(data_dir)
    assert said["code"] == 0
    assert said["seen"] == {"first paint": False, "started": True}
    assert said["settings read"] == [str(data_dir)]
