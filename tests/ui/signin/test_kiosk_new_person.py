"""The kiosk's sign-in flow for participants, behaviour by behaviour: the new-person screens fit a
laptop, errors beside their fields, larger text without the PIN, no accidental duplicates, a returning
tap asked once, and a search that reveals less."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractScrollArea, QLineEdit, QPushButton, QScrollArea, QWidget
from sqlalchemy import func, select

from desktop.i18n import set_language
from desktop.models import Participant, SignIn
from desktop.ui import a11y
from desktop.ui.signin.kiosk.window import KioskWindow

SIZES = ((1366, 768), (1280, 720))


@pytest.fixture
def kiosk(qtbot, ctx, planned, english):
    window = KioskWindow(ctx, planned["today"], "A flyer for your salon", preview=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    yield window
    window.close()


@pytest.fixture
def announced():
    heard: list[a11y.Announcement] = []
    a11y.add_listener(heard.append)
    yield heard
    a11y.remove_listener(heard.append)


def click(qtbot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.accessibleName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def count(db, *where) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Participant).where(*where))


def sign_ins(db, session_id: str) -> list[SignIn]:
    with db.session() as s:
        return list(s.scalars(select(SignIn).where(SignIn.session_id == session_id, SignIn.voided.is_(False))))


def fully_shown(widget: QWidget, window: QWidget, width: int, height: int) -> bool:
    """Shown whole: not clipped by a scroll area, and inside a window of the laptop's size."""
    whole = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    unclipped = widget.visibleRegion().boundingRect() == widget.rect()
    return widget.isVisible() and unclipped and QRect(0, 0, width, height).contains(whole)


def scroll_areas_showing(screen: QWidget, window: KioskWindow) -> list[QAbstractScrollArea]:
    inner = [a for a in screen.findChildren(QAbstractScrollArea) if a.isVisible() and isinstance(a, QScrollArea)]
    outer = [w for w in (screen.parentWidget(), screen.parentWidget().parentWidget()) if isinstance(w, QScrollArea)]
    return inner + outer


@pytest.mark.parametrize("width,height", SIZES)
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("larger", [False, True])
def test_the_new_person_screens_fit_a_laptop_with_their_buttons_in_view(qtbot, kiosk, width, height, language, larger):
    kiosk.resize(width, height)
    kiosk.switch_language(language)
    kiosk.set_larger_text(larger)
    click(qtbot, kiosk.start.new_button)
    screens: list[tuple[QWidget, list[QPushButton]]] = [(kiosk.new, [kiosk.new.submit_button, kiosk.new.back_button])]
    kiosk.new.first_name.insert("Zoë")
    click(qtbot, kiosk.new.submit_button)
    screens.append((kiosk.details, [kiosk.details.save_button, kiosk.details.skip_button]))
    assert kiosk.current_screen() is kiosk.details
    for screen, buttons in screens:
        kiosk.go(screen, forget=False)
        qtbot.waitUntil(lambda s=screen: s.isVisible())
        for b in buttons:
            assert kiosk.height() <= height, "the window grew taller than the screen"
            assert fully_shown(b, kiosk, width, height), (b.text(), width, height, language, larger)
        assert len(scroll_areas_showing(screen, kiosk)) <= 1
    # Every field the form had is still there, and the consent wording with it.
    assert set(kiosk.details.fields) == {
        "last_name", "pronouns", "language", "experience", "came_with", "access_needs", "heard_from",
        "phone", "email", "contact_consent", "photo_consent", "is_minor", "guardian_name",
    }  # fmt: skip
    assert kiosk.details.consent_text.text().startswith("You may contact me" if language == "en" else "Pueden")


def test_a_first_name_alone_and_sign_me_in_is_the_whole_first_screen(qtbot, kiosk, db, planned):
    click(qtbot, kiosk.start.new_button)
    editable = [
        w for w in kiosk.new.findChildren(QWidget) if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisible()
    ]
    assert set(editable) == {kiosk.new.first_name, kiosk.new.submit_button, kiosk.new.back_button}
    qtbot.keyClicks(kiosk.new.first_name, "Amara")
    click(qtbot, kiosk.new.submit_button)
    assert len(sign_ins(db, planned["today"])) == 1  # signed in before any other question
    assert kiosk.current_screen() is kiosk.details
    click(qtbot, kiosk.details.skip_button)
    assert kiosk.message.message.text() == "Welcome, Amara!"
    assert len(sign_ins(db, planned["today"])) == 1


def test_an_error_sits_beside_its_field_names_it_is_announced_and_leaves_once_fixed(qtbot, kiosk, announced):
    kiosk.resize(1280, 720)
    kiosk.set_larger_text(True)  # the smallest room the form has
    click(qtbot, kiosk.start.new_button)
    click(qtbot, kiosk.new.submit_button)
    error = kiosk.new.error
    assert error.isVisible() and error.text() == "First name: Please type a first name."
    assert error.accessibleName() == error.text() and kiosk.new.first_name.hasFocus()
    assert [(a.text, a.assertive) for a in announced] == [(error.text(), True)]
    qtbot.keyClicks(kiosk.new.first_name, "Zoe")
    assert not error.isVisible()  # gone as soon as the name is there, before any button is pressed
    click(qtbot, kiosk.new.submit_button)

    details = kiosk.details
    qtbot.keyClicks(details.phone, "555 12")
    details.form_scroll.verticalScrollBar().setValue(0)  # the phone field is out of sight below
    announced.clear()
    click(qtbot, details.save_button)
    error = details.errors.labels["phone"]
    assert error.isVisible() and error.text().startswith("Phone: That phone number looks too short")
    assert [a.text for a in announced] == [error.text()]
    assert details.phone.hasFocus() and details.phone.accessibleDescription() == error.text()
    viewport = details.form_scroll.viewport()
    for w in (details.phone, error):
        top_left = w.mapTo(viewport, w.rect().topLeft())
        assert viewport.rect().contains(QRect(top_left, w.size())), "the field and its error are scrolled into view"
    qtbot.keyClicks(details.phone, "34567")
    assert not error.isVisible() and details.phone.accessibleDescription() == ""


def test_the_consent_error_sits_beside_the_consent_box_and_leaves_when_it_is_ticked(qtbot, kiosk):
    click(qtbot, kiosk.start.new_button)
    qtbot.keyClicks(kiosk.new.first_name, "Zoe")
    click(qtbot, kiosk.new.submit_button)
    qtbot.keyClicks(kiosk.details.email, "zoe@example.org")
    click(qtbot, kiosk.details.save_button)
    error = kiosk.details.errors.labels["contact_consent"]
    assert error.isVisible() and error.text().startswith("Contact: ")
    assert abs(error.y() - kiosk.details.consent.geometry().bottom()) < 40  # right under its box
    kiosk.details.consent.setChecked(True)
    assert not error.isVisible()


def test_errors_showing_are_reworded_when_the_language_changes_without_being_announced_again(qtbot, kiosk, announced):
    click(qtbot, kiosk.start.new_button)
    click(qtbot, kiosk.new.submit_button)
    announced.clear()
    kiosk.switch_language("es")
    error = kiosk.new.error
    assert error.isVisible() and error.text() == "Nombre: Escribe un nombre, por favor."
    assert error.accessibleName() == error.text() and kiosk.new.first_name.accessibleDescription() == error.text()
    assert announced == []  # only re-worded: nothing new happened
    kiosk.switch_language("en")
    qtbot.keyClicks(kiosk.new.first_name, "Zoe")
    click(qtbot, kiosk.new.submit_button)
    qtbot.keyClicks(kiosk.details.phone, "12")
    click(qtbot, kiosk.details.save_button)
    kiosk.switch_language("es")
    phone_error = kiosk.details.errors.labels["phone"]
    assert phone_error.isVisible()
    assert phone_error.text() == "Teléfono: Ese número de teléfono parece demasiado corto. Revísalo, por favor."
    assert list(kiosk.details.errors.showing()) == ["phone"]


def test_larger_text_is_on_every_screen_and_needs_no_pin(qtbot, kiosk):
    screens = [kiosk.start, kiosk.find_screen, kiosk.new, kiosk.details, kiosk.confirm, kiosk.exit_card, kiosk.pin]
    for screen in screens:
        kiosk.go(screen)
        assert kiosk.larger_text_button.isVisible() and kiosk.larger_text_button.accessibleName() == "Larger text"
    kiosk.go(kiosk.new)
    before = kiosk.new.first_name.fontInfo().pointSizeF()
    click(qtbot, kiosk.larger_text_button)
    assert kiosk.current_screen() is kiosk.new  # no PIN asked
    assert kiosk.new.first_name.fontInfo().pointSizeF() > before * 1.2
    # It stays on for the next person (they can turn it off); the host's own setting is untouched.
    kiosk.go_start()
    assert kiosk.larger_text_button.isChecked()
    assert kiosk.start.new_button.fontInfo().pointSizeF() > before * 1.2
    click(qtbot, kiosk.larger_text_button)
    assert kiosk.start.new_button.fontInfo().pointSizeF() == pytest.approx(before, rel=0.05)


def test_a_known_first_name_asks_is_one_of_these_you_before_a_new_record(qtbot, kiosk, db, planned):
    click(qtbot, kiosk.start.new_button)
    kiosk.new.first_name.insert("MÁRCUS")
    click(qtbot, kiosk.new.submit_button)
    assert kiosk.current_screen() is kiosk.confirm and kiosk.confirm.title.text() == "Is one of these you?"
    shown = [b.text() for b in kiosk.confirm.name_buttons if b.isVisible()]
    assert shown == ["Marcus J."] and count(db) == 2  # nothing made yet
    click(qtbot, kiosk.confirm.name_buttons[0])
    assert kiosk.message.message.text() == "Welcome back, Marcus!"
    assert count(db) == 2 and [s.participant_id for s in sign_ins(db, planned["today"])] == [planned["marcus"]]


def test_someone_signed_in_here_with_the_same_first_name_is_offered_first_and_back_keeps_the_name(qtbot, kiosk, db):
    click(qtbot, kiosk.start.new_button)
    qtbot.keyClicks(kiosk.new.first_name, "mariana")
    click(qtbot, kiosk.new.submit_button)
    assert [b.text() for b in kiosk.confirm.name_buttons if b.isVisible()] == ["Mariana L."]
    click(qtbot, kiosk.confirm.no_button)  # Back
    assert kiosk.current_screen() is kiosk.new and kiosk.new.first_name.text() == "mariana"


def test_im_new_twice_never_makes_two_records(qtbot, kiosk, db, planned):
    click(qtbot, kiosk.start.new_button)
    qtbot.keyClicks(kiosk.new.first_name, "Marcus")
    click(qtbot, kiosk.new.submit_button)
    click(qtbot, kiosk.confirm.yes_button)  # "I'm new"
    # A second tap that raced the first (the button had not gone yet) reaches the window again.
    kiosk.confirm.new_person.emit()
    assert count(db, Participant.first_name == "Marcus") == 2  # the one known before, and one new Marcus
    assert len(sign_ins(db, planned["today"])) == 1
    assert kiosk.current_screen() is kiosk.details


def test_a_returning_tap_asks_once_before_the_sign_in_is_recorded(qtbot, kiosk, db, planned):
    click(qtbot, kiosk.start.returning_button)
    qtbot.keyClicks(kiosk.find_screen.search, "marc")
    click(qtbot, kiosk.find_screen.results[0])
    assert kiosk.confirm.title.text() == "Welcome back, Marcus J. — is that you?"
    assert [b.text() for b in (kiosk.confirm.yes_button, kiosk.confirm.no_button)] == ["Yes, that's me", "No"]
    assert sign_ins(db, planned["today"]) == []  # not yet
    click(qtbot, kiosk.confirm.no_button)
    assert kiosk.current_screen() is kiosk.find_screen and kiosk.find_screen.search.text() == "marc"
    assert sign_ins(db, planned["today"]) == []
    click(qtbot, kiosk.find_screen.results[0])
    click(qtbot, kiosk.confirm.yes_button)
    assert kiosk.current_screen() is kiosk.message  # asked once: yes goes straight to the welcome
    assert [s.participant_id for s in sign_ins(db, planned["today"])] == [planned["marcus"]]


def test_the_kiosk_search_shows_nobody_until_three_letters(qtbot, kiosk):
    click(qtbot, kiosk.start.returning_button)
    qtbot.keyClicks(kiosk.find_screen.search, "ma")
    assert not any(b.isVisible() for b in kiosk.find_screen.results)
    assert "at least 3 letters" in kiosk.find_screen.status.text()
    qtbot.keyClicks(kiosk.find_screen.search, "r")
    assert sorted(b.text() for b in kiosk.find_screen.results if b.isVisible()) == ["Marcus J.", "Mariana L."]


def test_the_new_person_screens_read_in_spanish(qtbot, kiosk):
    set_language("es")
    kiosk.switch_language("es")
    click(qtbot, kiosk.start.new_button)
    assert kiosk.new.submit_button.text() == "Registrarme"
    assert kiosk.larger_text_button.accessibleName() == "Letra más grande"


@pytest.mark.parametrize("width,height", SIZES)
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("larger", [False, True])
def test_the_find_screen_with_five_names_keeps_every_name_and_its_buttons_in_view(
    qtbot, kiosk, db, width, height, language, larger
):
    from desktop.signin.people import ParticipantDraft, register_participant

    with db.transaction() as s:
        for last in ("Silva", "Mendes", "Okafor", "Nguyen", "Kowalski", "Haddad"):
            register_participant(s, ParticipantDraft(first_name="Ana", last_name=last))
    kiosk.resize(width, height)
    kiosk.switch_language(language)
    kiosk.set_larger_text(larger)
    click(qtbot, kiosk.start.returning_button)
    find = kiosk.find_screen
    qtbot.keyClicks(find.search, "ana")
    qtbot.waitUntil(lambda: sum(b.isVisible() for b in find.results) == 5)
    for b in [find.results[0], find.back_button, find.new_button]:
        assert kiosk.height() <= height, "the window grew taller than the screen"
        assert fully_shown(b, kiosk, width, height), (b.text(), width, height, language, larger)
    assert len(scroll_areas_showing(find, kiosk)) <= 1
    for b in find.results:  # every name, reached by Tab, comes into view
        b.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(lambda b=b: fully_shown(b, kiosk, width, height))


def test_have_you_coded_before_is_a_one_of_choice_with_one_tab_stop_and_arrows_within(qtbot, kiosk):
    click(qtbot, kiosk.start.new_button)
    qtbot.keyClicks(kiosk.new.first_name, "Zoe")
    click(qtbot, kiosk.new.submit_button)
    details = kiosk.details
    choices = details.experience_buttons
    for b in choices.values():
        assert QAccessible.queryAccessibleInterface(b).role() == QAccessible.Role.RadioButton, b.text()
        assert b.accessibleDescription() == "Have you coded before?"
    stops = [b for b in choices.values() if b.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert stops == [choices["never"]]
    details.pronouns.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(details.pronouns, Qt.Key.Key_Tab)
    qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_Tab)  # past the language list
    assert kiosk.focusWidget() is choices["never"]
    qtbot.keyClick(choices["never"], Qt.Key.Key_Space)
    assert details.draft().experience == "never" and choices["never"].isChecked()
    qtbot.keyClick(choices["never"], Qt.Key.Key_Right)
    assert kiosk.focusWidget() is choices["a_little"] and choices["a_little"].isChecked()
    assert QAccessible.queryAccessibleInterface(choices["a_little"]).state().checked
    assert details.draft().experience == "a_little"
    qtbot.keyClick(choices["a_little"], Qt.Key.Key_Tab)
    assert kiosk.focusWidget() is details.came_with  # one stop for the whole question


def test_a_text_field_reached_by_tab_comes_wholly_into_view_even_when_its_cursor_already_shows(qtbot, kiosk):
    kiosk.resize(1280, 720)
    kiosk.set_larger_text(True)
    click(qtbot, kiosk.start.new_button)
    qtbot.keyClicks(kiosk.new.first_name, "Zoe")
    click(qtbot, kiosk.new.submit_button)
    details = kiosk.details
    scroll, host = details.form_scroll, details.form_scroll.widget()
    viewport, bar = scroll.viewport(), scroll.verticalScrollBar()
    tried = []
    for name, field in details.fields.items():
        bottom = field.mapTo(host, field.rect().bottomLeft()).y()
        cut = bottom - viewport.height() - 1  # its lower 2 px under the viewport's edge, its text in view
        if not isinstance(field, QLineEdit) or not field.isEnabled() or not 0 <= cut <= bar.maximum():
            continue
        details.last_name.setFocus(Qt.FocusReason.TabFocusReason)
        bar.setValue(cut)
        assert field.visibleRegion().boundingRect() != field.rect(), name
        field.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(lambda f=field: f.visibleRegion().boundingRect() == f.rect())
        tried.append(name)
    assert "access_needs" in tried


def test_the_kiosk_offers_every_language_the_app_knows_in_its_own_name(qtbot, kiosk):
    from desktop.languages import LANGUAGES

    combo = kiosk.details.language
    offered = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
    for lang in LANGUAGES:
        assert offered.get(lang.code) == lang.endonym
    assert "other" in offered  # "another language" stays a real answer
