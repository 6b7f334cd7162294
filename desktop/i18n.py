"""Translations for every user-facing string.

Import explicitly: ``from desktop.i18n import _, N_``. ``_`` looks the string
up in the current language at call time, so the kiosk can switch language on
any screen. ``N_`` marks a string for extraction where it must be translated
later (module-level constants); pass it through ``_`` when shown.

Each feature keeps its own catalog (``locale/<lang>/LC_MESSAGES/<feature>.mo``);
all catalogs of a language are chained into one.
"""

from __future__ import annotations

import gettext
import threading
from collections.abc import Callable
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"

_lock = threading.Lock()
_current_code = DEFAULT_LANGUAGE
_current: gettext.NullTranslations = gettext.NullTranslations()
_cache: dict[str, gettext.NullTranslations] = {}
_listeners: list[Callable[[str], None]] = []


def _load(code: str) -> gettext.NullTranslations:
    if code in _cache:
        return _cache[code]
    chain: gettext.NullTranslations = gettext.NullTranslations()
    folder = LOCALE_DIR / code / "LC_MESSAGES"
    if folder.is_dir():
        catalogs = sorted(folder.glob("*.mo"))
        if catalogs:
            with catalogs[0].open("rb") as fh:
                chain = gettext.GNUTranslations(fh)
            for extra in catalogs[1:]:
                with extra.open("rb") as fh:
                    chain.add_fallback(gettext.GNUTranslations(fh))
    _cache[code] = chain
    return chain


def set_language(code: str) -> None:
    """Switch every later ``_()`` call to ``code`` (unknown codes fall back to English)."""
    global _current, _current_code
    code = code if code in LANGUAGES else DEFAULT_LANGUAGE
    with _lock:
        _current = _load(code)
        _current_code = code
    for listener in list(_listeners):
        listener(code)


def current_language() -> str:
    return _current_code


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def _(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark for translation without translating now."""
    return message


def translate_in(code: str, message: str) -> str:
    """``message`` in a given language, whatever the current one (kiosk, handouts)."""
    return _load(code if code in LANGUAGES else DEFAULT_LANGUAGE).gettext(message)


def ngettext_in(code: str, singular: str, plural: str, n: int) -> str:
    """The form of a count's sentence for ``n`` in a given language, whatever the current one."""
    return _load(code if code in LANGUAGES else DEFAULT_LANGUAGE).ngettext(singular, plural, n)
