"""Cleaning what people type at the kiosk or the host's desk.

Every function returns the cleaned value or raises ``InvalidInput`` with a
message in the person's language. Nothing is saved until all fields are clean,
so a bad field never leaves half a record behind.
"""

from __future__ import annotations

import re
import unicodedata

from desktop.i18n import _

NAME_MAX = 100
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 2000
EMAIL_MAX = 254
PHONE_DIGITS_MIN = 7
PHONE_DIGITS_MAX = 15
# Stacked marks beyond this are decoration ("Zalgo" text), not a real name.
MAX_MARKS_IN_A_ROW = 4

# Invisible direction marks and byte-order marks pasted from other apps.
_INVISIBLE = dict.fromkeys(
    [0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF, 0x00AD],
    None,
)
# Joiners shape Persian, Indic and other scripts: part of a name, not noise.
_JOINERS = {"\u200c", "\u200d"}
_NAME_PUNCTUATION = set("'’‘.,·-‐‑‒–—ʼ")
_PHONE_ALLOWED = set(" -.()/")


class InvalidInput(ValueError):
    """One or more fields need fixing. ``problems`` maps field name to a message for the person."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems

    @classmethod
    def one(cls, field: str, message: str) -> InvalidInput:
        return cls({field: message})


def _single_line(value: str | None) -> str:
    """Newlines and tabs (from pasting) become spaces; runs of spaces become one."""
    text = unicodedata.normalize("NFC", (value or "").translate(_INVISIBLE))
    return " ".join(text.split())


def _has_unshowable(text: str, allow_newlines: bool = False) -> bool:
    for c in text:
        if allow_newlines and c == "\n":
            continue
        if c in _JOINERS:
            continue
        if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return True
    return False


def _too_many_marks(text: str) -> bool:
    run = 0
    for c in text:
        run = run + 1 if unicodedata.category(c).startswith("M") else 0
        if run > MAX_MARKS_IN_A_ROW:
            return True
    return False


def clean_name(value: str | None, field: str, *, required: bool = False, label: str = "") -> str:
    """A person's name in any script. Letters, marks, digits, spaces, hyphens and apostrophes."""
    text = _single_line(value)
    what = label or _("name")
    if not text:
        if required:
            raise InvalidInput.one(field, _("Please type a first name."))
        return ""
    if len(text) > NAME_MAX:
        raise InvalidInput.one(field, _("A {what} can be at most {n} characters long.").format(what=what, n=NAME_MAX))
    if _has_unshowable(text):
        raise InvalidInput.one(
            field, _("The {what} has hidden characters in it. Please type it again.").format(what=what)
        )
    for c in text:
        cat = unicodedata.category(c)
        if cat[0] in "LMN" or c == " " or c in _JOINERS or c in _NAME_PUNCTUATION:
            continue
        raise InvalidInput.one(
            field,
            _("A {what} can have letters, spaces, hyphens and apostrophes, but not “{char}”.").format(
                what=what, char=c
            ),
        )
    if _too_many_marks(text):
        raise InvalidInput.one(field, _("The {what} has too many accent marks on one letter.").format(what=what))
    if not any(unicodedata.category(c).startswith("L") for c in text):
        raise InvalidInput.one(field, _("A {what} needs at least one letter.").format(what=what))
    return text


def clean_text(
    value: str | None, field: str, *, max_len: int = SHORT_TEXT_MAX, multiline: bool = False, label: str = ""
) -> str:
    """Free text (pronouns, access needs, a comment). Emoji are fine here; hidden control characters are not."""
    raw = (value or "").translate(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n")
    raw = unicodedata.normalize("NFC", raw)
    if multiline:
        lines = [" ".join(line.split()) for line in raw.split("\n")]
        text = "\n".join(lines).strip()
        text = re.sub(r"\n{3,}", "\n\n", text)
    else:
        text = " ".join(raw.split())
    what = label or _("text")
    if len(text) > max_len:
        raise InvalidInput.one(
            field,
            _("The {what} can be at most {n} characters long (it has {have}).").format(
                what=what, n=max_len, have=len(text)
            ),
        )
    if _has_unshowable(text, allow_newlines=multiline):
        raise InvalidInput.one(
            field, _("The {what} has hidden characters in it. Please type it again.").format(what=what)
        )
    if _too_many_marks(text):
        raise InvalidInput.one(field, _("The {what} has too many accent marks on one letter.").format(what=what))
    return text


def ascii_digits(text: str) -> str:
    """Digits in any script ("٠١٢", "０１２") as ASCII digits; everything else dropped."""
    out = []
    for c in text:
        d = unicodedata.decimal(c, None)
        if d is not None:
            out.append(str(d))
    return "".join(out)


def clean_phone(value: str | None, field: str = "phone") -> str:
    """A phone number as typed (spaces, dashes, dots, brackets and a leading + are fine)."""
    text = _single_line(value)
    if not text:
        return ""
    body = text[1:] if text.startswith("+") else text
    for c in body:
        if unicodedata.decimal(c, None) is None and c not in _PHONE_ALLOWED:
            raise InvalidInput.one(
                field,
                _(
                    "A phone number can have digits, spaces, dashes, brackets and a + at the start, but not “{char}”."
                ).format(char=c),
            )
    n = len(ascii_digits(text))
    if n < PHONE_DIGITS_MIN:
        raise InvalidInput.one(field, _("That phone number looks too short. Please check it."))
    if n > PHONE_DIGITS_MAX:
        raise InvalidInput.one(field, _("That phone number looks too long. Please check it."))
    return text


def phone_last4(phone: str) -> str:
    return ascii_digits(phone)[-4:]


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def clean_email(value: str | None, field: str = "email") -> str:
    text = _single_line(value)
    if not text:
        return ""
    if len(text) > EMAIL_MAX or not _EMAIL.match(text) or _has_unshowable(text):
        raise InvalidInput.one(field, _("That email address doesn't look right. Please check it."))
    return text


def clean_choice(value: str | None, field: str, choices: tuple[str, ...], *, allow_empty: bool = True) -> str:
    """A value from a fixed list (kiosk buttons send these; a wrong one is a programming slip or tampering)."""
    text = (value or "").strip()
    if not text and allow_empty:
        return ""
    if text not in choices:
        raise InvalidInput.one(field, _("Please choose one of the options."))
    return text
