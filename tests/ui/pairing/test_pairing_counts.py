"""Counts on the Pairing page read naturally in English and Spanish, and the session picker's "N present"
always agrees with the page body, after sign-outs and late sign-ins too."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from desktop.i18n import set_language
from desktop.models import Participant, SignIn, TasterSession
from desktop.ops import signin as signin_ops


@pytest.fixture
def spanish():
    set_language("es")
    yield
    set_language("en")


def _picker_count(page) -> int:
    found = re.search(r"(\d+) present", page.session_box.currentText())
    assert found, page.session_box.currentText()
    return int(found.group(1))


def _status_count(page) -> int:
    found = re.search(r"(\d+) (?:person|people) present", page.status.text())
    assert found, page.status.text()
    return int(found.group(1))


def _sign_in_id(db, name: str) -> str:
    with db.transaction() as s:
        return s.scalar(select(SignIn.id).join(Participant).where(Participant.first_name == name))


def test_the_session_picker_and_the_page_count_the_same_people_after_a_sign_out_and_a_late_sign_in(page, db):
    page.run_button.click()
    assert _picker_count(page) == _status_count(page) == len(page.board.people) == 4
    page.ctx.ops.run(lambda s: signin_ops.sign_out(s, _sign_in_id(db, "Cy")))
    page.refresh()
    assert _picker_count(page) == _status_count(page) == len(page.board.people) == 3, "Cy left: 3, everywhere"
    with db.transaction() as s:
        session_id = s.scalar(select(TasterSession.id))
        late = Participant(first_name="Lou", languages=["en"])
        s.add(late)
        s.flush()
        late_id = late.id
    page.ctx.ops.run(lambda s: signin_ops.sign_in(s, session_id, late_id))
    page.ctx.ops.run(lambda s: signin_ops.sign_in(s, session_id, _participant(s, "Cy")))
    page.refresh()
    page.run_button.click()
    assert _picker_count(page) == _status_count(page) == len(page.board.people) == 5, "Lou and Cy (back) count"


def _participant(s, name: str) -> str:
    return s.scalar(select(Participant.id).where(Participant.first_name == name))


def test_one_group_and_one_person_read_in_the_singular_in_english(page, db):
    with db.transaction() as s:
        for si in s.scalars(select(SignIn)).all()[2:]:
            si.voided = True
    page.refresh()
    page.run_button.click()
    text = page.status.text()
    assert "1 group." in text and "2 people present." in text, text
    assert "1 groups" not in text


def test_counts_read_in_spanish_plural_forms(page, db, spanish):
    page.refresh()
    assert "4 presentes" in page.session_box.currentText()
    page.run_button.click()
    text = page.status.text()
    assert "2 grupos." in text and "4 personas presentes." in text, text
    with db.transaction() as s:
        for si in s.scalars(select(SignIn)).all()[1:]:
            si.voided = True
    page.refresh()
    assert "1 presente" in page.session_box.currentText() and "1 presentes" not in page.session_box.currentText()
