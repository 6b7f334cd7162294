"""Text helpers shared by search, sign-in and handouts: folding for accent- and case-blind matching."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case, accents removed, spaces collapsed: "  José  Nguyễn " -> "jose nguyen"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # đ/ø/ł and friends do not decompose; map the common ones by hand.
    stripped = stripped.translate(_EXTRA)
    return " ".join(stripped.split())


_EXTRA = str.maketrans({"đ": "d", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())
