"""The Pairing page on a real database: four people signed in to one session."""

from __future__ import annotations

from datetime import datetime

import pytest

from desktop.models import Participant, SignIn, TasterSession, Venue


@pytest.fixture
def page(qtbot, db, ctx):
    from desktop.ui.pairing.page import PairingPage

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
    widget = PairingPage(ctx, "Pairing")
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.refresh()
    return widget
