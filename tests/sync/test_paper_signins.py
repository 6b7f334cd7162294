"""A paper sign-in travels with its row code: a row typed in on one laptop is recognised on another."""

from __future__ import annotations

from sqlalchemy import select

from desktop.handouts.data import session_short_code
from desktop.models import SignIn
from desktop.signin.paper import PaperRow, record_paper_rows
from tests.hubtools import hub_rows
from tests.sync.conftest import enrolled
from tests.sync.scenarios import add_session, add_venue


def test_a_paper_row_entered_on_one_laptop_is_already_there_on_a_second_through_the_hub(hub, org, laptops):
    a, b = enrolled(hub, org, laptops(2))
    session_id = add_session(a, add_venue(a))
    code = f"{session_short_code(session_id)}-07"
    with a.db.transaction() as s:
        entered = record_paper_rows(s, session_id, [PaperRow(code, "Zoë", first_time=True)])
    a.sync(), b.sync()

    stored = hub_rows(hub.engine, org)[("sign_ins", entered.outcomes[0].sign_in_id)]
    assert (stored["source"], stored["row_code"]) == ("paper", code)
    with b.db.transaction() as s:
        again = record_paper_rows(s, session_id, [PaperRow("7", "Zoë")])
    assert [o.status for o in again.outcomes] == ["already"]
    assert again.outcomes[0].message == "Row 7 was already entered, for Zoë: nothing was changed."
    with b.db.session() as s:
        assert [(r.source, r.row_code) for r in s.scalars(select(SignIn))] == [("paper", code)]
