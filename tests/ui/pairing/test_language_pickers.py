"""Languages are plural and picked from a list: the venue and person editors store codes, keep unknown ones."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from desktop.models import Participant, SignIn, TasterSession, Venue
from desktop.pairing import pair
from desktop.pairing.store import load_inputs
from desktop.ui.language_picker import CODE_ROLE, LanguageList


def _tick(picker: LanguageList, code: str, on: bool = True) -> None:
    for i in range(picker.count()):
        if picker.item(i).data(CODE_ROLE) == code:
            picker.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            return
    raise AssertionError(f"{code} is not offered")


def test_the_venue_editor_picks_languages_by_name_and_keeps_a_code_it_does_not_know(qtbot, db, ctx):
    from desktop.ui.sessions.dialogs import VenueDialog, venue_draft

    with db.transaction() as s:
        venue = Venue(name="Salon", languages=["es", "tlh"])
        s.add(venue)
        s.flush()
        venue_id = venue.id
    with db.transaction() as s:
        draft = venue_draft(s, venue_id)
    dialog = VenueDialog(ctx, draft, venue_id)
    qtbot.addWidget(dialog)
    picker = dialog.languages
    assert isinstance(picker, LanguageList), "a list to pick from, not free text"
    labels = {picker.item(i).data(CODE_ROLE): picker.item(i).text() for i in range(picker.count())}
    assert labels["vi"] == "Vietnamese (Tiếng Việt)" and labels["tlh"] == "tlh"
    assert set(picker.codes()) == {"es", "tlh"}
    _tick(picker, "vi")
    dialog.save()
    with db.transaction() as s:
        assert set(s.get(Venue, venue_id).languages) == {"es", "vi", "tlh"}, "the unknown code is kept, not dropped"


def test_the_person_editor_records_every_language_and_the_preferred_one_among_them(qtbot, db, ctx):
    from desktop.ui.sessions.dialogs import PersonDialog, load_person

    with db.transaction() as s:
        venue = Venue(name="Hall")
        s.add(venue)
        s.flush()
        ts = TasterSession(venue_id=venue.id, title="Evening", starts_at=datetime(2026, 4, 2, 18, 0), language="en")
        s.add(ts)
        s.flush()
        lan = Participant(first_name="Lan", language="en", languages=["en"])
        minh = Participant(first_name="Minh", language="vi", languages=["vi"])
        s.add_all([lan, minh])
        s.flush()
        s.add_all([SignIn(session_id=ts.id, participant_id=p.id) for p in (lan, minh)])
        lan_id, session_id = lan.id, ts.id
    with db.transaction() as s:
        details = load_person(s, lan_id)
    dialog = PersonDialog(ctx, lan_id, details)
    qtbot.addWidget(dialog)
    _tick(dialog.languages, "vi")
    dialog.language.set_code("es")  # preferred: Spanish, which she now also speaks
    assert "es" in dialog.languages.codes(), "choosing a preferred language ticks it"
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.problems.text()
    with db.transaction() as s:
        person = s.get(Participant, lan_id)
        assert person.language == "es"
        assert set(person.languages) == {"en", "vi", "es"}
        inputs = load_inputs(s, session_id)
    result = pair(inputs.people)
    assert not result.unplaced, "Lan and Minh share Vietnamese, though neither prefers the other's language"
