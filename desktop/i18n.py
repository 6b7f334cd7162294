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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"

_lock = threading.Lock()
_current_code = DEFAULT_LANGUAGE
_current: gettext.NullTranslations = gettext.NullTranslations()
_cache: dict[str, gettext.NullTranslations] = {}
_listeners: list[Callable[[str], None]] = []
# A language for the current context only (one web request), over the process-wide one: the hub
# answers requests in English and Spanish at the same time, and a ContextVar keeps them apart.
_override: ContextVar[tuple[str, gettext.NullTranslations] | None] = ContextVar("onramp_language", default=None)


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
    override = _override.get()
    return override[0] if override is not None else _current_code


@contextmanager
def language(code: str) -> Iterator[str]:
    """Within the block, ``_()`` in this context speaks ``code`` (unknown codes: English); others unaffected."""
    code = code if code in LANGUAGES else DEFAULT_LANGUAGE
    with _lock:
        translations = _load(code)
    token = _override.set((code, translations))
    try:
        yield code
    finally:
        _override.reset(token)


def _translations() -> gettext.NullTranslations:
    override = _override.get()
    return override[1] if override is not None else _current


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def _(message: str) -> str:
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark for translation without translating now."""
    return message


def translate_in(code: str, message: str) -> str:
    """``message`` in a given language, whatever the current one (kiosk, handouts)."""
    return _load(code if code in LANGUAGES else DEFAULT_LANGUAGE).gettext(message)


def ngettext_in(code: str, singular: str, plural: str, n: int) -> str:
    """The form of a count's sentence for ``n`` in a given language, whatever the current one."""
    return _load(code if code in LANGUAGES else DEFAULT_LANGUAGE).ngettext(singular, plural, n)
