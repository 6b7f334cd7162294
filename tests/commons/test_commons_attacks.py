"""Attacks on the laptop's side of the commons: taking a lesson twice, a remix of a remix, updates over local
edits, and what copies keep (their credit, their original) once the lesson they came from is unpublished."""

from __future__ import annotations

import pytest

from desktop.commons import take, updates
from desktop.commons.catalogue import store_page
from desktop.lessons.library import get_lesson, save_lesson
from desktop.models.entities import LessonLineage
from tests.commons.catalogue_pages import entry, page


@pytest.fixture
def commons(db):
    """An original (o1, CC BY) and a remix of it by another organisation (r1, CC BY-SA)."""
    store_page(
        db,
        page(
            [
                entry("o1", seq=1, lesson="cl-o", title="Flyer as a web page", authors=["Ana Ruiz"]),
                entry(
                    "r1",
                    seq=2,
                    lesson="cl-r",
                    title="Union flyer",
                    licence="CC-BY-SA-4.0",
                    authors=["Bo Lee"],
                    organisation="Union Hall 12",
                    source="o1",
                    parent="o1",
                ),
            ]
        ),
        0,
    )
    return db


def _take(db, version_id: str, *, remix: bool = False) -> str:
    with db.transaction() as s:
        return take.take(s, version_id, remix=remix).id


def test_taking_a_lesson_twice_makes_two_copies_each_with_its_own_lineage(commons) -> None:
    first, second = _take(commons, "o1"), _take(commons, "o1")
    assert first != second
    with commons.transaction() as s:
        rows = [s.get(LessonLineage, i) for i in (first, second)]
        assert [(r.parent_version_id, r.source_version_id) for r in rows if r] == [("o1", "o1"), ("o1", "o1")]


def test_a_remix_of_a_remix_keeps_the_original_as_its_source(commons) -> None:
    copy = _take(commons, "r1", remix=True)
    with commons.transaction() as s:
        row = s.get(LessonLineage, copy)
        assert row is not None
        assert (row.source_version_id, row.source_title, row.source_licence) == (
            "o1",
            "Flyer as a web page",
            "CC-BY-4.0",
        )
        assert (row.parent_version_id, row.parent_licence) == ("r1", "CC-BY-SA-4.0")


def test_a_newer_version_in_the_catalogue_never_changes_a_copy_edited_here(commons) -> None:
    copy = _take(commons, "o1")
    with commons.transaction() as s:
        save_lesson(s, copy, get_lesson(s, copy).text + "\nOur own note.\n", "ours")
    newer = entry(
        "o2", seq=3, lesson="cl-o", number=2, title="Flyer as a web page", text="---\ntitle: New\n---\n\nNew.\n"
    )
    store_page(commons, page([newer]), 2)
    with commons.transaction() as s:
        assert "Our own note." in get_lesson(s, copy).text
        offer = updates.update_for(s, copy)
        assert offer is not None and offer.edited_here and offer.version_id == "o2"


def test_an_unchanged_copys_credit_stays_as_it_was_once_its_lesson_is_unpublished(commons) -> None:
    copy = _take(commons, "o1")
    with commons.transaction() as s:
        before = updates.lesson_credit_line(s, copy)
    store_page(commons, {"entries": [], "removed": ["cl-o"], "last_seq": 5, "more": False}, 2)
    with commons.transaction() as s:
        assert updates.lesson_credit_line(s, copy) == before
        assert before is not None and not before.startswith("Adapted")


def test_a_remix_taken_after_its_original_was_unpublished_still_credits_the_original(commons) -> None:
    # On a laptop that held the original before it was unpublished. One enrolled afterwards never receives the
    # original, and the remix's catalogue entry names only its id (hub.commons._entry): not fixed here.
    store_page(commons, {"entries": [], "removed": ["cl-o"], "last_seq": 5, "more": False}, 2)
    copy = _take(commons, "r1")
    with commons.transaction() as s:
        row = s.get(LessonLineage, copy)
        assert row is not None
        assert (row.source_version_id, row.source_title, row.source_licence) == (
            "o1",
            "Flyer as a web page",
            "CC-BY-4.0",
        )
        credit = updates.lesson_credit_line(s, copy)
        assert credit is not None and "Ana Ruiz" in credit


def test_an_unpublished_lesson_leaves_the_view_and_cannot_be_taken_but_its_copy_still_opens(commons) -> None:
    from desktop.commons import catalogue

    copy = _take(commons, "o1")
    store_page(commons, {"entries": [], "removed": ["cl-o"], "last_seq": 5, "more": False}, 2)
    with commons.transaction() as s:
        assert "o1" not in [x.version_id for x in catalogue.browse(s)]
        with pytest.raises(take.TakeError):
            take.take(s, "o1")
        assert get_lesson(s, copy).title
