"""The Handouts page: pick, preview, save — with real PDFs, rendered offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.handouts.conftest import pdf_text


@pytest.fixture
def page(qtbot, demo_db, ctx):
    from desktop.ui.handouts.page import HandoutsPage

    assert ctx.db is demo_db
    widget = HandoutsPage(ctx, "Handouts")
    qtbot.addWidget(widget)
    widget.refresh()
    return widget


def _pick(combo, key: str) -> None:
    combo.setCurrentIndex(combo.findData(key))


def test_every_control_has_an_accessible_name(page):
    from PySide6.QtWidgets import QAbstractButton, QComboBox

    for w in page.findChildren(QComboBox) + page.findChildren(QAbstractButton):
        assert w.accessibleName(), w


def test_a_lesson_handout_is_previewed_as_page_images(page):
    _pick(page.kind, "lesson")
    page.make_preview()
    assert page.pdf is not None and page.pages
    assert page.pages[0].width > 100
    assert page.save_button.isEnabled() and page.print_button.isEnabled()


def test_session_handouts_preview_or_say_why_not(page):
    _pick(page.kind, "signin-sheet")
    page.make_preview()
    assert page.pdf is not None
    # Pick a session nobody has signed in to (the demo's upcoming ones): badges explain instead.
    for i in range(page.session.count()):
        page.session.setCurrentIndex(i)
        _pick(page.kind, "badges")
        page.make_preview()
        if page.pdf is None:
            assert "signed in" in page.status.text()
            break
    else:
        pytest.fail("every demo session has sign-ins: the 'why not' case was never shown")


def test_large_print_variant_and_save(page, tmp_path: Path):
    _pick(page.kind, "take-home")
    page.large.setChecked(True)
    for i in range(page.session.count()):  # the newest session with people in it
        page.session.setCurrentIndex(i)
        page.make_preview()
        if page.pdf is not None:
            break
    assert page.pdf is not None
    out = tmp_path / "take-home.pdf"
    page.write_pdf(out)
    assert "Thank you for coming" in pdf_text(out.read_bytes())
