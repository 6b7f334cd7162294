"""A database with one venue and one open session, ready for sign-ins."""

from __future__ import annotations

from datetime import datetime

import pytest

from desktop.sessions.planning import SessionDraft, create_session, open_session
from desktop.sessions.venues import VenueDraft, create_venue
from tests.migrated_template import db, migrated_template  # noqa: F401 - fixtures


@pytest.fixture
def open_session_id(db) -> str:
    with db.transaction() as s:
        venue = create_venue(s, VenueDraft(name="Greater Hope Baptist Church", kind="place_of_worship"))
        ts = create_session(s, SessionDraft(venue_id=venue.id, title="First Python", starts_at=datetime.now()))
        open_session(s, ts.id)
        return ts.id


@pytest.fixture
def other_session_id(db, open_session_id) -> str:
    from desktop.models import TasterSession

    with db.transaction() as s:
        venue_id = s.get(TasterSession, open_session_id).venue_id
        ts = create_session(
            s, SessionDraft(venue_id=venue_id, title="Spreadsheets", starts_at=datetime(2025, 3, 1, 18))
        )
        return ts.id
