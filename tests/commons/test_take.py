"""Using and remixing a commons lesson: a copy in the library with its lineage (source and parent)."""

from __future__ import annotations

import pytest

from desktop.commons.catalogue import store_page
from desktop.commons.take import TakeError
from desktop.lessons.library import get_lesson, save_lesson
from desktop.models.entities import LessonLineage
from desktop.models.local import OutboxEntry
from desktop.ops import Kind
from desktop.ops import commons as ops
from desktop.ops import lessons as lesson_ops
from tests.commons.catalogue_pages import entry, page


@pytest.fixture
def commons(db):
    """An original (v1, CC BY), and a remix of it by another organisation (v2, CC BY-SA)."""
    store_page(
        db,
        page(
            [
                entry("v1", seq=1, lesson="cl-flyer", title="Flyer as a web page", authors=["Ana Ruiz"]),
                entry(
                    "v2",
                    seq=2,
                    lesson="cl-union",
                    title="Union flyer",
                    licence="CC-BY-SA-4.0",
                    authors=["Bo Lee", "Cy Diaz"],
                    organisation="Union Hall 12",
                    source="v1",
                    parent="v1",
                ),
            ]
        ),
        0,
    )
    return db


def _lineage(db, lesson_id: str) -> LessonLineage:
    with db.transaction() as s:
        row = s.get(LessonLineage, lesson_id)
        assert row is not None
        s.expunge(row)
        return row


def test_using_a_lesson_copies_it_as_it_is_with_source_and_parent_that_version(commons):
    with commons.transaction() as s:
        done = ops.use_lesson(s, "v1")
        lesson = get_lesson(s, done.value)
        assert lesson.title == "Flyer as a web page"
        assert "Open the editor" in lesson.text
    assert done.changes.touches(Kind.LESSONS)
    row = _lineage(commons, done.value)
    assert (row.source_version_id, row.parent_version_id, row.taken_version_number) == ("v1", "v1", 1)
    assert (row.parent_title, row.parent_licence, row.parent_authors, row.parent_organisation) == (
        "Flyer as a web page",
        "CC-BY-4.0",
        ["Ana Ruiz"],
        "Salon Chapter",
    )
    assert row.source_authors == ["Ana Ruiz"] and row.taken_at is not None


def test_the_lineage_is_a_synced_record_sent_to_the_hub(commons):
    with commons.transaction() as s:
        lesson_id = ops.use_lesson(s, "v1").value
    with commons.transaction() as s:
        tables = {e.table_name for e in s.query(OutboxEntry).filter(OutboxEntry.row_id == lesson_id)}
    assert {"lessons", "lesson_lineage"} <= tables


def test_a_remix_is_a_copy_to_change_that_keeps_source_and_parent(commons):
    with commons.transaction() as s:
        lesson_id = ops.remix_lesson(s, "v1").value
        assert get_lesson(s, lesson_id).title == "Flyer as a web page (remix)"
    row = _lineage(commons, lesson_id)
    assert (row.source_version_id, row.parent_version_id) == ("v1", "v1")


def test_taking_a_remix_keeps_the_original_as_source_and_the_remix_as_parent(commons):
    with commons.transaction() as s:
        lesson_id = ops.remix_lesson(s, "v2").value
    row = _lineage(commons, lesson_id)
    assert (row.source_version_id, row.source_title, row.source_licence) == ("v1", "Flyer as a web page", "CC-BY-4.0")
    assert (row.parent_version_id, row.parent_title, row.parent_licence) == ("v2", "Union flyer", "CC-BY-SA-4.0")
    assert row.parent_authors == ["Bo Lee", "Cy Diaz"] and row.parent_organisation == "Union Hall 12"


def test_a_remix_made_here_of_a_copy_keeps_its_original_source_and_its_commons_parent(commons):
    with commons.transaction() as s:
        copy_id = ops.use_lesson(s, "v2").value
        remix_id = lesson_ops.remix_lesson(s, copy_id).value
    row = _lineage(commons, remix_id)
    assert (row.source_version_id, row.parent_version_id) == ("v1", "v2")


def test_a_remix_here_of_a_lesson_of_our_own_has_no_lineage(db):
    with db.transaction() as s:
        from desktop.lessons.library import create_lesson

        own = create_lesson(s, '---\ntitle: "Ours"\n---\n\nText.\n')
        remix_id = lesson_ops.remix_lesson(s, own.id).value
        assert s.get(LessonLineage, remix_id) is None


def test_lineage_survives_edits_to_the_copy(commons):
    with commons.transaction() as s:
        lesson_id = ops.use_lesson(s, "v1").value
    with commons.transaction() as s:
        save_lesson(s, lesson_id, get_lesson(s, lesson_id).text + "\n## Our own step\n\nDone.\n")
    assert _lineage(commons, lesson_id).parent_version_id == "v1"


def test_an_unpublished_lesson_cannot_be_taken_and_copies_already_taken_keep_working(commons):
    with commons.transaction() as s:
        lesson_id = ops.use_lesson(s, "v1").value
    store_page(commons, {"entries": [], "removed": ["cl-flyer"], "last_seq": 3, "more": False}, 2)
    with commons.transaction() as s, pytest.raises(TakeError, match="no longer in the commons"):
        ops.use_lesson(s, "v1")
    with commons.transaction() as s:
        assert get_lesson(s, lesson_id).title == "Flyer as a web page"
    assert _lineage(commons, lesson_id).parent_authors == ["Ana Ruiz"]
