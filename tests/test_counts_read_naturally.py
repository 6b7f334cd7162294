"""Counts read naturally in English and Spanish: one form for one, another for many (gettext plurals)."""

from __future__ import annotations

import pytest

from desktop.handouts.layout import Options
from desktop.i18n import ngettext, set_language


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [
        ("en", "1 page, ready to save or print.", "3 pages, ready to save or print."),
        ("es", "1 página, lista para guardar o imprimir.", "3 páginas, listas para guardar o imprimir."),
    ],
)
def test_the_handouts_page_count_reads_naturally(language, one, many):
    set_language(language)
    try:
        sentence = ("{n} page, ready to save or print.", "{n} pages, ready to save or print.")
        assert ngettext(*sentence, 1).format(n=1) == one
        assert ngettext(*sentence, 3).format(n=3) == many
    finally:
        set_language("en")


def test_a_handout_counts_in_its_own_language_whatever_the_apps():
    set_language("en")
    spanish = Options(language="es")
    assert spanish.nt("About {n} minute", "About {n} minutes", 1).format(n=1) == "Aproximadamente 1 minuto"
    assert spanish.nt("About {n} minute", "About {n} minutes", 25).format(n=25) == "Aproximadamente 25 minutos"
    english = Options(language="en")
    assert english.nt("That makes {n} session for you.", "That makes {n} sessions for you.", 2).format(n=2) == (
        "That makes 2 sessions for you."
    )


@pytest.mark.parametrize(
    ("language", "four_to_one", "one_to_one", "hidden"),
    [
        ("en", "4.0 (4 came to 1 session)", "1.0 (1 came to 1 session)", "— (fewer than 5 came to 6 sessions)"),
        ("es", "4.0 (4 vinieron a 1 sesión)", "1.0 (1 vino a 1 sesión)", "— (menos de 5 vinieron a 6 sesiones)"),
    ],
)
def test_attendance_per_session_counts_people_and_sessions_in_the_right_number(
    language, four_to_one, one_to_one, hidden
):
    """Before: "4 came to 1 sessions". The hub's /barriers and the laptop's report show this text."""
    from desktop.reports.interventions import Window
    from desktop.reports.tables import attendance_text

    set_language(language)
    try:
        assert attendance_text(Window(sessions_held=1, visits=4), hide_small=False) == four_to_one
        assert attendance_text(Window(sessions_held=1, visits=1), hide_small=False) == one_to_one
        assert attendance_text(Window(sessions_held=6, visits=3)) == hidden
    finally:
        set_language("en")
