"""What a box in a lesson is called when it is shown: its kind's label and its own title.

"Challenge: Your name" says what the box is; but authors often name the kind
themselves ("Challenge 1: three lines", "Desafío 2", "Solución"), and printing
"Challenge: Challenge 1: three lines" says it twice. The kind is left out when
the title already starts with a word for it, in English or Spanish, whatever
case and accents the author used.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from desktop.i18n import N_

# What each kind of box is called, on screen and on paper alike, in plain words.
BOX_LABELS: dict[str, str] = {
    "objectives": N_("What you will learn"),
    "questions": N_("Questions"),
    "keypoints": N_("Key points"),
    "instructor": N_("For the host"),
    "challenge": N_("Challenge"),
    "solution": N_("Solution"),
    "hint": N_("Hint"),
    "callout": N_("Good to know"),
    "prereq": N_("Before you start"),
    "discussion": N_("Talk it over"),
    "checklist": N_("Checklist"),
    "caution": N_("Careful"),
    "testimonial": N_("In their words"),
    "spoiler": N_("More"),
}

# Words an author may start a box's title with to name its kind, in every language we ship.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "challenge": ("challenge", "exercise", "desafio", "ejercicio", "reto"),
    "solution": ("solution", "solucion", "answer", "respuesta"),
    "hint": ("hint", "pista"),
    "callout": ("callout", "note", "nota", "good to know", "bueno saber"),
}


def box_label(kind: str, translate: Callable[[str], str]) -> str:
    """The label of a box of ``kind``, put in the reader's language by ``translate``;
    a kind we have no word for is called by its own name ("fun-fact" -> "Fun fact")."""
    label = BOX_LABELS.get(kind)
    return translate(label) if label else kind.replace("_", " ").replace("-", " ").capitalize()


def box_heading(kind: str, label: str, title: str) -> str:
    """The heading of a box of ``kind`` whose label (in the reader's language) is ``label``."""
    title = " ".join(title.split())
    if not title:
        return label
    if names_its_kind(kind, title, label):
        return title
    return f"{label}: {title}"


def names_its_kind(kind: str, title: str, label: str = "") -> bool:
    """Whether ``title`` starts with a word for ``kind`` ("Challenge 1: …", "Solución")."""
    words = [*KIND_WORDS.get(kind, ()), kind.replace("_", " ")]
    if label:
        words.append(label)
    start = _folded(title)
    return any(re.match(rf"{re.escape(_folded(word))}(?!\w)", start) for word in words if word.strip())


def _folded(text: str) -> str:
    """Lower case without accents: "Solución" and "SOLUCION" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()
