"""A take-home sheet's "Keep going" heading, its links and their QR code share a page, in large print too."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.handouts.data import Person
from desktop.handouts.layout import Options
from desktop.handouts.takehome import takehome_pdf
from tests.handouts.conftest import pdf_reader


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large-print"])
def test_keep_going_heading_links_and_code_are_on_one_page(session_info, language, large_print):
    info = replace(session_info, people=[Person("María de los Ángeles", language=language)])
    reader = pdf_reader(takehome_pdf(info, Options("a4", large_print, "en")))
    heading = "Sigue adelante" if language == "es" else "Keep going"
    (page,) = [p for p in reader.pages if heading in (p.extract_text() or "")]
    text = page.extract_text()
    assert "python.org" in text  # the first link
    assert page["/Resources"].get("/XObject"), "the QR code is drawn on another page"
    # The heading is not the last thing on its page.
    assert not text.rstrip().endswith(heading)
