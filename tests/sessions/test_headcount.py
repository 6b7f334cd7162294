"""A session's headcount in words: each source named, an estimate said to be one, and nobody never read as zero."""

from __future__ import annotations

from datetime import datetime

from desktop.i18n import set_language
from desktop.learning import set_headcount_estimate
from desktop.sessions.headcount import Headcount, headcount_in_words, session_headcount, total_in_words
from desktop.sessions.planning import SessionDraft, close_session, create_session, open_session
from desktop.sessions.venues import VenueDraft, create_venue
from desktop.signin.attendance import undo_sign_in, walk_in


def counted(kiosk: int = 0, host: int = 0, paper: int = 0, estimate: int | None = None) -> Headcount:
    return Headcount("closed", {"kiosk": kiosk, "host": host, "paper": paper}, estimate)


def test_each_source_is_named_and_a_source_nobody_used_is_left_out():
    assert headcount_in_words(counted(12, 3, 4)) == (
        "12 signed in at the kiosk, 3 added by the host, 4 from the paper sheet"
    )
    assert headcount_in_words(counted(paper=1)) == "1 from the paper sheet"


def test_an_estimate_says_it_is_one_and_zero_says_nobody_came():
    assert headcount_in_words(counted(estimate=15)) == "About 15 (the host's estimate)"
    assert headcount_in_words(counted(estimate=0)) == "Nobody came (the host's estimate)"
    assert total_in_words(counted(estimate=15), over=True, capacity=12) == "about 15 came (estimate)"


def test_no_sign_ins_and_no_estimate_never_reads_as_zero_people():
    words = headcount_in_words(counted()), total_in_words(counted(), over=True, capacity=12)
    assert words == ("Nobody signed in, and there is no estimate of how many came.", "nobody signed in")
    assert counted().wants_estimate and not counted(estimate=0).wants_estimate


def test_in_spanish_each_source_reads_in_spanish():
    set_language("es")
    try:
        words = headcount_in_words(counted(2, 1, 3)), headcount_in_words(counted(estimate=15))
    finally:
        set_language("en")
    assert words == (
        "2 se registraron en el quiosco, 1 persona añadida por el anfitrión, 3 de la hoja impresa",
        "Alrededor de 15 personas (estimación del anfitrión)",
    )


def test_a_cancelled_sign_in_does_not_count_and_then_the_host_may_estimate(db):
    with db.transaction() as s:
        venue = create_venue(s, VenueDraft(name="Eastside Branch Library", kind="library"))
        ts = create_session(s, SessionDraft(venue_id=venue.id, title="Email", starts_at=datetime(2026, 3, 2, 10)))
        open_session(s, ts.id)
        mistaken = walk_in(s, ts.id, "Ana")
        kept = walk_in(s, ts.id, "Kwame")
        undo_sign_in(s, mistaken.sign_in_id)
        close_session(s, ts.id)
        assert session_headcount(s, ts.id) == Headcount("closed", {"kiosk": 0, "host": 1, "paper": 0}, None)
        undo_sign_in(s, kept.sign_in_id)
        set_headcount_estimate(s, ts.id, 7)
        count = session_headcount(s, ts.id)
    assert count.may_estimate and not count.wants_estimate
    assert headcount_in_words(count) == "About 7 (the host's estimate)"
