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
