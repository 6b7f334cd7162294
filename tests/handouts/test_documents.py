"""Every handout, read back from the PDF: the right text, in every script, on the right paper."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from desktop.handouts.badges import badges_pdf, parse_names
from desktop.handouts.data import HandoutError, Person
from desktop.handouts.documents import SESSION_KINDS, session_document
from desktop.handouts.layout import Options
from desktop.handouts.lesson import lesson_pdf
from desktop.handouts.typefaces import uncovered
from desktop.lessons.document import Code, LessonDoc, LessonMeta, Markdown
from desktop.lessons.parse import parse_file
from tests.handouts.conftest import NAMES_IN_EVERY_SCRIPT, SAMPLE_LESSON, pdf_reader, pdf_text, smallest_text_size


@pytest.fixture(scope="module")
def lesson() -> LessonDoc:
    return parse_file(SAMPLE_LESSON)


def test_learner_copy_has_the_steps_but_no_solutions_or_host_notes(lesson):
    text = pdf_text(lesson_pdf(lesson, Options()))
    assert "What you will learn" in text and "Change the name to yours" in text and 'print(f"Hello' in text
    assert "Your answer" in text  # room to write under each challenge
    assert "SECRET-SOLUTION" not in text and "HOST-NOTE" not in text


def test_host_copy_has_solutions_notes_and_timings_per_part(lesson):
    text = pdf_text(lesson_pdf(lesson, Options(), host=True))
    assert "SECRET-SOLUTION" in text and "HOST-NOTE" in text
    assert "Timings for the host" in text and "0:00–" in text and "–1:00" in text


def test_every_script_prints_with_a_shipped_font():
    for name in NAMES_IN_EVERY_SCRIPT:
        assert uncovered(name) == set(), name


def test_names_in_every_script_read_back_intact_from_badges_and_certificates(session_info):
    options = Options("a4")
    badges = pdf_text(badges_pdf(session_info.people, options))
    certificates = pdf_text(session_document("certificates", session_info, "a4", False))
    for name in NAMES_IN_EVERY_SCRIPT:
        first = name.split()[0]
        assert first in badges, first
        assert name in certificates, name


@pytest.mark.parametrize("kind", SESSION_KINDS)
def test_large_print_sets_every_word_at_18_points_or_more(kind, session_info):
    data = session_document(kind, session_info, "letter", True)
    assert smallest_text_size(data) >= 17.9


def test_large_print_lesson_handout_is_18_points_or_more(lesson):
    for host in (False, True):
        assert smallest_text_size(lesson_pdf(lesson, Options(large_print=True), host=host)) >= 17.9


def test_normal_print_is_smaller_than_large_print(session_info):
    data = session_document("take-home", session_info, "a4", False)
    assert smallest_text_size(data) < 17


def test_no_photos_is_said_in_words_not_only_colour(session_info):
    text = pdf_text(session_document("badges", session_info, "a4", True))
    no_photo = sum(1 for p in session_info.people if p.photo_ok is False)
    assert text.count("No photos, please") == no_photo


@pytest.mark.parametrize(("paper", "width"), [("a4", 595), ("letter", 612)])
def test_paper_size_and_metadata(paper, width, lesson):
    reader = pdf_reader(lesson_pdf(lesson, Options(paper)))
    assert round(float(reader.pages[0].mediabox.width)) == width
    assert reader.metadata.title.startswith("Your first Python program")
    assert reader.metadata.author == "Pat Volunteer"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_session_handouts_print_in_the_session_language(session_info):
    spanish = replace(session_info, language="es")
    text = pdf_text(session_document("take-home", spanish, "a4", False))
    assert "Gracias por venir" in text
    reader = pdf_reader(session_document("signin-sheet", spanish, "a4", False))
    assert reader.trailer["/Root"]["/Lang"] == "es"
    assert "Hoja de registro" in pdf_text(session_document("signin-sheet", spanish, "a4", False))


def test_take_home_sheet_shows_only_its_own_person_and_the_next_session(session_info):
    reader = pdf_reader(session_document("take-home", session_info, "a4", False))
    assert len(reader.pages) == len(session_info.people)
    first_page = reader.pages[0].extract_text()
    assert "José" in first_page and "Олена" not in first_page
    assert "A web page for the food pantry" in first_page
    assert "https://www.python.org/about/gettingstarted/" in first_page
    assert "Scan the code" in first_page


def test_signin_sheet_has_numbered_codes_and_the_consent_wording(session_info):
    text = pdf_text(session_document("signin-sheet", session_info, "a4", False))
    code = session_info.short_code
    assert f"{code}-01" in text and f"{code}-20" in text
    assert "You may contact me by phone or email about future On-Ramp sessions" in text
    assert "José" not in text  # a printed list never shows who else came


def test_table_cards_carry_each_table_and_its_first_names(session_info):
    text = pdf_text(session_document("pair-cards", session_info, "a4", False))
    assert "Table 1" in text and "Table 2" in text and "王芳" in text and "محمد" in text


def test_a_5000_line_code_block_prints_every_line():
    code = "\n".join(f"value_{i} = {i}" for i in range(5000))
    doc = LessonDoc(LessonMeta(title="Long code"), [Markdown("Here it comes."), Code(code, "python")])
    data = lesson_pdf(doc, Options())
    text = pdf_text(data)
    assert "value_0 = 0" in text and "value_4999 = 4999" in text
    assert len(pdf_reader(data).pages) > 50


def test_a_300_character_name_still_fits_on_a_badge():
    long_name = "Maria" + "x" * 295
    data = badges_pdf([Person(first_name=long_name), Person(first_name="Ana " * 75)], Options())
    assert len(pdf_reader(data).pages) == 1
    assert "Maria" in pdf_text(data)


def test_a_missing_picture_prints_as_a_note(lesson):
    text = pdf_text(lesson_pdf(lesson, Options()))
    assert "Picture not available" in text and "no-such-picture.png" in text


def test_an_empty_session_gives_a_clear_message_not_a_pdf(session_info):
    empty = replace(session_info, people=[], tables=[])
    for kind in ("badges", "certificates", "take-home", "pair-cards"):
        with pytest.raises(HandoutError):
            session_document(kind, empty, "a4", False)
    assert pdf_text(session_document("signin-sheet", empty, "a4", False))  # blank sheet still prints


def test_table_cards_for_a_round_that_seats_nobody_say_so_not_that_there_is_no_round(session_info):
    with pytest.raises(HandoutError, match="no pairing round yet"):
        session_document("pair-cards", replace(session_info, tables=[], round_number=None), "a4", False)
    with pytest.raises(HandoutError, match="Nobody is seated at a table in this session's pairing round"):
        session_document("pair-cards", replace(session_info, tables=[], round_number=1), "a4", False)


def test_names_file_one_per_line_or_csv_with_header():
    plain = parse_names("José\n\n王芳\nمحمد الأحمد\n")
    # A plain line: its first word is the first name, the rest the other names.
    assert [(p.first_name, p.last_name) for p in plain] == [("José", ""), ("王芳", ""), ("محمد", "الأحمد")]
    people = parse_names("first_name,last_name,pronouns,photos\nZoë,Williams,she/her,no\nOlena,,,yes\n")
    assert people[0] == Person("Zoë", "Williams", "she/her", False)
    assert people[1].photo_ok is True
    with pytest.raises(HandoutError):
        parse_names("\n  \n")


def test_names_file_in_windows_encoding_is_read(tmp_path: Path):
    from desktop.handouts.badges import read_names

    f = tmp_path / "names.txt"
    f.write_bytes("Renée\nFrançois\n".encode("cp1252"))
    assert [p.first_name for p in read_names(f)] == ["Renée", "François"]
