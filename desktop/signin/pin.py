"""The host's kiosk PIN: 4 to 8 digits, stored only as a salted scrypt hash in the settings file."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from desktop.i18n import _
from desktop.signin.validation import InvalidInput, ascii_digits

PIN_MIN, PIN_MAX = 4, 8
_N, _R, _P = 2**14, 8, 1


def check_new_pin(pin: str, again: str | None = None) -> str:
    pin = (pin or "").strip()
    if not pin.isdigit() or ascii_digits(pin) != pin or not PIN_MIN <= len(pin) <= PIN_MAX:
        raise InvalidInput.one("pin", _("A PIN is 4 to 8 digits."))
    if again is not None and again.strip() != pin:
        raise InvalidInput.one("pin_again", _("The two PINs are not the same."))
    return pin


def _derive(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)


def hash_pin(pin: str) -> str:
    salt = os.urandom(16)
    enc = base64.b64encode
    return f"scrypt${enc(salt).decode()}${enc(_derive(pin, salt)).decode()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        return hmac.compare_digest(_derive((pin or "").strip(), base64.b64decode(salt)), expected)
    except (ValueError, TypeError):
        return False
