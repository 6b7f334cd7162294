"""The update dialog of a lesson taken from the commons: a readable diff, and nothing replaced unless the host chooses."""

from __future__ import annotations

from desktop.lessons.library import get_lesson, save_lesson
from desktop.models.entities import Lesson
from desktop.ui.lessons.commons_update_dialog import CommonsUpdateDialog, offer_update
from tests.commons.test_updates import V1, V2, _entry, _taken

MINE = V1.replace("Save it.", "Save it on the library's stick.")


def _opened(qtbot, ctx, lesson_id: str) -> CommonsUpdateDialog:
    shown: list[CommonsUpdateDialog] = []
    offer_update(ctx, lesson_id, on_open=shown.append)
    assert len(shown) == 1, "an update is available, so the dialog opens"
    qtbot.addWidget(shown[0])
    return shown[0]


def _lines(dialog: CommonsUpdateDialog) -> list[str]:
    return [dialog.diff.item(i).text() for i in range(dialog.diff.count())]


def test_an_unchanged_lesson_is_offered_the_update_and_takes_it_only_when_the_host_chooses(qtbot, ctx):
    lesson_id = _taken(ctx.db)
    with ctx.db.transaction() as s:
        _entry(s, "v2", 2, V2)
    dialog = _opened(qtbot, ctx, lesson_id)
    assert "added: Type your salon's name." in _lines(dialog)
    assert dialog.summary.text() == "What the update changes: 2 lines added"  # the line and a blank one
    assert dialog.both_button is None and dialog.keep_button.isDefault()
    with ctx.db.transaction() as s:
        assert get_lesson(s, lesson_id).text == V1  # offered, not applied
    dialog.take_button.click()
    assert dialog.result() == CommonsUpdateDialog.DialogCode.Accepted
    with ctx.db.transaction() as s:
        assert get_lesson(s, lesson_id).text == V2


def test_a_lesson_changed_here_keeps_its_text_unless_the_host_takes_theirs(qtbot, ctx):
    lesson_id = _taken(ctx.db)
    with ctx.db.transaction() as s:
        save_lesson(s, lesson_id, MINE)
        _entry(s, "v2", 2, V2)
    dialog = _opened(qtbot, ctx, lesson_id)
    assert "removed: Save it on the library's stick." in _lines(dialog)
    assert "You changed this lesson" in dialog.choice.text()
    assert [dialog.keep_button.text(), dialog.take_button.text()] == ["&Keep mine", "&Take theirs"]
    dialog.keep_button.click()
    with ctx.db.transaction() as s:
        assert get_lesson(s, lesson_id).text == MINE


def test_seeing_both_adds_the_update_as_a_lesson_beside_the_host_s_own(qtbot, ctx):
    lesson_id = _taken(ctx.db)
    with ctx.db.transaction() as s:
        save_lesson(s, lesson_id, MINE)
        _entry(s, "v2", 2, V2)
    dialog = _opened(qtbot, ctx, lesson_id)
    assert dialog.both_button is not None
    dialog.both_button.click()
    assert dialog.new_lesson_id is not None
    with ctx.db.transaction() as s:
        assert get_lesson(s, lesson_id).text == MINE
        assert s.get(Lesson, dialog.new_lesson_id).text == V2


def test_no_dialog_opens_when_no_update_is_available(qtbot, ctx):
    lesson_id = _taken(ctx.db)
    shown: list[CommonsUpdateDialog] = []
    offer_update(ctx, lesson_id, on_open=shown.append)
    assert shown == []


def test_the_lessons_page_says_an_update_is_available_only_for_a_lesson_that_has_one(qtbot, ctx):
    from desktop.lessons.library import create_lesson
    from desktop.ui.lessons.page import LessonsPage

    lesson_id = _taken(ctx.db)
    with ctx.db.transaction() as s:
        own_id = create_lesson(s, V1.replace("Flyer as a web page", "Our own lesson")).id
        _entry(s, "v2", 2, V2)
    page = LessonsPage(ctx, "Lessons")
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    page._select(own_id)
    assert not page.update_button.isVisible()
    page._select(lesson_id)
    assert page.update_button.isVisible() and page.update_button.accessibleName() == "An update is available…"
    page.update_button.click()
    assert page.update_dialog is not None and page.update_dialog.isVisible()
    page.update_dialog.take_button.click()
    assert not page.update_button.isVisible()  # taken: nothing more to offer
