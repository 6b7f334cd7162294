"""A box's heading names its kind once: "Challenge 1: …", never "Challenge: Challenge 1: …"."""

from __future__ import annotations

import pytest

from desktop.lessons.box_titles import box_heading


@pytest.mark.parametrize(
    ("kind", "label", "title", "heading"),
    [
        ("challenge", "Challenge", "Challenge 1: three lines", "Challenge 1: three lines"),
        ("challenge", "Challenge", "CHALLENGE 2", "CHALLENGE 2"),
        ("challenge", "Challenge", "Exercise: loops", "Exercise: loops"),
        ("challenge", "Desafío", "Desafío 1: tres líneas", "Desafío 1: tres líneas"),
        ("challenge", "Desafío", "desafio 3", "desafio 3"),
        ("challenge", "Desafío", "Ejercicio 2", "Ejercicio 2"),
        ("challenge", "Challenge", "Ejercicio 2", "Ejercicio 2"),  # a Spanish lesson printed in English
        ("solution", "Solution", "Solution", "Solution"),
        ("solution", "Solución", "Solución", "Solución"),
        ("solution", "Solución", "SOLUCION al desafío", "SOLUCION al desafío"),
        ("hint", "Pista", "Pista: usa input", "Pista: usa input"),
        ("callout", "Good to know", "Good to know", "Good to know"),
    ],
)
def test_a_title_that_names_its_kind_is_printed_alone(kind, label, title, heading):
    assert box_heading(kind, label, title) == heading


@pytest.mark.parametrize(
    ("kind", "label", "title", "heading"),
    [
        ("challenge", "Challenge", "Your name", "Challenge: Your name"),
        ("challenge", "Desafío", "Tu nombre", "Desafío: Tu nombre"),
        ("challenge", "Challenge", "Challenges of the web", "Challenge: Challenges of the web"),  # a word, not a prefix
        ("hint", "Pista", "Pistachos", "Pista: Pistachos"),
        ("solution", "Solución", "", "Solución"),
        ("callout", "Good to know", "When  you see\nred", "Good to know: When you see red"),
    ],
)
def test_any_other_title_follows_its_kind(kind, label, title, heading):
    assert box_heading(kind, label, title) == heading
