"""Every Spanish message uses the glossary's one word per concept and one form of address.

The glossary (docs/glossary.md) is the one definition: this test reads its tables.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from desktop import i18n_tools

GLOSSARY = Path(__file__).resolve().parents[1] / "docs" / "glossary.md"


@dataclass(frozen=True)
class Term:
    concept: str
    english: tuple[str, ...]
    spanish: tuple[str, ...]
    never: tuple[str, ...]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _words(cell: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in cell.split(",") if word.strip())


def _table_rows(heading: str) -> list[list[str]]:
    """The body rows of the first table under ``## heading``."""
    text = GLOSSARY.read_text(encoding="utf-8")
    section = text.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    rows = [_cells(line) for line in section.splitlines() if line.startswith("|")]
    return rows[2:]  # skip the header and its --- line


def glossary_terms() -> list[Term]:
    return [
        Term(row[0], _words(row[1]), _words(row[2]), _words(row[3]) if len(row) > 3 else ())
        for row in _table_rows("Terms")
    ]


def formal_address() -> tuple[str, ...]:
    return _words(_table_rows("Form of address")[0][1])


def _outside_placeholders(text: str) -> str:
    """The words a reader sees: no ``{venue}`` placeholders, no web addresses, no names ("Creative Commons")."""
    return re.sub(r"\{[^}]*\}|https?://\S+|Creative Commons", " ", text)


def _fold(text: str) -> str:
    # "&" marks an Alt-shortcut letter inside a word: "&Dirección" reads "Dirección".
    return unicodedata.normalize("NFC", text).replace("&", "").casefold()


def _has_word(text: str, word: str, *, prefix: bool = False) -> bool:
    end = "" if prefix else r"(?!\w)"
    return re.search(rf"(?<!\w){re.escape(_fold(word))}{end}", _fold(text)) is not None


def _messages() -> list[tuple[str, str, str]]:
    """(catalog, English, Spanish) for every translated message, plural forms included."""
    found = []
    for catalog in sorted(i18n_tools.CATALOGS):
        with i18n_tools.po_path("es", catalog).open("rb") as fh:
            po = read_po(fh, locale="es")
        for message in po:
            if not message.id or not message.string:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for english in ids:
                found.append((catalog, str(english), " ".join(str(s) for s in strings)))
    return found


MESSAGES = _messages()


def test_the_glossary_names_every_concept_the_issue_fixes():
    concepts = " ".join(term.concept for term in glossary_terms())
    for concept in ("laptop", "hub", "host", "helper", "session", "sign-in"):
        assert concept in concepts


@pytest.mark.parametrize("term", glossary_terms(), ids=lambda term: term.english[0])
def test_every_spanish_message_uses_the_glossary_word_for_the_concept(term: Term):
    wrong = [
        f"[{catalog}] {english!r} -> {spanish!r}"
        for catalog, english, spanish in MESSAGES
        if any(_has_word(_outside_placeholders(english), word) for word in term.english)
        and not any(_has_word(spanish, word, prefix=True) for word in term.spanish)
    ]
    assert wrong == [], f"use one of {term.spanish} (docs/glossary.md):\n" + "\n".join(wrong)


@pytest.mark.parametrize("term", [t for t in glossary_terms() if t.never], ids=lambda term: term.english[0])
def test_no_spanish_message_uses_a_word_the_glossary_rules_out(term: Term):
    wrong = [
        f"[{catalog}] {spanish!r}"
        for catalog, _english, spanish in MESSAGES
        if any(_has_word(_outside_placeholders(spanish), word) for word in term.never)
    ]
    assert wrong == [], f"the glossary rules out {term.never}:\n" + "\n".join(wrong)


def test_every_spanish_message_addresses_people_as_tu():
    wrong = [
        f"[{catalog}] {spanish!r}"
        for catalog, _english, spanish in MESSAGES
        if any(_has_word(spanish, word) for word in formal_address())
    ]
    assert wrong == [], "address people as tú (docs/glossary.md):\n" + "\n".join(wrong)
