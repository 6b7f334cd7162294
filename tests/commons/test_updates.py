"""Updates from the commons are offered with a readable diff and never replace a host's edits (desktop/commons/updates.py)."""

from __future__ import annotations

from sqlalchemy import select

from desktop.commons.updates import (
    Change,
    diff_summary,
    edited_since_taken,
    lesson_credit_line,
    lessons_with_updates,
    readable_diff,
    update_for,
)
from desktop.lessons.library import create_lesson, get_lesson, history, save_lesson
from desktop.models.entities import Lesson, LessonLineage
from desktop.models.local import CommonsEntry, CommonsRemoved
from desktop.ops import Kind, OpChanges
from desktop.ops import commons_updates as ops

V1 = '---\ntitle: "Flyer as a web page"\nteaching: 20\n---\n\n## Start\n\nOpen the editor.\n\n## Save\n\nSave it.\n'
V2 = V1.replace("Open the editor.", "Open the editor.\n\nType your salon's name.")


def _entry(s, version_id: str, number: int, text: str, **kw) -> CommonsEntry:
    entry = CommonsEntry(
        version_id=version_id,
        commons_lesson_id=kw.pop("commons_lesson_id", "cl-flyer"),
        number=number,
        seq=number,
        title=kw.pop("title", "Flyer as a web page"),
        licence=kw.pop("licence", "CC-BY-4.0"),
        authors=kw.pop("authors", ["Ana Ruiz"]),
        organisation=kw.pop("organisation", "Salon Chapter"),
        text=text,
        **kw,
    )
    s.add(entry)
    return entry


def _taken(db) -> str:
    """Version 1 of the commons lesson, taken as it is: a lesson with its lineage, as "Use this lesson" makes it."""
    with db.transaction() as s:
        _entry(s, "v1", 1, V1)
        lesson = create_lesson(s, V1)
        s.add(
            LessonLineage(
                id=lesson.id,
                source_version_id="v1",
                source_title="Flyer as a web page",
                source_licence="CC-BY-4.0",
                source_authors=["Ana Ruiz"],
                source_organisation="Salon Chapter",
                parent_version_id="v1",
                parent_title="Flyer as a web page",
                parent_licence="CC-BY-4.0",
                parent_authors=["Ana Ruiz"],
                parent_organisation="Salon Chapter",
                taken_version_number=1,
            )
        )
        return lesson.id


def test_no_update_is_offered_until_the_original_publishes_a_newer_version(db):
    lesson_id = _taken(db)
    with db.transaction() as s:
        assert update_for(s, lesson_id) is None
        _entry(s, "v2", 2, V2)
    with db.transaction() as s:
        offer = update_for(s, lesson_id)
        assert offer is not None and (offer.version_id, offer.number, offer.taken_number) == ("v2", 2, 1)
        assert not offer.edited_here
        assert set(lessons_with_updates(s)) == {lesson_id}


def test_an_unpublished_original_offers_no_update_and_the_copy_keeps_its_credit(db):
    lesson_id = _taken(db)
    with db.transaction() as s:
        _entry(s, "v2", 2, V2)
        s.add(CommonsRemoved(commons_lesson_id="cl-flyer"))
    with db.transaction() as s:
        assert update_for(s, lesson_id) is None
        assert (lesson_credit_line(s, lesson_id) or "").startswith('"Flyer as a web page" by Ana Ruiz (Salon Chapter)')


def test_the_diff_marks_added_and_removed_lines_in_plain_words_and_counts_them():
    lines = readable_diff("a\nb\nc\nd\ne\nf\ng\nh\n", "a\nb\nc\nd\nE\nf\ng\nh\ni\n", context=1)
    assert [(line.change, line.text) for line in lines] == [
        (Change.SKIPPED, "… 3 lines the same …"),
        (Change.SAME, "d"),
        (Change.REMOVED, "e"),
        (Change.ADDED, "E"),
        (Change.SAME, "f"),
        (Change.SKIPPED, "… 1 line the same …"),
        (Change.SAME, "h"),
        (Change.ADDED, "i"),
    ]
    assert [line.mark() for line in lines if line.change in (Change.ADDED, Change.REMOVED)] == [
        "removed",
        "added",
        "added",
    ]
    assert diff_summary(lines) == "2 lines added, 1 line removed"
    assert diff_summary(readable_diff("same\n", "same\n")) == "The update's text is the same as the lesson here."


def test_taking_the_update_is_a_new_version_of_the_lesson_and_moves_its_lineage_on(db):
    lesson_id = _taken(db)
    with db.transaction() as s:
        _entry(s, "v2", 2, V2, authors=["Ana Ruiz", "Bo Chen"])
    with db.transaction() as s:
        done = ops.take_update(s, lesson_id, "v2")
    assert done.changes == OpChanges.of(Kind.LESSONS)
    with db.transaction() as s:
        lesson = get_lesson(s, lesson_id)
        assert "Type your salon's name." in lesson.text
        assert [v.number for v in history(s, lesson_id)] == [2, 1]  # version 1 kept in the history
        row = s.get(LessonLineage, lesson_id)
        assert (row.parent_version_id, row.taken_version_number, row.source_version_id) == ("v2", 2, "v2")
        assert update_for(s, lesson_id) is None
        assert lesson_credit_line(s, lesson_id) == (
            '"Flyer as a web page" by Ana Ruiz and Bo Chen (Salon Chapter), CC BY 4.0, '
            "https://creativecommons.org/licenses/by/4.0/"
        )


def test_a_lesson_edited_here_is_told_apart_and_never_replaced_unless_the_host_takes_theirs(db):
    lesson_id = _taken(db)
    mine = V1.replace("Save it.", "Save it on the library's stick.")
    with db.transaction() as s:
        save_lesson(s, lesson_id, mine, "our stick")
        _entry(s, "v2", 2, V2)
    with db.transaction() as s:
        offer = update_for(s, lesson_id)
        assert offer is not None and offer.edited_here and edited_since_taken(s, lesson_id)
        assert get_lesson(s, lesson_id).text == mine  # offered, not applied
        marks = {(line.change, line.text) for line in readable_diff(offer.mine, offer.theirs)}
        assert (Change.REMOVED, "Save it on the library's stick.") in marks
        assert (Change.ADDED, "Type your salon's name.") in marks
        # The credit says the lesson was changed here, as CC BY asks.
        assert (lesson_credit_line(s, lesson_id) or "").startswith('Adapted from "Flyer as a web page"')


def test_seeing_both_adds_the_update_beside_the_lesson_which_stays_as_it_is(db):
    lesson_id = _taken(db)
    mine = V1.replace("Save it.", "Save it on the library's stick.")
    with db.transaction() as s:
        save_lesson(s, lesson_id, mine)
        _entry(s, "v2", 2, V2)
    with db.transaction() as s:
        copy_id = ops.see_both(s, lesson_id, "v2").value
    with db.transaction() as s:
        assert get_lesson(s, lesson_id).text == mine
        assert s.get(Lesson, copy_id).text == V2
        copy = s.get(LessonLineage, copy_id)
        assert (copy.parent_version_id, copy.taken_version_number, copy.source_version_id) == ("v2", 2, "v2")
        assert not edited_since_taken(s, copy_id)
        assert len(s.scalars(select(Lesson)).all()) == 2


def test_a_lesson_of_our_own_has_no_credit_line_and_no_update(db):
    with db.transaction() as s:
        lesson_id = create_lesson(s, V1).id
    with db.transaction() as s:
        assert lesson_credit_line(s, lesson_id) is None
        assert update_for(s, lesson_id) is None
        assert not edited_since_taken(s, lesson_id)
