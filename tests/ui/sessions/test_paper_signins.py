"""Enter paper sign-ins: the host types a sheet's rows by keyboard and sees what became of each."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select

from desktop.handouts.data import session_short_code
from desktop.models import Participant, SignIn
from desktop.ui.sessions.page import SessionsPage
from desktop.ui.sessions.paper_signins import PaperSignInsDialog


@pytest.fixture
def dialog(qtbot, ctx, planned, english):
    d = PaperSignInsDialog(ctx, planned["today"], "A flyer for your salon")
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    d.activateWindow()
    qtbot.waitUntil(d.lines[0].code.hasFocus, timeout=2000)
    return d


def _type_row(qtbot, dialog, code: str, name: str, ticks: tuple[bool, bool, bool] = (False, False, False)) -> None:
    """As a host would: code, Tab, name, Tab and Space for each tick (Tab past the others), then Enter."""
    focused = QApplication.focusWidget
    qtbot.keyClicks(focused(), code)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), name)
    for tick in ticks:
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        if tick:
            qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)


def test_rows_typed_by_keyboard_alone_are_saved_as_paper_sign_ins(qtbot, dialog, db, planned):
    short = session_short_code(planned["today"])
    _type_row(qtbot, dialog, "1", "Ana", (True, False, True))
    _type_row(qtbot, dialog, f"{short}-02", "Bo")
    assert dialog.lines[2].code.hasFocus()  # Enter went to the next row's code
    assert dialog.lines[0].code.text() == f"{short}-01"  # the code is shown as the sheet prints it
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.summary.text() == "2 sign-ins entered."
    with db.session() as s:
        rows = s.execute(
            select(
                SignIn.row_code, SignIn.source, SignIn.first_visit, Participant.first_name, Participant.photo_consent
            )
            .join(Participant, Participant.id == SignIn.participant_id)
            .where(SignIn.session_id == planned["today"])
            .order_by(SignIn.row_code)
        ).all()
    assert [tuple(r) for r in rows] == [
        (f"{short}-01", "paper", True, "Ana", True),
        (f"{short}-02", "paper", False, "Bo", False),
    ]
    assert all(line.is_blank() for line in dialog.lines)  # saved rows leave the list


def test_enter_on_the_last_row_adds_a_new_row(qtbot, dialog):
    last = dialog.lines[-1]
    last.code.setFocus()
    count = len(dialog.lines)
    qtbot.keyClick(last.code, Qt.Key.Key_Return)
    assert len(dialog.lines) == count + 1 and dialog.lines[-1].code.hasFocus()
    assert dialog.isVisible()  # Enter never saves or closes the dialog


def test_a_row_typed_again_is_recognised_and_the_host_is_told(qtbot, dialog, db, planned):
    _type_row(qtbot, dialog, "7", "Ana")
    dialog.save()
    _type_row(qtbot, dialog, "7", "Ana")
    _type_row(qtbot, dialog, "8", "Bo")
    dialog.save()
    assert dialog.summary.text() == (
        "1 sign-in entered, 1 was already there.\nRow 7 was already entered, for Ana: nothing was changed."
    )
    with db.session() as s:
        assert len(s.scalars(select(SignIn).where(SignIn.session_id == planned["today"])).all()) == 2


def test_a_code_slip_onto_someone_elses_row_keeps_the_second_person_on_screen(qtbot, dialog, db, planned):
    _type_row(qtbot, dialog, "3", "Ana")
    slip = dialog.lines[1]  # QTest types ASCII only: the accented name is put in the box as typed
    slip.code.setText("03")  # a slip for 06
    slip.name.setText("María José")
    dialog.save()
    assert dialog.summary.text() == "1 sign-in entered, 1 row needs fixing."
    kept = dialog.lines[0]
    assert kept.name.text() == "María José"
    assert kept.problem.text() == "Row 3 is already Ana's. Check the code on the sheet for María José."
    kept.code.setText("6")
    dialog.save()
    assert dialog.summary.text() == "1 sign-in entered."
    with db.session() as s:
        names = s.scalars(
            select(Participant.first_name).join(SignIn).where(SignIn.session_id == planned["today"])
        ).all()
    assert sorted(names) == ["Ana", "María José"]


def test_a_wrong_code_is_named_beside_its_row_and_the_good_rows_are_saved(qtbot, dialog, db, planned):
    _type_row(qtbot, dialog, "ZZZ-04", "Ana")
    assert "is not from this session's sheet" in dialog.lines[0].problem.text()  # said on leaving the box
    _type_row(qtbot, dialog, "5", "Bo")
    dialog.save()
    assert dialog.summary.text() == "1 sign-in entered, 1 row needs fixing."
    bad = dialog.lines[0]
    assert bad.name.text() == "Ana" and "its codes start with" in bad.problem.text()
    assert bad.code.hasFocus() and bad.problem.text() in bad.code.accessibleDescription()


def test_a_phone_without_the_contact_tick_stays_on_the_list_with_the_reason(qtbot, dialog, db):
    line = dialog.lines[0]
    line.code.setText("3")
    line.name.setText("Ana")
    line.contact.setText("555 010 2345")
    dialog.save()
    assert "“Contact me” is not ticked" in line.problem.text()
    line.contact_me.setChecked(True)
    dialog.save()
    assert dialog.summary.text() == "1 sign-in entered."
    with db.session() as s:
        person = s.scalars(select(Participant).where(Participant.first_name == "Ana")).one()
        assert (person.phone, person.contact_consent) == ("555 010 2345", True)


def test_every_box_has_a_name_a_screen_reader_can_say(dialog):
    names = [w.accessibleName() for w in dialog.lines[1].focusable]
    assert names == [
        "Line 2: code",
        "Line 2: first name",
        "Line 2: first time here",
        "Line 2: contact me about next sessions",
        "Line 2: photos OK",
        "Line 2: phone or email from the slip",
    ]
    for button in (dialog.add_button, dialog.save_button, dialog.close_button):
        assert button.accessibleName()


def test_the_screen_fits_a_small_laptop_in_large_text(qtbot, ctx, planned, english):
    app = QApplication.instance()
    font = app.font()
    big = font.__class__(font)
    big.setPointSizeF(font.pointSizeF() * 1.5)
    app.setFont(big)
    try:
        d = PaperSignInsDialog(ctx, planned["today"], "A flyer for your salon")
        qtbot.addWidget(d)
        assert d.minimumSizeHint().width() <= 1280 and d.minimumSizeHint().height() <= 720
        assert d.width() <= 1280 and d.height() <= 720
    finally:
        app.setFont(font)


def test_in_spanish_the_screen_speaks_spanish(qtbot, ctx, planned):
    from desktop.i18n import set_language

    set_language("es")
    try:
        d = PaperSignInsDialog(ctx, planned["today"], "Un folleto")
        qtbot.addWidget(d)
        assert d.accessibleName() == "Registrar las hojas en papel"
        assert d.save_button.accessibleName() == "Guardar estos registros"
    finally:
        set_language("en")


def test_the_sessions_page_opens_it_for_the_chosen_session(qtbot, ctx, planned, english, monkeypatch):
    opened: list[tuple[str, str]] = []

    def fake_exec(self) -> int:
        opened.append((self.session_id, self.windowTitle()))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PaperSignInsDialog, "exec", fake_exec)
    page = SessionsPage(ctx, "Sessions")
    qtbot.addWidget(page)
    page.show()
    page.show_session(planned["today"])
    assert page.paper_button.isEnabled() and page.paper_button.accessibleName() == "Enter paper sign-ins…"
    qtbot.mouseClick(page.paper_button, Qt.MouseButton.LeftButton)
    assert opened == [(planned["today"], "Enter paper sign-ins — A flyer for your salon")]
