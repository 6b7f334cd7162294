"""The host's kiosk PIN is checked and stored only as a salted hash."""

from __future__ import annotations

import pytest

from desktop.settings import KIOSK_PIN_HASH, Settings
from desktop.signin.pin import check_new_pin, hash_pin, verify_pin
from desktop.signin.validation import InvalidInput


def test_the_right_pin_opens_and_a_wrong_one_does_not():
    stored = hash_pin("2468")
    assert verify_pin("2468", stored)
    assert not verify_pin("2469", stored) and not verify_pin("", stored)


def test_the_pin_is_never_stored_in_clear_and_each_hash_is_salted(data_dir):
    settings = Settings(data_dir)
    settings.set(KIOSK_PIN_HASH, hash_pin("135790"))
    text = settings.path.read_text()
    assert "135790" not in text
    assert hash_pin("135790") != hash_pin("135790")
    assert verify_pin("135790", Settings(data_dir).get(KIOSK_PIN_HASH))


@pytest.mark.parametrize("pin", ["", "123", "123456789", "12a4", "١٢٣٤", " "])
def test_a_pin_is_four_to_eight_plain_digits(pin):
    with pytest.raises(InvalidInput):
        check_new_pin(pin)


def test_the_pin_must_be_typed_the_same_twice():
    with pytest.raises(InvalidInput, match="not the same"):
        check_new_pin("1234", "1243")


def test_a_damaged_stored_hash_never_opens_the_kiosk():
    assert not verify_pin("1234", "") and not verify_pin("1234", "scrypt$$") and not verify_pin("1234", "garbage")
