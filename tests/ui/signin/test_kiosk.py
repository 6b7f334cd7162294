"""The kiosk end to end: a new person, a returning person, an exit card, and leaving with the host's PIN."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.models import ExitCard, Participant, SignIn
from desktop.settings import KIOSK_PIN_HASH
from desktop.signin.pin import hash_pin
from desktop.ui.signin.kiosk.window import KioskWindow

PIN = "2468"


@pytest.fixture
def kiosk(qtbot, ctx, planned, english):
    ctx.settings.set(KIOSK_PIN_HASH, hash_pin(PIN))
    window = KioskWindow(ctx, planned["today"], "A flyer for your salon")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    yield window
    window._unlocked = True
    window.close()


def click(qtbot, widget):
    assert widget.isVisible() and widget.isEnabled(), widget.accessibleName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def sign_ins(db, session_id):
    with db.session() as s:
        return s.scalars(select(SignIn).where(SignIn.session_id == session_id, SignIn.voided.is_(False))).all()


def test_kiosk_end_to_end_new_returning_exit_card_and_pin_exit(qtbot, kiosk, db, planned):
    recorded = []
    kiosk.sign_in_recorded.connect(recorded.append)

    # A new person: a first name signs them in; then, if they like, a bit more (a phone needs the consent box).
    click(qtbot, kiosk.start.new_button)
    assert kiosk.current_screen() is kiosk.new
    kiosk.new.first_name.insert("Zoë")  # QTest types ASCII only
    click(qtbot, kiosk.new.submit_button)
    assert kiosk.current_screen() is kiosk.details
    assert kiosk.details.title.text() == "Welcome, Zoë! You're signed in."
    (zoe_sign_in,) = sign_ins(db, planned["today"])
    assert recorded == [zoe_sign_in.id]
    qtbot.keyClicks(kiosk.details.last_name, "Williams")
    qtbot.keyClicks(kiosk.details.phone, "+1 555-222-3344")
    click(qtbot, kiosk.details.save_button)
    assert kiosk.current_screen() is kiosk.details
    assert "tick the box" in kiosk.details.errors.labels["contact_consent"].text()
    kiosk.details.consent.setChecked(True)
    click(qtbot, kiosk.details.save_button)
    assert kiosk.current_screen() is kiosk.message
    assert kiosk.message.message.text() == "Thank you, Zoë!"
    assert len(sign_ins(db, planned["today"])) == 1
    with db.session() as s:
        zoe = s.get(Participant, zoe_sign_in.participant_id)
        assert (zoe.first_name, zoe.phone_last4, zoe.contact_consent) == ("Zoë", "3344", True)
        assert zoe.contact_consent_text.startswith("You may contact me")

    # Back to the start: the form is empty for the next person.
    click(qtbot, kiosk.message.done_button)
    assert kiosk.current_screen() is kiosk.start
    assert kiosk.new.first_name.text() == "" and not kiosk.details.consent.isChecked()
    assert kiosk.details.last_name.text() == ""

    # A returning person finds themselves by three letters; only "first name + initial" is shown.
    click(qtbot, kiosk.start.returning_button)
    qtbot.keyClicks(kiosk.find_screen.search, "m")
    assert not any(b.isVisible() for b in kiosk.find_screen.results)  # one letter shows nobody
    qtbot.keyClicks(kiosk.find_screen.search, "arc")
    visible = [b.text() for b in kiosk.find_screen.results if b.isVisible()]
    assert visible == ["Marcus J."]
    click(qtbot, kiosk.find_screen.results[0])
    assert kiosk.confirm.title.text() == "Welcome back, Marcus J. — is that you?"
    click(qtbot, kiosk.confirm.yes_button)
    assert kiosk.message.message.text() == "Welcome back, Marcus!"
    assert {s.participant_id for s in sign_ins(db, planned["today"])} == {zoe.id, planned["marcus"]}

    # Signing in twice is recognised, by phone digits this time.
    click(qtbot, kiosk.message.done_button)
    click(qtbot, kiosk.start.returning_button)
    qtbot.keyClicks(kiosk.find_screen.search, "7788")
    qtbot.keyClick(kiosk.find_screen.search, Qt.Key.Key_Return)  # one match: Enter asks, Enter again says yes
    assert kiosk.current_screen() is kiosk.confirm and kiosk.confirm.yes_button.hasFocus()
    qtbot.keyClick(kiosk.confirm.yes_button, Qt.Key.Key_Return)
    assert kiosk.message.message.text() == "You're already signed in, Marcus."
    assert len(sign_ins(db, planned["today"])) == 2

    # An anonymous exit card.
    click(qtbot, kiosk.message.done_button)
    click(qtbot, kiosk.start.feedback_button)
    click(qtbot, kiosk.exit_card.send_button)
    assert "choose a face" in kiosk.exit_card.errors.text()
    click(qtbot, kiosk.exit_card.rating_buttons[3])
    click(qtbot, kiosk.exit_card.return_buttons["yes"])
    click(qtbot, kiosk.exit_card.barrier_buttons["childcare"])
    qtbot.keyClicks(kiosk.exit_card.comment, "Loved it")
    click(qtbot, kiosk.exit_card.send_button)
    assert kiosk.message.message.text() == "Thank you!"
    with db.session() as s:
        (card,) = s.scalars(select(ExitCard)).all()
    assert (card.rating, card.will_return, card.barriers, card.comment, card.participant_id) == (
        3,
        "yes",
        ["childcare"],
        "Loved it",
        None,
    )

    # Leaving: closing is refused; a wrong PIN is refused; the right one, tapped on the keypad, leaves.
    left = []
    kiosk.left.connect(lambda: left.append(True))
    kiosk.close()
    assert kiosk.isVisible() and kiosk.current_screen() is kiosk.pin
    qtbot.keyClicks(kiosk.pin.pin, "1111")
    qtbot.keyClick(kiosk.pin.pin, Qt.Key.Key_Return)
    assert kiosk.isVisible() and kiosk.pin.error.text() == "That PIN is not right."
    for digit in PIN:
        click(qtbot, kiosk.pin.keys[digit])
    click(qtbot, kiosk.pin.keys["OK"])
    assert left == [True] and not kiosk.isVisible()


def test_every_step_works_from_the_keyboard_alone(qtbot, kiosk, db, planned):
    kiosk.activateWindow()
    qtbot.waitUntil(kiosk.isActiveWindow, timeout=5000)
    # The start screen opens with its first choice ready for Enter; Tab reaches the other.
    assert kiosk.focusWidget() is kiosk.start.returning_button
    qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_Return)
    assert kiosk.current_screen() is kiosk.find_screen
    qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_Escape)
    assert kiosk.current_screen() is kiosk.start
    assert kiosk.focusWidget() is kiosk.start.returning_button
    qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_Tab)
    assert kiosk.focusWidget() is kiosk.start.new_button
    qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_Space)
    assert kiosk.current_screen() is kiosk.new
    assert kiosk.focusWidget() is kiosk.new.first_name  # ready to type, no click needed
    qtbot.keyClicks(kiosk.new.first_name, "Amara")
    qtbot.keyClick(kiosk.new.first_name, Qt.Key.Key_Return)
    assert kiosk.current_screen() is kiosk.details and kiosk.focusWidget() is kiosk.details.last_name
    qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_Escape)  # nothing more to add
    assert kiosk.current_screen() is kiosk.start
    assert [s.participant_id is not None for s in sign_ins(db, planned["today"])] == [True]


def test_the_language_switch_is_on_every_screen_and_keeps_what_was_typed(qtbot, kiosk):
    for screen in (kiosk.start, kiosk.find_screen, kiosk.new, kiosk.exit_card, kiosk.pin):
        kiosk.go(screen)
        assert all(b.isVisible() for b in kiosk.language_buttons.values())
    kiosk.go(kiosk.new)
    qtbot.keyClicks(kiosk.new.first_name, "Lupe")
    english = kiosk.new.submit_button.text()
    click(qtbot, kiosk.language_buttons["es"])
    assert kiosk.new.submit_button.text() != english
    assert kiosk.new.first_name.text() == "Lupe"
    click(qtbot, kiosk.language_buttons["en"])
    assert kiosk.new.submit_button.text() == english


def test_the_kiosk_never_lists_people_and_clears_results_when_left(qtbot, kiosk):
    click(qtbot, kiosk.start.returning_button)
    qtbot.keyClicks(kiosk.find_screen.search, "mar")
    shown = [b.text() for b in kiosk.find_screen.results if b.isVisible()]
    assert sorted(shown) == ["Marcus J.", "Mariana L."]
    click(qtbot, kiosk.find_screen.back_button)
    click(qtbot, kiosk.start.returning_button)
    assert kiosk.find_screen.search.text() == "" and not any(b.isVisible() for b in kiosk.find_screen.results)


def test_a_bad_name_gets_a_clear_message_at_the_kiosk(qtbot, kiosk, db, planned):
    click(qtbot, kiosk.start.new_button)
    kiosk.new.first_name.setText("🎉🎉")
    click(qtbot, kiosk.new.submit_button)
    assert "not “🎉”" in kiosk.new.error.text()
    assert kiosk.new.first_name.hasFocus()
    assert sign_ins(db, planned["today"]) == []


def test_a_screen_readers_toggle_of_a_language_button_switches_the_language(qtbot, ctx, planned, english):
    """Assistive technology checks the button through its toggle action, with no click."""
    from desktop.i18n import current_language
    from desktop.ui.signin.kiosk.window import KioskWindow

    kiosk = KioskWindow(ctx, planned["today"], "A flyer for your salon", preview=True)
    qtbot.addWidget(kiosk)
    try:
        kiosk.language_buttons["es"].toggle()
        assert current_language() == "es" and kiosk.start.new_button.text() != "I'm new here"
        kiosk.language_buttons["en"].click()
        assert current_language() == "en" and not kiosk.language_buttons["es"].isChecked()
    finally:
        kiosk.switch_language("en")
