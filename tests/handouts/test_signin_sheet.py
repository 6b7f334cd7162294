"""The paper sign-in sheet keeps people's contact details off the list others read, and its codes read back."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from desktop.handouts.data import Person
from desktop.handouts.layout import Options
from desktop.handouts.signin_sheet import signin_sheet_pdf
from desktop.i18n import current_language, set_language
from desktop.signin.paper import read_row_code
from desktop.signin.people import CONSENT_WORDING
from tests.handouts.conftest import pdf_reader


def _pages(info, options: Options) -> list[str]:
    return [page.extract_text() or "" for page in pdf_reader(signin_sheet_pdf(info, options)).pages]


@pytest.mark.parametrize("large_print", [False, True])
def test_the_sheet_others_read_has_no_column_for_a_phone_or_email(session_info, large_print):
    pages = _pages(session_info, Options(large_print=large_print))
    # Words as a reader hears them: a heading wrapped over lines is still one heading.
    sheet = " ".join(" ".join(p for p in pages if "Contact slip" not in p).split())
    assert "First name *" in sheet and "Contact me?" in sheet and "First time" in sheet
    for heading in ("Phone or email", "Email", "Phone", "Last name", "Pronouns"):
        assert heading not in sheet
    # The one mention of phone and email there is the consent sentence, saying the details go on a slip.
    assert "write your phone or email on the slip with your code" in sheet


def test_every_row_has_its_own_contact_slip_with_the_same_code_and_the_consent_words(session_info):
    pages = _pages(session_info, Options())
    sheet, slips = pages[0], "\n".join(pages[1:])
    codes = re.findall(rf"{session_info.short_code}-\d\d", sheet)
    assert len(codes) >= 20  # 20 rows at least, rounded up to fill the page
    for code in codes:
        assert f"Contact slip · row {code}" in slips
    assert slips.count("Phone or email") == len(codes)
    assert " ".join(slips.split()).count(CONSENT_WORDING) == len(codes)


def test_the_codes_printed_on_the_sheet_are_read_back_as_its_rows(session_info):
    sheet = _pages(session_info, Options())[0]
    codes = re.findall(rf"{session_info.short_code}-\d\d", sheet)
    assert [read_row_code(session_info.id, code) for code in codes] == [(code, n) for n, code in enumerate(codes, 1)]


def test_the_sheet_and_its_slips_are_in_spanish(session_info):
    spanish = replace(session_info, language="es")
    pages = _pages(spanish, Options(language="es"))
    text = "\n".join(pages)
    assert "Hoja de registro" in text
    assert "Phone or email" not in text and "Contact slip" not in text
    assert "Teléfono o correo" in text and "Papeleta de contacto" in text


def _rows_per_page(info, options: Options) -> list[int]:
    """How many rows each page of the sheet holds (pages of slips hold none)."""
    pages = _pages(info, options)
    counts = [len(re.findall(rf"^{info.short_code}-\d+$", p, re.MULTILINE)) for p in pages]
    return [n for n in counts if n]


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large-print"])
@pytest.mark.parametrize("people", [0, 19, 20, 21, 30, 45])
def test_no_page_of_rows_is_nearly_empty(session_info, paper, large_print, people):
    info = replace(session_info, people=[Person(f"P{n}") for n in range(people)])
    per_page = _rows_per_page(info, Options(paper, large_print))
    assert sum(per_page) >= max(people, 20)
    # The first page shares its room with the sheet's heading and explanations.
    assert per_page[0] >= 8, per_page
    fullest = max(per_page)
    assert all(n >= fullest / 2 for n in per_page[1:]), per_page


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_large_print_first_page_holds_a_sensible_number_of_rows(session_info, paper, language):
    info = replace(session_info, language=language)
    assert _rows_per_page(info, Options(paper, True, language))[0] >= 8


@pytest.fixture
def app_language():
    """Switch the app's language for one test, and back after."""
    before = current_language()
    yield set_language
    set_language(before)


@pytest.mark.parametrize(("sheet_language", "app"), [("en", "es"), ("es", "en")])
def test_the_host_note_is_in_the_app_language_and_the_rest_in_the_session_language(
    session_info, app_language, sheet_language, app
):
    app_language(app)
    text = " ".join(
        "\n".join(_pages(replace(session_info, language=sheet_language), Options(language=sheet_language))).split()
    )
    sheet_words = {"en": ("Sign-in sheet", "Contact slip"), "es": ("Hoja de registro", "Papeleta de contacto")}
    host_words = {"en": "For the host: type these rows in afterwards", "es": "Para los anfitriones"}
    for word in sheet_words[sheet_language]:
        assert word in text
    for word in sheet_words[app]:
        assert word not in text
    assert host_words[app] in text and host_words[sheet_language] not in text
