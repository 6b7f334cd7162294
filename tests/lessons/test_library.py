"""The lesson library in a real SQLite database: import, search, versions, remix, trash, export."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from desktop.lessons.library import (
    LessonFilter,
    LibraryError,
    create_lesson,
    duplicate_lesson,
    export_lesson,
    find_lesson,
    history,
    import_paths,
    lesson_detail,
    list_lessons,
    restore_from_trash,
    restore_version,
    save_lesson,
    trash_lesson,
)
from desktop.lessons.parse import LessonError, parse_file
from desktop.models import Lesson, LessonVersion, OutboxEntry

FIXTURES = Path(__file__).parent / "fixtures"

LESSON = """---
title: "A flyer for your salon"
id: salon-flyer
teaching: 20
exercises: 30
language: en
offline: true
tags: [html, salon]
---

Make a flyer with **opening hours**.
"""


def counts(db) -> tuple[int, int, int]:
    with db.transaction() as s:
        return (
            s.scalar(select(func.count()).select_from(Lesson)),
            s.scalar(select(func.count()).select_from(LessonVersion)),
            s.scalar(select(func.count()).select_from(OutboxEntry)),
        )


def test_importing_a_workbench_lesson_folder_keeps_config_order(db) -> None:
    with db.transaction() as s:
        report = import_paths(s, [FIXTURES / "workbench"])
        titles = [s.get(Lesson, i).title for i in report.added]
        slugs = [s.get(Lesson, i).slug for i in report.added]
    assert titles == ["Introducing the Shell", "Navigating Files and Directories", "Loops"]
    assert slugs == ["workbench-introduction", "workbench-navigating-files", "workbench-loops"]


def test_importing_an_old_style_episodes_folder_in_file_order(db) -> None:
    with db.transaction() as s:
        report = import_paths(s, [FIXTURES / "styles-old" / "_episodes"])
        lessons = [s.get(Lesson, i) for i in report.added]
    assert [lesson.title for lesson in lessons] == [
        "Introducing the Shell",
        "Navigating Files and Directories",
        "Shell Scripts",
    ]
    assert lessons[0].minutes == 5 and lessons[2].minutes == 45
    # the text is kept as the author wrote it
    assert "{: .challenge}" in lessons[0].text


@pytest.mark.parametrize("bad", sorted(p.name for p in (FIXTURES / "bad").iterdir()))
def test_a_bad_file_adds_nothing_and_the_good_file_beside_it_is_imported(db, bad: str, tmp_path: Path) -> None:
    with db.transaction() as s:
        create_lesson(s, LESSON)
    lessons, versions, _outbox = counts(db)
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(FIXTURES / "workbench" / "episodes" / "introduction.md", folder / "01-good.md")
    shutil.copy(FIXTURES / "bad" / bad, folder / "02-bad.md")
    with db.transaction() as s:
        report = import_paths(s, [folder])
        assert [s.get(Lesson, i).source_path for i in report.added] == [str((folder / "01-good.md").absolute())]
    assert [Path(e.path) for e in report.failed] == [folder / "02-bad.md"]
    assert str(report.failed[0]).startswith(str(folder / "02-bad.md") + ": ")
    assert counts(db)[:2] == (lessons + 1, versions + 1)


def test_a_50_megabyte_file_is_refused_and_nothing_changes(db, tmp_path: Path) -> None:
    huge = tmp_path / "huge.md"
    with huge.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    before = counts(db)
    with db.transaction() as s:
        report = import_paths(s, [huge])
    assert "too big" in report.failed[0].sentence and not report.added
    assert counts(db) == before


def test_importing_the_same_file_again_adds_a_version_only_when_it_changed(db, tmp_path: Path) -> None:
    f = tmp_path / "flyer.md"
    f.write_text(LESSON, encoding="utf-8")
    with db.transaction() as s:
        first = import_paths(s, [f])
    with db.transaction() as s:
        again = import_paths(s, [f])
    assert again.unchanged == first.added
    f.write_text(LESSON.replace("opening hours", "prices"), encoding="utf-8")
    with db.transaction() as s:
        third = import_paths(s, [f])
        assert third.updated == first.added
        assert [v.number for v in history(s, "salon-flyer")] == [2, 1]


def test_a_different_file_with_a_taken_slug_gets_its_own(db, tmp_path: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text(LESSON, encoding="utf-8")
    b.write_text(LESSON.replace("A flyer", "Another flyer"), encoding="utf-8")
    with db.transaction() as s:
        report = import_paths(s, [a, b])
        assert sorted(s.get(Lesson, i).slug for i in report.added) == ["salon-flyer", "salon-flyer-2"]


def test_search_matches_title_tags_and_text_without_accents_or_case(db) -> None:
    with db.transaction() as s:
        create_lesson(s, LESSON)
        create_lesson(
            s,
            "---\ntitle: Presupuesto familiar\nlanguage: es\nteaching: 45\nexercises: 30\n"
            "offline: false\ntags: [dinero]\n---\n\nUna hoja de cálculo.\n",
        )
    with db.transaction() as s:

        def titles(**kw) -> list[str]:
            return [x.title for x in list_lessons(s, LessonFilter(**kw))]

        assert titles(query="FLYER") == ["A flyer for your salon"]
        assert titles(query="salon") == ["A flyer for your salon"]  # a tag
        assert titles(query="opening hours") == ["A flyer for your salon"]  # the text
        assert titles(query="calculo") == ["Presupuesto familiar"]  # accent-blind
        assert titles(language="es") == ["Presupuesto familiar"]
        assert titles(offline_only=True) == ["A flyer for your salon"]
        assert titles(duration="31_to_60") == ["A flyer for your salon"]
        assert titles(duration="over_90") == []
        assert titles(level="beginner") == ["A flyer for your salon", "Presupuesto familiar"]
        assert titles(query="nothing like this") == []


def test_every_save_is_a_new_version_and_an_old_one_can_be_restored(db) -> None:
    with db.transaction() as s:
        lesson = create_lesson(s, LESSON)
        lesson_id = lesson.id
    with db.transaction() as s:
        save_lesson(s, lesson_id, LESSON.replace("20", "25"), "Longer demo")
    with db.transaction() as s:
        save_lesson(s, lesson_id, LESSON.replace("20", "25"))  # unchanged: no new version
        save_lesson(s, lesson_id, LESSON.replace("A flyer", "A poster"), "Poster")
    with db.transaction() as s:
        assert [(v.number, v.note) for v in history(s, lesson_id)] == [
            (3, "Poster"),
            (2, "Longer demo"),
            (1, "First version"),
        ]
        restore_version(s, lesson_id, 1)
    with db.transaction() as s:
        lesson = find_lesson(s, lesson_id)
        assert lesson.text == LESSON and lesson.title == "A flyer for your salon"
        assert lesson.current_version == 4
        assert history(s, lesson_id)[0].note == "Restored version 1"


def test_saving_text_that_does_not_parse_changes_nothing(db) -> None:
    with db.transaction() as s:
        lesson_id = create_lesson(s, LESSON).id
    before = counts(db)
    with pytest.raises(LessonError), db.transaction() as s:
        save_lesson(s, lesson_id, LESSON + "\n::: challenge\nunclosed\n")
    assert counts(db) == before


def test_a_remix_is_a_new_lesson_linked_to_its_original(db) -> None:
    with db.transaction() as s:
        original = create_lesson(s, LESSON)
        remix = duplicate_lesson(s, original.id)
        assert remix.remixed_from == original.id
        assert remix.slug == "salon-flyer-remix"
        assert remix.title == "A flyer for your salon (remix)"
        assert lesson_detail(s, remix.id).remixed_from_title == "A flyer for your salon"
        assert duplicate_lesson(s, original.id).slug == "salon-flyer-remix-2"


def test_trash_hides_a_lesson_and_restore_brings_it_back(db) -> None:
    with db.transaction() as s:
        lesson_id = create_lesson(s, LESSON).id
        trash_lesson(s, lesson_id)
    with db.transaction() as s:
        assert list_lessons(s) == []
        assert [x.id for x in list_lessons(s, LessonFilter(trash=True))] == [lesson_id]
        assert find_lesson(s, "salon-flyer") is not None  # still there, still findable
        restore_from_trash(s, lesson_id)
    with db.transaction() as s:
        assert [x.id for x in list_lessons(s)] == [lesson_id]
        assert s.get(Lesson, lesson_id).deleted is False


def test_find_lesson_by_id_or_slug(db) -> None:
    with db.transaction() as s:
        lesson_id = create_lesson(s, LESSON).id
    with db.transaction() as s:
        assert find_lesson(s, lesson_id).id == lesson_id
        assert find_lesson(s, "salon-flyer").id == lesson_id
        assert find_lesson(s, "no-such-lesson") is None


def test_export_writes_markdown_that_reads_back_the_same(db, tmp_path: Path) -> None:
    with db.transaction() as s:
        create_lesson(s, LESSON)
        out = export_lesson(s, "salon-flyer", tmp_path / "flyer")
    assert out.name == "flyer.md"
    assert out.read_text(encoding="utf-8") == LESSON
    assert parse_file(out).meta.title == "A flyer for your salon"


def test_export_to_a_folder_that_does_not_exist_says_so(db, tmp_path: Path) -> None:
    with db.transaction() as s:
        create_lesson(s, LESSON)
        with pytest.raises(LibraryError, match="Could not write"):
            export_lesson(s, "salon-flyer", tmp_path / "missing" / "x.md")


def test_saving_records_outbox_entries_for_sync(db) -> None:
    with db.transaction() as s:
        lesson_id = create_lesson(s, LESSON).id
    with db.transaction() as s:
        tables = s.scalars(select(OutboxEntry.table_name).where(OutboxEntry.row_id.is_not(None))).all()
    assert tables.count("lessons") >= 1 and tables.count("lesson_versions") == 1
    assert lesson_id


STARTERS = Path(__file__).resolve().parents[2] / "lessons"


def test_an_imported_folder_is_recorded_for_sync_exactly_as_the_orm_would(db) -> None:
    import json

    from desktop.models.outbox import row_fields

    with db.transaction() as s:
        report = import_paths(s, [STARTERS])
    with db.session() as s:
        entries = s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
        raw = dict(s.execute(text("SELECT seq, fields FROM outbox")).all())
        rows = {r.id: r for r in [*s.scalars(select(Lesson)), *s.scalars(select(LessonVersion))]}
        assert [e.table_name for e in entries] == ["lessons"] * len(report.added) + ["lesson_versions"] * len(
            report.added
        )
        for entry in entries:
            row = rows[entry.row_id]
            assert entry.op == "insert" and entry.base_version == ""
            assert entry.version == row.updated_at and row.origin == db.device_id
            # the very JSON the flush hook would store: same values, same key order
            assert raw[entry.seq] == json.dumps(row_fields(row))
        stamps = [e.version for e in entries]
        assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
        versions = s.scalars(select(LessonVersion)).all()
        assert {(v.lesson_id, v.number) for v in versions} == {(i, 1) for i in report.added}
        for v in versions:
            assert rows[v.lesson_id].text == v.text and rows[v.lesson_id].current_version == 1


def test_an_import_rolled_back_after_storing_leaves_the_library_as_it_was(db) -> None:
    with db.transaction() as s:
        create_lesson(s, LESSON)
    before = counts(db)
    with pytest.raises(RuntimeError), db.transaction() as s:
        import_paths(s, [STARTERS])
        raise RuntimeError("the laptop was closed")
    assert counts(db) == before


def test_a_file_named_twice_is_imported_once(db, tmp_path: Path) -> None:
    f = tmp_path / "flyer.md"
    f.write_text(LESSON, encoding="utf-8")
    with db.transaction() as s:
        report = import_paths(s, [tmp_path, f])
    assert len(report.added) == 1 and counts(db)[:2] == (1, 1)


def test_importing_a_changed_folder_versions_only_the_changed_files(db, tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.md").write_text(LESSON.replace("salon-flyer", f"flyer-{name}"), encoding="utf-8")
    with db.transaction() as s:
        first = import_paths(s, [tmp_path])
    (tmp_path / "b.md").write_text(LESSON.replace("salon-flyer", "flyer-b").replace("hours", "prices"), "utf-8")
    (tmp_path / "d.md").write_text(LESSON.replace("salon-flyer", "flyer-d"), encoding="utf-8")
    with db.transaction() as s:
        again = import_paths(s, [tmp_path])
        assert again.unchanged == [first.added[0], first.added[2]] and again.updated == [first.added[1]]
        assert len(again.added) == 1
        assert [v.number for v in history(s, "flyer-b")] == [2, 1]
        assert "prices" in s.get(Lesson, first.added[1]).text


def test_a_stored_lesson_that_no_longer_reads_says_which_line_in_plain_words(db) -> None:
    with db.transaction() as s:
        lesson = create_lesson(s, LESSON)
        lesson.text = LESSON.replace('title: "A flyer for your salon"', 'title: "A flyer for your salon')
    with db.transaction() as s:
        detail = lesson_detail(s, "salon-flyer")
    assert detail.doc is None
    assert detail.problem == "Line 2: a quotation mark is never closed."


def test_a_real_episode_with_a_name_given_twice_is_imported_with_a_warning(db) -> None:
    """swcarpentry/shell-novice's _episodes/01-intro.md repeats keypoints: YAML keeps the last, and so do we."""
    path = FIXTURES / "styles-old" / "real" / "shell-novice-01-intro.md"
    with db.transaction() as s:
        report = import_paths(s, [path])
        assert [s.get(Lesson, i).title for i in report.added] == ["Introducing the Shell"]
    assert report.failed == []
    assert report.warning_lines() == [
        "shell-novice-01-intro.md — Line 17: “keypoints” is given twice (also on line 10); "
        "On-Ramp uses this one, the last. Delete the one you do not want."
    ]
    assert report.summary() == "Imported 1 lesson. 1 file has something to check."
