"""The Handouts page prints a session's flyer: the session list stays open for it, and the preview is the
flyer of the chosen session (the same module the hub's public page prints)."""

from __future__ import annotations

import pytest

from desktop.handouts.preview import page_count
from tests.handouts.conftest import pdf_text


@pytest.fixture
def page(qtbot, demo_db, ctx):
    from desktop.ui.handouts.page import HandoutsPage

    widget = HandoutsPage(ctx, "Handouts")
    qtbot.addWidget(widget)
    widget.refresh()
    return widget


def test_the_flyer_is_made_for_the_chosen_session_and_can_be_printed(page):
    from desktop.models import TasterSession, Venue

    page.kind.setCurrentIndex(page.kind.findData("flyer"))
    assert page.session.isEnabled() and not page.lesson.isEnabled()
    page.make_preview()
    assert page.pdf is not None, page.status.text()
    assert page.print_button.isEnabled() and page_count(page.pdf) == 1
    with page.ctx.db.transaction() as s:
        chosen = s.get(TasterSession, page.session.currentData())
        venue = s.get(Venue, chosen.venue_id)
        venue_name = venue.name
    text = " ".join(pdf_text(page.pdf).split())
    assert venue_name in text
    assert "/find/sessions/" not in text  # the demo laptop is not enrolled: no page to point to
