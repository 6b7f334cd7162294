"""Which language a personal sheet (badge, take-home sheet, certificate) speaks.

A person's own sheet follows the language they prefer, when they told us one
and the handouts can print in it; otherwise the session's. What the whole
document shares (its title, the session's own words) stays in the session's
language.
"""

from __future__ import annotations

from dataclasses import replace

from desktop.handouts.data import Person
from desktop.handouts.layout import LANGUAGES, Options
from desktop.languages import base_language


def language_for(person: Person, session_language: str) -> str:
    """The language of ``person``'s own sheet: theirs if handouts print in it, else the session's, else English."""
    for code in (person.language, session_language):
        base = base_language(code or "")
        if base in LANGUAGES:
            return base
    return "en"


def personal_options(options: Options, person: Person) -> Options:
    """``options`` (set for the session) with the language of ``person``'s own sheet."""
    language = language_for(person, options.language)
    return options if language == options.language else replace(options, language=language)
