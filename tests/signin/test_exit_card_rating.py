"""An exit card needs one of the faces: without one it is refused, not stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.models import ExitCard
from desktop.signin.exit_cards import ExitCardDraft, record_exit_card
from desktop.signin.validation import InvalidInput


def test_an_exit_card_without_a_rating_is_refused_with_only_that_problem(db, open_session_id):
    with pytest.raises(InvalidInput) as exc, db.transaction() as s:
        record_exit_card(s, open_session_id, ExitCardDraft(rating=None, will_return="yes"))
    assert set(exc.value.problems) == {"rating"}
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ExitCard)) == 0
