"""Extra screenshot scene: the Sync page of an enrolled laptop with refused changes, a flagged field and a row kept aside.

Built on a throwaway database of its own, so the demo database stays unenrolled.
"""

from __future__ import annotations

import json
import tempfile
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.i18n import _


def enrolled_sync_page(window) -> list[tuple[str, QWidget]]:
    from desktop.models import Conflict, Lesson, OutboxEntry, SyncState, open_database, utcnow
    from desktop.ui.context import AppContext
    from desktop.ui.sync.page import SyncPage
    from desktop.ui.tasks import DbRunner, TaskRunner

    folder = Path(tempfile.mkdtemp(prefix="onramp-sync-scene-"))
    db = open_database(folder / "onramp.sqlite3")
    with db.transaction() as s:
        lesson = Lesson(slug="household-budget", title="A household budget in a spreadsheet")
        s.add(lesson)
        s.flush()
        s.add(
            SyncState(
                id=1,
                hub_url="https://hub.example.org",
                organisation="Eastside Chapter",
                device_token="scene",
                last_sync_at=utcnow() - timedelta(minutes=12),
            )
        )
        s.add(
            OutboxEntry(
                table_name="venues",
                row_id="v1",
                op="update",
                fields={},
                version=db.clock.now(),
                rejected_reason="unknown field venues.wheelchair_ramp",
            )
        )
        s.add(
            OutboxEntry(
                table_name="participants",
                row_id="p1",
                op="update",
                fields={},
                version=db.clock.now(),
                rejected_reason="erased: this person's details were erased at their request",
            )
        )
        s.add(
            Conflict(
                table_name="lessons",
                row_id=lesson.id,
                field="title",
                local_value=json.dumps("A household budget in a spreadsheet"),
                remote_value=json.dumps("Presupuesto familiar en una hoja de cálculo"),
            )
        )
    # A session from a newer On-Ramp whose status this one does not know: received, kept aside.
    from desktop.sync.client import Page
    from desktop.sync.engine import apply_page

    stamp = db.clock.now().rsplit("-", 1)[0] + "-hub:41"
    apply_page(
        db,
        Page(
            changes=[
                {
                    "table": "sessions",
                    "row_id": "s-newer",
                    "seq": 41,
                    "version": stamp,
                    "origin": "laptop-b",
                    "fields": {
                        "venue_id": "v1",
                        "starts_at": "2026-12-05T10:00:00",
                        "status": "postponed",
                        "title": "Saturday taster",
                        "deleted": False,
                    },
                    "conflicts": [],
                }
            ],
            cursor=41,
            more=False,
            mark="",
        ),
    )
    ctx = AppContext(
        db=db,
        db_runner=DbRunner(db, synchronous=True),
        tasks=TaskRunner(synchronous=True),
        settings=window.ctx.settings,
        data_dir=folder,
        is_demo=True,
    )
    page = SyncPage(ctx, _("Sync"))
    page.refresh()
    return [("sync-enrolled", page)]
