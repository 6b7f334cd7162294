"""The printed report, read back from its PDF: the filter in words, the figures, no names, small counts hidden."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.handouts.layout import Options
from desktop.i18n import set_language
from desktop.learning import InterventionDraft, record_intervention
from desktop.models import Venue
from desktop.reports import ReportFilter
from desktop.reports.printable import report_pdf
from desktop.reports.tables import collect
from tests.conftest import run_onramp

FIRST_HALF = ReportFilter(date(2026, 1, 1), date(2026, 6, 30))
NAMES = ("Ana", "Ben", "Cruz", "Dee", "Eve", "Fay", "Gus", "Hal", "Doe")


def _pdf(chapter, options: Options | None = None, f: ReportFilter = FIRST_HALF) -> bytes:
    with chapter.db.session() as s:
        data = collect(s, f, today=date(2026, 6, 30))
    return report_pdf(data, options or Options(), made_on=date(2026, 7, 1))


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_printed_report_says_its_filter_and_its_figures(chapter):
    set_language("en")
    pdf = _pdf(chapter)
    text = _text(pdf)
    assert "Sessions from 1 January to 30 June 2026" in text
    assert "How we counted" in text and "A visit is one person signed in to one session" in text
    # The key figures, hand-counted in conftest.py: 7 sessions held, 13 visits, 8 people, all 8 first-timers,
    # 4 returners (fewer than 5), so their share is hidden too (50% of 8 would give the 4 back); 4 exit cards.
    figures = "7 13 8 8 fewer than 5 — fewer than 5 Sessions held Visits Different people First-timers Returners"
    assert figures in text
    assert "The host's estimate 12" in text  # the headcount table, 12 counted by eye at S9
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 2


def test_the_printed_report_names_nobody_and_shows_small_counts_as_fewer_than_five(chapter):
    set_language("en")
    text = _text(_pdf(chapter))
    words = set(text.replace(",", " ").replace(".", " ").split())
    assert not words & set(NAMES)
    assert "Evenings are hard" not in text and "Loved it" not in text  # no comments either
    assert "fewer than 5" in text
    # Ratings: one card each way; the counts read "fewer than 5", never "1".
    assert "Good (happy face) fewer than 5" in text


def test_the_charts_are_vector_drawings_not_pictures(chapter):
    set_language("en")
    reader = PdfReader(io.BytesIO(_pdf(chapter)))
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        assert not [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]


def test_the_printed_report_in_spanish_and_large_print(chapter):
    set_language("es")
    try:
        text = _text(_pdf(chapter, Options("letter", large_print=True, language="es")))
    finally:
        set_language("en")
    assert "Sesiones del 1 de enero al 30 de junio de 2026" in text
    assert "menos de 5" in text and "Cómo contamos" in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm is not installed")
def test_onramp_report_writes_a_pdf_that_renders(chapter, data_dir, tmp_path: Path):
    out = tmp_path / "report.pdf"
    result = run_onramp("report", "--out", str(out), "--period", "all-time", "--language", "en", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "All sessions" in _text(out.read_bytes())
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(out), str(tmp_path / "page")], check=True)
    assert sorted(p.name for p in tmp_path.glob("page*.png"))[:1] == ["page-1.png"]


def test_the_printed_report_shows_what_the_chapter_changed_right_after_the_key_figures(chapter):
    set_language("en")
    with chapter.db.transaction() as s:
        record_intervention(s, InterventionDraft(chapter.venue["A"], "childcare", "", date(2026, 4, 1)))
    text = _text(_pdf(chapter))
    changes = text.index("What we changed, and what followed")
    assert text.index("Returners") < changes < text.index("Attendance by month")
    assert "Childcare (a crèche)" in text and "1 April 2026" in text
    # The before window's childcare cards: 1 of 3, both fewer than 5, so the share is hidden with them.
    assert "— (fewer than 5 of fewer than 5)" in text
    assert "too few to tell whether the change made a difference" in text
    assert "Each change is compared over two windows of the same length" in text


def test_an_empty_period_prints_one_plain_line_not_pages_of_zeros(chapter):
    set_language("en")
    pdf = _pdf(chapter, f=ReportFilter(date(2025, 1, 1), date(2025, 12, 31)))
    text = _text(pdf)
    assert (
        "Sessions from 1 January to 31 December 2025 at all venues Made on 1 July 2026 "
        "No sessions were held in this period." in text
    )
    assert "0%" not in text and "Key figures" not in text and "Attendance by month" not in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    set_language("es")
    try:
        text = _text(_pdf(chapter, f=ReportFilter(date(2025, 1, 1), date(2025, 12, 31))))
    finally:
        set_language("en")
    assert "No se realizó ninguna sesión en este periodo." in text


def test_onramp_report_says_an_empty_period_on_stderr_and_still_writes_the_file(chapter, data_dir, tmp_path: Path):
    out = tmp_path / "empty.pdf"
    result = run_onramp(
        "report", "--out", str(out), "--from", "2025-01-01", "--to", "2025-12-31", "--language", "en", data_dir=data_dir
    )
    assert result.returncode == 0, result.stderr
    assert "No sessions were held in this period." in result.stderr
    assert "No sessions were held in this period." in _text(out.read_bytes())


def _demo_pdf(demo_db, options: Options) -> bytes:
    with demo_db.session() as s:
        data = collect(s, ReportFilter())
    return report_pdf(data, options, made_on=date(2026, 7, 1))


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_demo_report_fits_two_pages_in_normal_print(demo_db, paper, language):
    set_language(language)
    try:
        pdf = _demo_pdf(demo_db, Options(paper, language=language))
    finally:
        set_language("en")
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 2


def test_the_title_says_which_sessions_and_where(chapter):
    set_language("en")
    text = _text(_pdf(chapter))
    assert text.startswith("Sessions from 1 January to 30 June 2026 at all venues")
    with chapter.db.session() as s:
        venue_name = s.get(Venue, chapter.venue["A"]).name
    one_venue = ReportFilter(date(2026, 1, 1), date(2026, 6, 30), (chapter.venue["A"],), (), ("es",))
    text = _text(_pdf(chapter, f=one_venue))
    assert text.startswith(f"Sessions from 1 January to 30 June 2026 at {venue_name}")
    # The languages the title leaves out are said under it, in the filter's words.
    assert f"Sessions from 1 January to 30 June 2026 at {venue_name}, in Spanish" in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_large_print_table_headings_break_only_between_words(demo_db, language):
    set_language(language)
    try:
        with demo_db.session() as s:
            data = collect(s, ReportFilter())
        pdf = report_pdf(data, Options("a4", large_print=True, language=language))
        tables = data.tables()
        # The key figures print as boxes, without headings; the changes' table prints its first three
        # columns as each change's title, the rest as headings.
        headers = [h for t in tables[1:-1] for h in t.headers] + list(tables[-1].headers[3:6])
        headings = {w for h in headers for w in h.split()}
    finally:
        set_language("en")
    words = set(_text(pdf).split())
    for heading in headings:
        assert heading in words
        # A word cut in two, with or without a hyphen, reads back as both of its pieces.
        cut = [(heading[:i], heading[i:]) for i in range(2, len(heading) - 1)]
        assert not [(a, b) for a, b in cut if (a in words or a + "-" in words) and b in words], heading
