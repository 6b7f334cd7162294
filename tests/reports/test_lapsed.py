"""The host's list of who stopped coming, against the hand-counted chapter in conftest.py.

Counted by hand with one missed session (N=1): St Mary's last held S5 (9 May), Union Hall S9 (20 Jun,
an estimate). Stopped coming: Ana (S1, S2, S3: 3 visits, last 14 Mar), Cruz (S2, S4: 2, last 11 Apr),
Dee (S1, S2: 2, last 14 Feb), all usually at St Mary's; Fay (S5, S6: 2, last 16 May) at Union Hall.
Here Ana, Cruz and Dee agreed to be contacted; Fay gave a phone number but did not agree.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop import learning
from desktop.models import FollowUp, Participant
from desktop.reports.lapsed import lapsed_list
from desktop.signin.erasure import erase_participant


@pytest.fixture
def contacts(chapter):
    with chapter.db.transaction() as s:

        def person(name: str) -> Participant:
            row = s.get(Participant, chapter.person[name])
            assert row is not None
            return row

        ana, cruz, dee, fay = (person(n) for n in ("Ana", "Cruz", "Dee", "Fay"))
        ana.contact_consent, ana.email = True, "ana@example.org"
        cruz.contact_consent, cruz.phone = True, "555 0102"
        dee.contact_consent, dee.phone, dee.email = True, "555 0104", "dee@example.org"
        fay.contact_consent, fay.phone = False, "555 0106"
        # Dee: a mark before her last visit (14 Feb) was about an earlier absence; Sam's is the latest
        # that counts; a deleted mark counts for nothing.
        learning.mark_followed_up(s, dee.id, date(2026, 2, 1), by="Rosa")
        learning.mark_followed_up(s, dee.id, date(2026, 3, 20), by="Rosa")
        learning.mark_followed_up(s, dee.id, date(2026, 4, 1), "Left a message", by="Sam")
        mistake = learning.mark_followed_up(s, dee.id, date(2026, 5, 2), by="Kim")
        s.get(FollowUp, mistake.id).deleted = True
    return chapter


def _listed(chapter, **kw):
    with chapter.db.session() as s:
        return lapsed_list(s, **kw)


def test_the_host_sees_who_stopped_coming_with_the_route_they_agreed_to_and_the_latest_follow_up(contacts):
    rows = _listed(contacts, viewer_is_host=True, sessions_missed=1)
    # Fay never agreed to contact: not listed. The most recently lost first: Cruz, Ana, Dee.
    assert [(r.full_name, r.short_name) for r in rows] == [
        ("Cruz Doe", "Cruz D."),
        ("Ana Doe", "Ana D."),
        ("Dee Doe", "Dee D."),
    ]
    cruz, ana, dee = rows
    assert (cruz.venue_name, cruz.visits, cruz.last_visit_at) == ("St Mary's Library", 2, datetime(2026, 4, 11, 10))
    assert (ana.visits, ana.last_visit_at, ana.phone, ana.email) == (
        3,
        datetime(2026, 3, 14, 10),
        "",
        "ana@example.org",
    )
    assert (dee.visits, dee.phone, dee.email) == (2, "555 0104", "dee@example.org")
    assert all(r.venue_id == contacts.venue["A"] for r in rows)
    # Nobody reached out to Cruz or Ana; Sam did to Dee on 1 April (Kim's mark was deleted).
    assert [(r.followed_up_on, r.followed_up_by) for r in rows] == [
        (None, ""),
        (None, ""),
        (date(2026, 4, 1), "Sam"),
    ]


def test_the_setting_decides_how_many_missed_sessions_make_someone_lapsed(contacts):
    # The default, 3: the last three at St Mary's began with S3 (14 Mar): only Dee missed them all.
    assert [r.full_name for r in _listed(contacts, viewer_is_host=True)] == ["Dee Doe"]
    # Two: from S4 (11 Apr): Ana and Dee.
    assert [r.full_name for r in _listed(contacts, viewer_is_host=True, sessions_missed=2)] == ["Ana Doe", "Dee Doe"]


def test_a_follow_up_before_the_last_visit_does_not_count_for_this_absence(contacts):
    with contacts.db.transaction() as s:
        for row in s.query(FollowUp).filter(FollowUp.recorded_by.in_(["Sam", "Kim"])):
            row.deleted = True
        s.query(FollowUp).filter(FollowUp.followed_up_on == date(2026, 3, 20)).one().deleted = True
    # Left: Rosa's mark of 1 Feb, before Dee's last visit on 14 Feb.
    dee = _listed(contacts, viewer_is_host=True)[0]
    assert (dee.followed_up_on, dee.followed_up_by) == (None, "")


def test_nobody_is_listed_for_a_viewer_who_is_not_the_host(contacts):
    assert _listed(contacts, viewer_is_host=False, sessions_missed=1) == []


def test_a_venue_choice_keeps_the_people_whose_usual_venue_it_is(contacts):
    with contacts.db.transaction() as s:
        s.get(Participant, contacts.person["Fay"]).contact_consent = True
    union_hall = _listed(contacts, viewer_is_host=True, sessions_missed=1, venue_ids=[contacts.venue["B"]])
    assert [(r.full_name, r.venue_name, r.phone) for r in union_hall] == [("Fay Doe", "Union Hall", "555 0106")]


def test_an_erased_person_never_appears(contacts):
    assert "Cruz Doe" in [r.full_name for r in _listed(contacts, viewer_is_host=True, sessions_missed=1)]
    with contacts.db.transaction() as s:
        erase_participant(s, contacts.person["Cruz"])
    assert [r.full_name for r in _listed(contacts, viewer_is_host=True, sessions_missed=1)] == ["Ana Doe", "Dee Doe"]
