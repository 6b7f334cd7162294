"""The host's lists on the Reports page, on a real database with a small hand-made chapter.

One venue, five Saturday sessions S1..S5 (January to May). Lena and Omar came to S1 and S2 and not to
the last three: both stopped coming, but only Lena agreed to be contacted (phone 555 0101); Omar gave a
phone number without agreeing. Rita came to all five and never helped: ready to be asked to help.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from desktop.models import FollowUp, LadderStep, Participant, SignIn, TasterSession, Venue
from desktop.ui.reports.follow_up_dialog import FollowUpDialog
from desktop.ui.reports.host_lists import HostLists
from desktop.ui.reports.ladder_step_dialog import LadderStepDialog
from desktop.ui.reports.person_path import PersonPathDialog, show_person_path


@dataclass
class Chapter:
    session: dict[str, str]
    person: dict[str, str]


@pytest.fixture
def chapter(db) -> Chapter:
    with db.transaction() as s:
        venue = Venue(name="Union Hall")
        s.add(venue)
        s.flush()
        sessions = {
            f"S{n}": TasterSession(venue_id=venue.id, starts_at=datetime(2026, n, 10, 10), title=f"S{n}")
            for n in range(1, 6)
        }
        people = {
            "Lena": Participant(first_name="Lena", last_name="Ortiz", phone="555 0101", contact_consent=True),
            "Omar": Participant(first_name="Omar", last_name="Haddad", phone="555 0202", contact_consent=False),
            "Rita": Participant(first_name="Rita", last_name="Moreno"),
        }
        s.add_all([*sessions.values(), *people.values()])
        s.flush()
        for key in ("S1", "S2"):
            for name in ("Lena", "Omar"):
                s.add(SignIn(session_id=sessions[key].id, participant_id=people[name].id, source="kiosk"))
        for key in sessions:
            s.add(SignIn(session_id=sessions[key].id, participant_id=people["Rita"].id, source="kiosk"))
        return Chapter({k: v.id for k, v in sessions.items()}, {k: v.id for k, v in people.items()})


@pytest.fixture
def lists(qtbot, ctx, english, chapter) -> HostLists:
    widget = HostLists(ctx)
    qtbot.addWidget(widget)
    widget.show()  # showing it loads both lists (inline here: the test context's runner is synchronous)
    return widget


def _cells(model, column: int) -> list[str]:
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def _choose(view, row: int) -> None:
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().select(view.model().index(row, 0), flags)


def test_a_lapsed_person_who_agreed_is_listed_with_their_phone_and_one_who_did_not_is_not(lists):
    assert _cells(lists.lapsed_model, 0) == ["Lena Ortiz"]
    assert _cells(lists.lapsed_model, 1) == ["Union Hall"]
    assert _cells(lists.lapsed_model, 3) == ["2"]
    assert _cells(lists.lapsed_model, 4) == ["555 0101"]
    assert _cells(lists.lapsed_model, 5) == ["Not yet"]
    assert "Omar" not in " ".join(_cells(lists.lapsed_model, 0)) and "555 0202" not in _cells(lists.lapsed_model, 4)
    # N comes from the setting, in words.
    assert "not in the last 3 sessions at their usual venue" in lists.lapsed_rule.text()


def test_nobody_is_named_when_the_viewer_is_not_the_host(qtbot, ctx, english, chapter):
    widget = HostLists(ctx, viewer_is_host=False)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.lapsed_model.rowCount() == 0 and widget.ready_model.rowCount() == 0
    assert widget.lapsed_status.text() == "Only the host sees these names."


def test_marking_a_follow_up_records_it_and_the_row_shows_it(lists, db, chapter):
    assert not lists.follow_up_button.isEnabled()  # nobody chosen yet
    _choose(lists.lapsed_view, 0)
    assert lists.follow_up_button.isEnabled()
    lists.follow_up_button.click()
    dialog = lists.dialog
    assert isinstance(dialog, FollowUpDialog) and "Lena Ortiz" in dialog.windowTitle()
    dialog.note.setPlainText("Left a voicemail")
    dialog.buttons.accepted.emit()
    with db.session() as s:
        marks = s.query(FollowUp).filter_by(participant_id=chapter.person["Lena"]).all()
        assert [(m.followed_up_on, m.note) for m in marks] == [(date.today(), "Left a voicemail")]
        by = marks[0].recorded_by
    # The change reloads the list: the row now says when, and by whom.
    shown = _cells(lists.lapsed_model, 5)[0]
    assert shown != "Not yet" and str(date.today().year) in shown
    assert by in shown


def test_recording_a_step_moves_the_person_off_ready(lists, db, chapter):
    assert _cells(lists.ready_model, 0) == ["Rita Moreno"]
    assert _cells(lists.ready_model, 3) == ["Came 5 times and has not helped yet."]
    assert "Ready for the next step" in lists.ready_rule.text()
    _choose(lists.ready_view, 0)
    lists.step_button.click()
    dialog = lists.dialog
    assert isinstance(dialog, LadderStepDialog)
    assert dialog.kind.currentData() == "invited_to_help"  # what a host usually does next
    dialog.session.setCurrentIndex(dialog.session.findData(chapter.session["S5"]))
    dialog.buttons.accepted.emit()
    with db.session() as s:
        steps = s.query(LadderStep).filter_by(participant_id=chapter.person["Rita"]).all()
        assert [(st.kind, st.session_id) for st in steps] == [("invited_to_help", chapter.session["S5"])]
    assert lists.ready_model.rowCount() == 0
    assert lists.ready_status.text() == "Nobody is ready for a next step just now."


def test_the_path_lists_visits_and_steps_in_date_order(qtbot, ctx, english, db, chapter):
    with db.transaction() as s:
        s.add(LadderStep(participant_id=chapter.person["Rita"], kind="invited_to_help", taken_on=date(2026, 3, 20)))
        s.add(
            LadderStep(
                participant_id=chapter.person["Rita"], kind="helped", taken_on=date(2026, 5, 10), note="Ran the pairs"
            )
        )
    dialog = show_person_path(ctx, chapter.person["Rita"])
    qtbot.addWidget(dialog)
    lines = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert [line.split(": ", 1)[1] for line in lines] == [
        "came to a session at Union Hall",
        "came to a session at Union Hall",
        "came to a session at Union Hall",
        "Asked to help",
        "came to a session at Union Hall",
        "came to a session at Union Hall",
        "Helped at a session — Ran the pairs",
    ]
    assert lines[0].startswith("Sat 10 Jan 2026") and lines[3].startswith("Fri 20 Mar 2026")
    assert dialog.windowTitle() == "Rita Moreno's path"
    assert dialog.summary.text() == "Now: Peer helper. Came 5 times, helped at 1 session."


def test_show_their_path_opens_from_either_list(lists, chapter):
    _choose(lists.lapsed_view, 0)
    lists.lapsed_path_button.click()
    assert isinstance(lists.dialog, PersonPathDialog) and lists.dialog.windowTitle() == "Lena Ortiz's path"
    lists.dialog.close()
    _choose(lists.ready_view, 0)
    lists.ready_path_button.click()
    assert isinstance(lists.dialog, PersonPathDialog) and lists.dialog.windowTitle() == "Rita Moreno's path"
    lists.dialog.close()
    lists.ready_view.doubleClicked.emit(lists.ready_model.index(0, 0))  # a double-click on the row
    assert isinstance(lists.dialog, PersonPathDialog) and lists.dialog.windowTitle() == "Rita Moreno's path"


def test_the_person_dialog_shows_their_path(qtbot, ctx, english, chapter):
    from desktop.signin.people import ParticipantDraft
    from desktop.ui.sessions.dialogs import PersonDialog

    dialog = PersonDialog(ctx, chapter.person["Lena"], ParticipantDraft(first_name="Lena", last_name="Ortiz"))
    qtbot.addWidget(dialog)
    dialog.path_button.click()
    assert isinstance(dialog.path_dialog, PersonPathDialog)
    assert dialog.path_dialog.list.count() == 2 and dialog.path_dialog.windowTitle() == "Lena Ortiz's path"


def test_a_role_on_the_list_is_read_with_its_words(lists):
    assert lists.follow_up_button.accessibleName() == "Mark as followed up…"
    assert lists.lapsed_view.accessibleName() == "Who stopped coming"
    assert lists.lapsed_model.headerData(4, Qt.Orientation.Horizontal) == "How to reach them"
