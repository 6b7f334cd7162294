"""Publishing a lesson to the commons from the Lessons page: licence, authors, consent, and the hub's answer in plain words."""

from __future__ import annotations

import pytest

from desktop.commons.catalogue import store_page
from desktop.lessons.library import create_lesson
from desktop.models.entities import LessonLineage
from desktop.ops import commons as ops
from desktop.ui.lessons.commons_publish import PublishDialog, PublishForm
from desktop.ui.lessons.page import LessonsPage
from hub import commons as hub_commons
from tests.commons.catalogue_pages import entry, page
from tests.hubtools import Laptop
from tests.sync.conftest import enrolled, hub, org  # noqa: F401 - fixtures

LESSON = (
    '---\ntitle: "Flyer as a web page"\nteaching: 20\nauthors: [Ana Ruiz, José Pérez]\n---\n\n## Start\n\nOpen it.\n'
)


def test_the_form_asks_for_authors_and_agreement_in_plain_words():
    assert PublishForm("CC-BY-4.0", "  \n ", True).problem() == (
        "Say who to credit: at least one author, as they wish to be named."
    )
    assert (
        PublishForm("CC-BY-4.0", "Ana Ruiz", False).problem()
        == "Tick “I agree” to share this lesson, or choose Cancel."
    )
    assert PublishForm("CC-BY-4.0", "García, Ana\nBo Lee\n", True).authors == ["García, Ana", "Bo Lee"]
    assert PublishForm("CC-BY-4.0", "Ana", True, ("CC-BY-SA-4.0",)).problem() is not None  # share-alike
    assert PublishForm("CC-BY-SA-4.0", "Ana", True, ("CC-BY-SA-4.0",)).problem() is None


def _dialog(qtbot, ctx, text: str = LESSON) -> tuple[LessonsPage, PublishDialog]:
    with ctx.db.transaction() as s:
        lesson_id = create_lesson(s, text).id
    lessons = LessonsPage(ctx, "Lessons")
    qtbot.addWidget(lessons)
    lessons.show()
    lessons.refresh()
    lessons._select(lesson_id)
    dialog = lessons.publish_current()
    assert dialog is not None
    qtbot.addWidget(dialog)
    return lessons, dialog


def test_the_dialog_offers_cc_by_by_default_with_the_lesson_s_authors_and_asks_for_consent(qtbot, ctx):
    _lessons, dialog = _dialog(qtbot, ctx)
    assert dialog.chosen_licence() == "CC-BY-4.0"
    assert dialog.authors.toPlainText() == "Ana Ruiz\nJosé Pérez"
    assert "never who came" in dialog.about.text()
    assert not dialog.agree.isChecked()
    assert "This laptop is not enrolled with a hub" in dialog.message.text()
    assert not dialog.publish_button.isEnabled()


def test_a_remix_of_a_share_alike_lesson_can_only_be_published_share_alike(qtbot, ctx):
    store_page(ctx.db, page([entry("v1", seq=1, licence="CC-BY-SA-4.0")]), 0)
    with ctx.db.transaction() as s:
        remix_id = ops.remix_lesson(s, "v1").value
    lessons = LessonsPage(ctx, "Lessons")
    qtbot.addWidget(lessons)
    lessons.show()
    lessons.refresh()
    lessons._select(remix_id)
    dialog = lessons.publish_current()
    qtbot.addWidget(dialog)
    assert dialog.chosen_licence() == "CC-BY-SA-4.0"
    assert not dialog.licence_buttons["CC-BY-4.0"].isEnabled() and not dialog.licence_buttons["CC0-1.0"].isEnabled()
    assert dialog.share_alike_note.isVisibleTo(dialog)


@pytest.fixture
def enrolled_ctx(ctx, hub, org):
    laptop = Laptop(data_dir=ctx.data_dir, db=ctx.db)
    enrolled(hub, org, [laptop])
    return ctx


def test_publishing_with_consent_records_the_commons_version_and_closes(qtbot, enrolled_ctx, hub, org):
    hub_commons.set_consent(hub.engine, org, True)
    _lessons, dialog = _dialog(qtbot, enrolled_ctx)
    dialog.licence_buttons["CC0-1.0"].setChecked(True)
    dialog.submit()
    assert dialog.message.text() == "Tick “I agree” to share this lesson, or choose Cancel."
    dialog.agree.setChecked(True)
    dialog.submit()
    assert dialog.result() == PublishDialog.DialogCode.Accepted
    assert dialog.published is not None
    with enrolled_ctx.db.transaction() as s:
        row = s.get(LessonLineage, dialog.lesson_id)
        assert row.published_version_id == dialog.published["version_id"]
    with hub.engine.connect() as conn:
        from sqlalchemy import select

        from hub.commons_store import commons_versions

        stored = conn.execute(
            select(commons_versions.c.licence, commons_versions.c.authors).where(
                commons_versions.c.id == dialog.published["version_id"]
            )
        ).one()
    assert stored.licence == "CC0-1.0" and "José Pérez" in stored.authors


def test_the_hub_s_refusal_without_the_organisation_s_consent_is_said_in_plain_words(qtbot, enrolled_ctx):
    _lessons, dialog = _dialog(qtbot, enrolled_ctx)
    dialog.agree.setChecked(True)
    dialog.submit()
    assert dialog.message.text().startswith(
        "The hub did not publish this lesson: your organisation has not agreed to share lessons in the commons."
    )
    assert dialog.isVisible() and dialog.publish_button.isEnabled()
    with enrolled_ctx.db.transaction() as s:
        assert s.get(LessonLineage, dialog.lesson_id) is None
