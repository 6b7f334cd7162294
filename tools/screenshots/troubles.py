"""Scenes of a host's first run and of things gone wrong, each on a throwaway database of its own.

The starter-lesson offer on an empty Today page, the list of lesson files an import could not read,
the recovery dialog for a damaged database with no backup, and the Sync page after the hub did not
answer. Each comes from the real code path (a real import, a real damaged file, a real sync attempt),
so the screenshot shows the words a host would read.
"""

from __future__ import annotations

import socket
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.i18n import _


def _folder(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"onramp-{prefix}-scene-"))


def _context(window: Any, folder: Path) -> Any:
    """A context on a new, empty database in ``folder``, sharing the window's settings."""
    from desktop.models import open_database
    from desktop.ui.context import AppContext
    from desktop.ui.tasks import DbRunner, TaskRunner

    db = open_database(folder / "onramp.sqlite3")
    return AppContext(
        db=db,
        db_runner=DbRunner(db, synchronous=True),
        tasks=TaskRunner(synchronous=True),
        settings=window.ctx.settings,
        data_dir=folder,
        is_demo=True,  # no sync worker of its own
    )


def trouble_scenes(window: Any) -> list[tuple[str, QWidget]]:
    """For ``make screenshots``: the four scenes, in the window's language and text size."""
    return [starter_offer_scene(window), import_problems_scene(), recovery_scene(), sync_failure_scene(window)]


def starter_offer_scene(window: Any) -> tuple[str, QWidget]:
    """The Today page of a new laptop: nothing planned, no lessons, the starter lessons offered."""
    from desktop.ui.today.page import TodayPage

    page = TodayPage(_context(window, _folder("empty")), _("Today"))
    page.refresh()
    return "today-starter-offer", page


def import_problems_scene() -> tuple[str, QWidget]:
    """An import of three files, two of which a host got wrong: the list of what could not be read."""
    from desktop.lessons.library import import_paths
    from desktop.models import open_database
    from desktop.ui.lessons.import_problems import ImportProblemsDialog

    folder = _folder("import")
    files = {
        "salon-flyer.md": '---\ntitle: "A flyer for your salon\nteaching: 20\n---\n\nSome text.\n',
        "household-budget.md": "---\ntitle: A household budget\nteaching 20\nexercises: 30\n---\n\nSome text.\n",
        "church-web-page.md": "---\ntitle: A web page for the church\nteaching: 20\n---\n\nSome text.\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = open_database(folder / "onramp.sqlite3")
    with db.transaction() as s:
        report = import_paths(s, sorted(folder.glob("*.md")))
    db.close()
    return "lessons-import-problems", ImportProblemsDialog(report)


def recovery_scene() -> tuple[str, QWidget]:
    """The database file is damaged (its pages overwritten) and no backup was ever taken."""
    from desktop.models import DatabaseProblem, Participant, open_database
    from desktop.paths import backups_dir, database_path
    from desktop.ui.recovery import RecoveryDialog

    folder = _folder("damaged")
    db = open_database(database_path(folder))
    with db.transaction() as s:
        s.add(Participant(first_name="Nguyễn"))
    db.close()
    db.path.write_bytes(b"\x00" * 8192)
    try:
        open_database(db.path).close()
        message = ""
    except DatabaseProblem as problem:  # the words the app itself shows (desktop/app.py _recover)
        message = str(problem)
    return "recovery-no-backup", RecoveryDialog(message, backups_dir(folder), damaged=db.path, where=db.path)


def _closed_port() -> int:
    """A loopback port nothing listens on: the hub that does not answer."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def sync_failure_scene(window: Any) -> tuple[str, QWidget]:
    """An enrolled laptop whose hub does not answer: one real sync attempt, its words on the Sync page."""
    from desktop.models import Device, SyncState
    from desktop.sync.identity import check_identity
    from desktop.ui.sync.page import SyncPage

    ctx = _context(window, _folder("hub-down"))
    check_identity(ctx.db)  # this laptop's own marker, as enrolling leaves it: not taken for a copied database
    with ctx.db.transaction() as s:
        device = s.get(Device, 1)
        assert device is not None
        s.add(
            SyncState(
                id=1,
                hub_url=f"http://127.0.0.1:{_closed_port()}",
                organisation="Eastside Chapter",
                device_token=f"{device.device_id}.scene",  # the hub's tokens lead with their device's id
            )
        )
    page = SyncPage(ctx, _("Sync"))
    page.refresh()
    # One round on this thread; its status reaches the page through the controller's queued signal,
    # delivered while the screenshot loop settles the page.
    page.controller.worker.run_round()
    return "sync-hub-unreachable", page
