"""A window opened before its database: Today shows its data, and a page first shown later works as ever."""

from __future__ import annotations

import argparse
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop.app import AppController
from desktop.dbcheck import BackgroundCheck
from desktop.demo import fill_demo
from desktop.models import TasterSession, open_database
from desktop.paths import database_path


def started_as_a_host_starts_it(qtbot, data_dir: Path) -> AppController:
    """The ordinary start: the file checked on a thread from the beginning, the window opened at once."""
    db = open_database(database_path(data_dir))
    fill_demo(db)
    db.close()
    args = argparse.Namespace(data_dir=data_dir, demo=False, self_test=False, large_text=False, language="en")
    args.precheck = BackgroundCheck(database_path(data_dir))
    controller = AppController(QApplication.instance(), args)
    assert controller.start()
    assert controller.window is not None
    qtbot.addWidget(controller.window)
    return controller


def test_today_and_a_page_built_when_first_shown_load_the_same_data_as_ever(qtbot, data_dir):
    controller = started_as_a_host_starts_it(qtbot, data_dir)
    window, ctx = controller.window, controller.ctx
    assert window is not None and ctx is not None
    try:
        today = window.pages["today"]
        qtbot.waitUntil(lambda: not today.loading and today.overview is not None)
        assert [s.status for s in today.overview.today].count("open") == 1
        assert set(window.pages.built()) == {"today"}  # no other page built yet

        qtbot.waitUntil(lambda: ctx.db.is_open and not ctx.db_runner.busy)
        sessions = window.show_page("sessions")
        qtbot.waitUntil(lambda: not sessions.loading and not ctx.db_runner.busy)
        with ctx.db.session() as s:
            on_record = s.query(TasterSession).filter(TasterSession.deleted.is_(False)).count()
        assert on_record > 0
        assert len(sessions.sessions_model.rows) == on_record
        assert window.stack.currentWidget() is sessions
    finally:
        window.close()
        controller.shutdown(backup=False)
