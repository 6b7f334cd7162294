"""Changes the hub refused go back in the queue when a person asks, except those refused for an erasure."""

from __future__ import annotations

from sqlalchemy import select

from desktop.models import OutboxEntry, Venue
from desktop.sync.engine import retry_rejected
from desktop.sync.erasure import ERASED_REASON


def test_retrying_requeues_refused_changes_but_not_those_about_an_erased_person(db):
    with db.transaction() as s:
        s.add_all([Venue(name="Library"), Venue(name="Hall"), Venue(name="Annex")])
    with db.transaction() as s:
        first, second, _ = s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
        first.rejected_reason = "the hub could not read it"
        second.rejected_reason = ERASED_REASON

    with db.transaction() as s:
        assert retry_rejected(s) == 1
    with db.transaction() as s:
        reasons = [e.rejected_reason for e in s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]
        assert reasons == [None, ERASED_REASON, None]
