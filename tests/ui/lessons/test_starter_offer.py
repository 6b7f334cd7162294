"""A new host's first screen offers the starter lessons with one obvious button; it goes once there are lessons."""

from __future__ import annotations

from desktop.i18n import set_language
from desktop.lessons.library import create_lesson, install_starter_lessons, list_lessons, starter_lesson_files
from desktop.ops import Kind, OpChanges
from desktop.ui.today.page import TodayPage

LESSON = "---\ntitle: Sewing patterns as code\n---\n\nText.\n"


def _today(qtbot, ctx) -> TodayPage:
    page = TodayPage(ctx, "Today")
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    page.refresh()
    return page


def test_the_first_screen_of_a_fresh_laptop_offers_every_starter_lesson_and_adds_them_with_one_click(
    qtbot, ctx, db, english
) -> None:
    shipped = len(starter_lesson_files())
    page = _today(qtbot, ctx)
    offer = page.starter_offer
    assert offer.isVisible()
    assert offer.button.isDefault()
    assert offer.button.text().replace("&", "") == f"Add the {shipped} starter lessons"
    assert offer.button.accessibleName() == f"Add the {shipped} starter lessons"
    offer.button.click()
    with db.transaction() as s:
        assert len(list_lessons(s)) == shipped
    assert not offer.isVisible()


def test_the_offer_speaks_spanish(qtbot, ctx, english) -> None:
    set_language("es")
    page = _today(qtbot, ctx)
    shipped = len(starter_lesson_files())
    # Alt+L: the A of "Añadir" is taken on the Lessons page (Adaptar, Anfitriones).
    assert page.starter_offer.button.text() == f"Añadir las {shipped} &lecciones de inicio"


def test_a_laptop_with_lessons_is_offered_nothing_even_when_they_are_all_in_the_trash(qtbot, ctx, db) -> None:
    from desktop.lessons.library import trash_lesson

    with db.transaction() as s:
        lesson_id = create_lesson(s, LESSON).id
        trash_lesson(s, lesson_id)
    page = _today(qtbot, ctx)
    assert not page.starter_offer.isVisible()
    assert page.starter_offer.offered == 0


def test_lessons_arriving_by_sync_take_the_offer_away(qtbot, ctx, db) -> None:
    page = _today(qtbot, ctx)
    assert page.starter_offer.isVisible()
    with db.transaction() as s:  # as a sync round writes them
        install_starter_lessons(s)
    ctx.events.changed.emit(OpChanges.of(Kind.SIGN_INS))
    assert page.starter_offer.isVisible()  # other changes leave it be
    ctx.events.changed.emit(OpChanges.from_tables(["lessons"]))
    assert not page.starter_offer.isVisible()
