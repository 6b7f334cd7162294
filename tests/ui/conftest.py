"""UI fixtures: an AppContext whose background work runs inline, on a migrated database."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

import pytest

from tests.migrated_template import db, migrated_template  # noqa: F401 - fixtures


@pytest.fixture
def ctx(qapp, db, data_dir):
    from desktop.settings import Settings
    from desktop.ui.context import AppContext
    from desktop.ui.tasks import DbRunner, TaskRunner

    context = AppContext(
        db=db,
        db_runner=DbRunner(db, synchronous=True),
        tasks=TaskRunner(synchronous=True),
        settings=Settings(data_dir),
        data_dir=data_dir,
    )
    yield context
    for hook in reversed(context.shutdown_hooks):  # a page's sync worker, say: no thread outlives its test
        hook()
    context.db_runner.shutdown()
    context.tasks.shutdown()


@pytest.fixture
def english():
    from desktop.i18n import set_language

    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def planned(db):
    """A venue, an open session today and a past one, with Marcus having come before."""
    from desktop.sessions.planning import SessionDraft, close_session, create_session, open_session
    from desktop.sessions.venues import VenueDraft, create_venue
    from desktop.signin.attendance import sign_in
    from desktop.signin.people import ParticipantDraft, register_participant

    with db.transaction() as s:
        venue = create_venue(s, VenueDraft(name="Curl Up & Dye Salon", kind="salon"))
        today = create_session(
            s,
            SessionDraft(
                venue_id=venue.id, title="A flyer for your salon", starts_at=datetime.now().replace(hour=18, minute=0)
            ),
        )
        past = create_session(
            s, SessionDraft(venue_id=venue.id, title="Household budget", starts_at=datetime(2025, 2, 1, 10))
        )
        open_session(s, today.id)
        marcus = register_participant(
            s, ParticipantDraft(first_name="Marcus", last_name="Johnson", phone="555 010 7788", contact_consent=True)
        )
        register_participant(s, ParticipantDraft(first_name="Mariana", last_name="Lopes"))
        sign_in(s, past.id, marcus.id, source="paper")
        close_session(s, past.id)
        return {"venue": venue.id, "today": today.id, "past": past.id, "marcus": marcus.id}


@pytest.fixture
def controller(qtbot, data_dir: Path):
    """The whole app, started as a person would start it, on the demo database."""
    from PySide6.QtWidgets import QApplication

    from desktop.app import AppController
    from desktop.i18n import set_language

    args = argparse.Namespace(data_dir=data_dir, demo=True, self_test=False, large_text=False, language="en")
    ctl = AppController(QApplication.instance(), args)
    assert ctl.start()
    ctl.ctx.db_runner.synchronous = True
    ctl.ctx.tasks.synchronous = True  # pages read through it too (Page.read)
    # Not qtbot.addWidget: a change of language builds a new window and deletes this one, which
    # pytest-qt would then try to close. The current window is closed below instead.
    yield ctl
    ctl.apply_large_text(False, save=False)
    set_language("en")
    ctl.window.close()
    ctl.shutdown(backup=False)
