"""The Pairing page on a real database: four people signed in to one session."""

from __future__ import annotations

from datetime import datetime

import pytest

from desktop.models import Participant, SignIn, TasterSession, Venue


@pytest.fixture
def page(qtbot, db, tmp_path):
    from desktop.settings import Settings
    from desktop.ui.context import AppContext
    from desktop.ui.pairing.page import PairingPage
    from desktop.ui.tasks import DbRunner, TaskRunner

    with db.transaction() as s:
        venue = Venue(name="Union Hall")
        s.add(venue)
        s.flush()
        ts = TasterSession(venue_id=venue.id, title="First Python", starts_at=datetime(2026, 4, 2, 18, 0))
        s.add(ts)
        s.flush()
        people = [
            Participant(first_name="Ana", languages=["es", "en"], stage="peer_helper"),
            Participant(first_name="Bea", languages=["es"]),
            Participant(first_name="Cy", languages=["en"]),
            Participant(first_name="Dee", languages=["en"], experience="some"),
        ]
        s.add_all(people)
        s.flush()
        for p in people:
            s.add(SignIn(session_id=ts.id, participant_id=p.id))
    ctx = AppContext(
        db=db,
        db_runner=DbRunner(db, synchronous=True),
        tasks=TaskRunner(synchronous=True),
        settings=Settings(tmp_path),
        data_dir=tmp_path,
    )
    widget = PairingPage(ctx, "Pairing")
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.refresh()
    yield widget
    ctx.db_runner.shutdown()
    ctx.tasks.shutdown()
