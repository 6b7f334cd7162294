"""The paper sign-in sheet keeps people's contact details off the list others read, and its codes read back."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from desktop.handouts.layout import Options
from desktop.handouts.signin_sheet import signin_sheet_pdf
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
    assert len(codes) == 20
    for code in codes:
        assert f"Contact slip · row {code}" in slips
    assert slips.count("Phone or email") == 20
    assert " ".join(slips.split()).count(CONSENT_WORDING) == 20


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
