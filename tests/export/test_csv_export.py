"""Exported CSVs read well in a spreadsheet: names beside ids, a column per barrier, local times with offsets."""

from __future__ import annotations

import csv
import time
from datetime import datetime
from pathlib import Path

import pytest

from desktop.export import export_csv
from desktop.i18n import set_language
from desktop.models import ExitCard, Lesson, PairingGroup, PairingRound, Participant, SignIn, TasterSession, Venue
from desktop.vocabulary import BARRIERS


@pytest.fixture
def madrid(monkeypatch: pytest.MonkeyPatch):
    """The laptop's clock in Madrid: UTC+1 in winter, UTC+2 in summer."""
    monkeypatch.setenv("TZ", "Europe/Madrid")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def read(path: Path) -> list[dict[str, str]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM spreadsheet apps need to read accents
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def exported(db, tmp_path: Path, madrid) -> Path:
    with db.transaction() as s:
        venue = Venue(name="Peluquería Doña Inés", kind="salon")
        lesson = Lesson(slug="budget", title="Un presupuesto familiar", text="")
        s.add_all([venue, lesson])
        s.flush()
        session = TasterSession(
            venue_id=venue.id,
            title="Taller de otoño",
            starts_at=datetime(2026, 11, 28, 18, 0),  # the venue's own clock
            lesson_ids=[lesson.id],
        )
        josé = Participant(first_name="José", last_name="Nguyễn", contact_consent_at=datetime(2026, 7, 1, 10, 0))
        zoë = Participant(first_name="Zoë")
        s.add_all([session, josé, zoë])
        s.flush()
        s.add(SignIn(session_id=session.id, participant_id=josé.id, signed_in_at=datetime(2026, 11, 28, 13, 5)))
        s.add(ExitCard(session_id=session.id, participant_id=josé.id, rating=3, barriers=["childcare", "cost"]))
        s.add(ExitCard(session_id=session.id, participant_id=None, rating=2, barriers=[]))
        round_ = PairingRound(session_id=session.id)
        s.add(round_)
        s.flush()
        s.add(PairingGroup(round_id=round_.id, member_ids=[josé.id, zoë.id]))
    out = tmp_path / "csv"
    export_csv(db, out)
    return out


def test_names_and_titles_stand_beside_the_ids_they_explain(exported: Path):
    [session] = read(exported / "sessions.csv")
    assert session["venue_name"] == "Peluquería Doña Inés"
    assert session["lesson_titles"] == "Un presupuesto familiar"
    [sign_in] = read(exported / "sign_ins.csv")
    assert (sign_in["session_title"], sign_in["venue_name"]) == ("Taller de otoño", "Peluquería Doña Inés")
    assert sign_in["participant_name"] == "José Nguyễn"
    [pairing] = read(exported / "pairings.csv")
    assert pairing["session_title"] == "Taller de otoño" and pairing["member_names"] == "José Nguyễn; Zoë"
    header = next(csv.reader((exported / "sessions.csv").open(encoding="utf-8-sig")))
    assert header[:3] == ["id", "venue_id", "venue_name"]  # each name right after its id


def test_each_barrier_has_its_own_column_headed_with_its_label(exported: Path):
    cards = read(exported / "exit_cards.csv")
    assert "barriers" not in cards[0]
    by_person = {c["participant_name"]: c for c in cards}
    assert by_person["José Nguyễn"]["Barrier: Childcare"] == "1"
    assert by_person["José Nguyễn"]["Barrier: Cost"] == "1"
    assert by_person["José Nguyễn"]["Barrier: Getting here"] == "0"
    assert by_person[""]["Barrier: Childcare"] == "0"  # the anonymous card
    assert len([h for h in cards[0] if h.startswith("Barrier: ")]) == len(BARRIERS)


def test_the_barrier_columns_are_headed_in_the_language_of_the_export(db, tmp_path: Path):
    set_language("es")
    try:
        export_csv(db, tmp_path)
    finally:
        set_language("en")
    header = next(csv.reader((tmp_path / "exit_cards.csv").open(encoding="utf-8-sig")))
    assert "Barrera: Cuidado de niños" in header


def test_times_are_iso_local_time_with_the_offset_of_their_day(exported: Path):
    [sign_in] = read(exported / "sign_ins.csv")
    assert sign_in["signed_in_at"] == "2026-11-28T14:05:00+01:00"  # kept as 13:05 UTC
    [session] = read(exported / "sessions.csv")
    assert session["starts_at"] == "2026-11-28T18:00:00+01:00"  # kept as the venue's 18:00
    people = {p["first_name"]: p for p in read(exported / "participants.csv")}
    assert people["José"]["contact_consent_at"] == "2026-07-01T12:00:00+02:00"  # summer time
    assert people["Zoë"]["contact_consent_at"] == ""


def test_every_header_is_named_once(exported: Path):
    for path in exported.glob("*.csv"):
        header = next(csv.reader(path.open(encoding="utf-8-sig")))
        assert len(header) == len(set(header)), path.name


def test_text_a_spreadsheet_would_run_as_a_formula_is_written_as_text(db, tmp_path: Path):
    hostile = ['=HYPERLINK("http://x","click")', "+1 555", "-cmd", "@SUM(A1)"]
    with db.transaction() as s:
        venue = Venue(name="=1+1", kind="salon")
        s.add(venue)
        s.flush()
        session = TasterSession(venue_id=venue.id, title="@title", starts_at=datetime(2026, 11, 28, 18, 0))
        people = [Participant(first_name=name) for name in hostile]
        s.add_all([session, *people])
        s.flush()
        s.add_all(SignIn(session_id=session.id, participant_id=p.id) for p in people)
    out = tmp_path / "csv"
    export_csv(db, out)
    first_names = {row["first_name"] for row in read(out / "participants.csv")}
    assert first_names == {"'" + name for name in hostile}
    signins = read(out / "sign_ins.csv")
    assert {row["participant_name"] for row in signins} == {"'" + name for name in hostile}
    assert {row["venue_name"] for row in signins} == {"'=1+1"}
    cells = [cell for path in out.glob("*.csv") for row in read(path) for cell in row.values()]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@")]
