"""The languages people speak, defined once: every picker offers these, shown by name and stored as codes.

A person speaks several languages; the preferred one is one of them. Pairing
asks whether two people share *any* language, so a picker (never free text) is
what keeps "Spanish", "español" and "es" from silently failing to match.

A stored code that is not on the list (typed before the pickers, or from a
newer laptop) is shown as it is and kept: it is never dropped without a word.
Pure Python, no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop.i18n import N_, _

OTHER = "other"  # "another language": a real answer, but it matches nobody


@dataclass(frozen=True)
class Language:
    code: str  # the base BCP 47 code
    name: str  # English name, marked for translation (lower case in Spanish: it is used mid-sentence)
    endonym: str  # the language's name for itself, so everyone can find theirs


LANGUAGES: tuple[Language, ...] = (
    Language("en", N_("English"), "English"),
    Language("es", N_("Spanish"), "Español"),
    Language("fr", N_("French"), "Français"),
    Language("pt", N_("Portuguese"), "Português"),
    Language("vi", N_("Vietnamese"), "Tiếng Việt"),
    Language("zh", N_("Chinese"), "中文"),
    Language("ar", N_("Arabic"), "العربية"),
    Language("uk", N_("Ukrainian"), "Українська"),
    Language("ru", N_("Russian"), "Русский"),
    Language("ko", N_("Korean"), "한국어"),
    Language("ja", N_("Japanese"), "日本語"),
    Language("am", N_("Amharic"), "አማርኛ"),
    Language("bn", N_("Bengali"), "বাংলা"),
    Language("de", N_("German"), "Deutsch"),
    Language("el", N_("Greek"), "Ελληνικά"),
    Language("fa", N_("Persian"), "فارسی"),
    Language("he", N_("Hebrew"), "עברית"),
    Language("hi", N_("Hindi"), "हिन्दी"),
    Language("ht", N_("Haitian Creole"), "Kreyòl ayisyen"),
    Language("ig", N_("Igbo"), "Asụsụ Igbo"),
    Language("it", N_("Italian"), "Italiano"),
    Language("pl", N_("Polish"), "Polski"),
    Language("so", N_("Somali"), "Soomaali"),
    Language("sw", N_("Swahili"), "Kiswahili"),
    Language("tl", N_("Tagalog"), "Tagalog"),
    Language("tr", N_("Turkish"), "Türkçe"),
    Language("ur", N_("Urdu"), "اردو"),
    Language("yo", N_("Yoruba"), "Yorùbá"),
)
BY_CODE = {lang.code: lang for lang in LANGUAGES}


def base_language(code: str) -> str:
    """ "es-MX" and "es" are the same language for talking to each other."""
    return code.strip().lower().replace("_", "-").split("-")[0]


def is_known(code: str) -> bool:
    return base_language(code) in BY_CODE


def language_name(code: str) -> str:
    """The language's name in the current UI language, for use mid-sentence; an unknown code as stored."""
    lang = BY_CODE.get(base_language(code))
    if lang is not None:
        return _(lang.name)
    if code == OTHER:
        return _("another language")
    return code


def language_label(code: str) -> str:
    """What a picker shows: the name in the UI language, and the language's own name when it differs."""
    lang = BY_CODE.get(base_language(code))
    if lang is None:
        return _("Another language") if code == OTHER else code
    name = _(lang.name)
    name = name[:1].upper() + name[1:]
    return name if name == lang.endonym else f"{name} ({lang.endonym})"


def language_choices(stored: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(code, label) for a picker: every known language by name, then any stored code not on the list."""
    known = sorted(LANGUAGES, key=lambda lang: (lang.code != "en", language_label(lang.code).casefold()))
    choices = [(lang.code, language_label(lang.code)) for lang in known]
    offered = {code for code, _label in choices}
    for code in normalise_codes(stored):
        if code not in offered and code != OTHER:
            choices.append((code, language_label(code)))
            offered.add(code)
    return choices


def normalise_codes(codes: Iterable[str]) -> list[str]:
    """Codes as stored: trimmed, lower case, no blanks, no repeats, in the order given."""
    out: list[str] = []
    for code in codes:
        clean = " ".join(str(code).split()).lower()
        if clean and clean not in out:
            out.append(clean)
    return out


def spoken_languages(preferred: str, languages: Iterable[str]) -> tuple[str, ...]:
    """Every language a person speaks, the preferred one included; "another language" matches nobody."""
    return tuple(c for c in normalise_codes([*languages, preferred]) if c != OTHER)
