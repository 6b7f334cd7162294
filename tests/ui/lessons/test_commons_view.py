"""The Commons view of the Lessons page: browse and search offline, use or remix with lineage, driven as a host would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton

from desktop.commons.catalogue import store_page, store_usage
from desktop.i18n import set_language
from desktop.lessons.library import get_lesson
from desktop.models.entities import LessonLineage
from desktop.ops import OpChanges
from desktop.ui.lessons.commons_view import CommonsView
from desktop.ui.lessons.dialogs import LessonEditor
from desktop.ui.lessons.page import LessonsPage
from desktop.ui.lessons.summary_list import SUMMARY_ROLE
from tests.commons.catalogue_pages import entry, page


@pytest.fixture
def lessons_page(qtbot, ctx) -> LessonsPage:
    store_page(
        ctx.db,
        page(
            [
                entry("v1", seq=1, lesson="cl-flyer", title="Flyer as a web page", tags=["web"]),
                entry(
                    "v2",
                    seq=2,
                    lesson="cl-folleto",
                    title="Folleto de la peluquería",
                    language="es",
                    minutes=75,
                    licence="CC-BY-SA-4.0",
                    authors=["Ana Ruiz", "José Pérez"],
                    source="v1",
                    parent="v1",
                ),
                entry("v3", seq=3, lesson="cl-zh", title="网页传单", language="zh", authors=["王芳"], tags=["web"]),
            ]
        ),
        0,
    )
    store_usage(ctx.db, {"lessons": {"cl-flyer": {"sessions": 12, "organisations": 3, "rating": 2.64}}}, '"e"')
    widget = LessonsPage(ctx, "Lessons")
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    widget.refresh()
    return widget


def _commons(lessons_page: LessonsPage) -> CommonsView:
    lessons_page.views.show_commons()
    return lessons_page.views.commons


def _titles(view: CommonsView) -> list[str]:
    return [view.proxy.index(r, 0).data(SUMMARY_ROLE).title for r in range(view.proxy.rowCount())]


def _choose(view: CommonsView, title: str) -> None:
    for r in range(view.proxy.rowCount()):
        index = view.proxy.index(r, 0)
        if index.data(SUMMARY_ROLE).title == title:
            view.list.setCurrentIndex(index)
            return
    raise AssertionError(f"{title} is not listed")


def test_the_commons_lists_every_lesson_with_its_authors_licence_and_usage(lessons_page):
    view = _commons(lessons_page)
    assert _titles(view) == ["Flyer as a web page", "Folleto de la peluquería", "网页传单"]
    assert view.status.text() == "3 lessons in the commons"
    _choose(view, "Flyer as a web page")
    assert view.title.text() == "Flyer as a web page"
    assert view.credit.text().startswith("By Ana Ruiz, Salon Chapter. CC BY 4.0: Anyone may use")
    assert view.usage.text() == "Used in 12 sessions by 3 organisations. Exit cards: 2.6 out of 3 on average."
    assert "Open the editor" in view.preview.toPlainText()
    _choose(view, "Folleto de la peluquería")
    assert view.lineage.text() == "A remix of “Flyer as a web page”."
    assert view.usage.text() == "Not used in a session yet."


def test_search_and_filters_find_lessons_in_any_script_without_accents(lessons_page):
    view = _commons(lessons_page)
    view.search.setText("PELUQUERIA jose")
    assert _titles(view) == ["Folleto de la peluquería"]
    view.search.setText("王芳")
    assert _titles(view) == ["网页传单"]
    view.search.setText("nothing of the sort")
    assert _titles(view) == [] and "No lesson in the commons matches" in view.status.text()
    view.search.clear()
    view.licence.setCurrentIndex(view.licence.findData("CC-BY-SA-4.0"))
    assert _titles(view) == ["Folleto de la peluquería"]
    view.licence.setCurrentIndex(0)
    view.topic.setCurrentIndex(view.topic.findData("web"))
    view.duration.setCurrentIndex(view.duration.findData("up_to_30"))
    assert _titles(view) == ["Flyer as a web page", "网页传单"]
    view.language.setCurrentIndex(view.language.findData("zh"))
    assert _titles(view) == ["网页传单"]


def test_using_a_lesson_copies_it_into_the_library_with_its_lineage_and_shows_it(lessons_page, ctx):
    view = _commons(lessons_page)
    _choose(view, "Folleto de la peluquería")
    view.use_button.click()
    assert lessons_page.views.currentWidget() is lessons_page.views.library
    assert lessons_page.detail is not None and lessons_page.detail.summary.title == "Folleto de la peluquería"
    with ctx.db.transaction() as s:
        row = s.get(LessonLineage, lessons_page.detail.summary.id)
        assert (row.source_version_id, row.parent_version_id) == ("v1", "v2")


def test_remix_copies_the_lesson_and_opens_the_editor_on_the_copy(lessons_page, ctx):
    view = _commons(lessons_page)
    _choose(view, "Flyer as a web page")
    view.remix_button.click()
    assert isinstance(view.editor, LessonEditor) and view.editor.isVisible()
    with ctx.db.transaction() as s:
        assert get_lesson(s, view.editor.lesson_id).title == "Flyer as a web page (remix)"
        assert s.get(LessonLineage, view.editor.lesson_id).parent_version_id == "v1"
    view.editor.reject()


def test_an_unpublished_lesson_disappears_from_the_view_after_a_sync_and_its_copy_stays(lessons_page, ctx):
    view = _commons(lessons_page)
    _choose(view, "Flyer as a web page")
    view.use_button.click()
    copy_id = lessons_page.detail.summary.id
    store_page(ctx.db, {"entries": [], "removed": ["cl-flyer"], "last_seq": 4, "more": False}, 3)
    ctx.events.changed.emit(OpChanges.from_tables({"commons_entries"}))  # as the sync worker announces a round
    assert "Flyer as a web page" not in _titles(view)
    with ctx.db.transaction() as s:
        assert get_lesson(s, copy_id).title == "Flyer as a web page"


def test_an_empty_commons_says_it_arrives_with_the_next_sync(qtbot, ctx):
    widget = LessonsPage(ctx, "Lessons")
    qtbot.addWidget(widget)
    widget.show()
    view = _commons(widget)
    assert "arrive with the next sync" in view.status.text()
    assert not view.use_button.isEnabled() and not view.remix_button.isEnabled()


def test_every_control_of_the_view_has_an_accessible_name(lessons_page):
    view = _commons(lessons_page)
    for control in [*view.findChildren(QPushButton), *view.findChildren(QComboBox), *view.findChildren(QLineEdit)]:
        assert control.accessibleName(), control


def test_the_keyboard_reaches_use_this_lesson_from_the_search(lessons_page, qtbot, ctx):
    view = _commons(lessons_page)
    view.search.setFocus()
    qtbot.keyClicks(view.search, "peluqueria")
    for _ in range(20):  # bounded: the controls between the search and the button
        if view.use_button.hasFocus():
            break
        qtbot.keyClick(lessons_page.focusWidget(), Qt.Key.Key_Tab)
    assert view.use_button.hasFocus()
    qtbot.keyClick(view.use_button, Qt.Key.Key_Space)
    assert lessons_page.detail is not None and lessons_page.detail.summary.title == "Folleto de la peluquería"


def test_the_view_reads_in_spanish(qtbot, ctx):
    set_language("es")
    try:
        widget = LessonsPage(ctx, "Lecciones")
        qtbot.addWidget(widget)
        widget.show()
        view = _commons(widget)
        assert view.use_button.text() == "&Usar esta lección"
        assert widget.views.tabText(1) == "El fondo co&mún"
        assert "próxima sincronización" in view.status.text()
    finally:
        set_language("en")
