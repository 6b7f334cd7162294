"""Attacks on importing a Carpentries lesson into the commons: a zip that unpacks into far more than a lesson,
links that point outside the repository, files that are not UTF-8, and a great many episodes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from hub import commons_import as ci
from tests.hub.test_commons_import import WORKBENCH_EPISODE, workbench_lesson


def test_a_zip_that_would_unpack_into_more_than_a_lesson_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    chunk = b"a" * ci.MAX_BYTES  # each file just under the largest lesson: compresses to almost nothing
    count = ci.MAX_UNPACKED_BYTES // ci.MAX_BYTES + 2
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for n in range(count):
            archive.writestr(f"bomb-main/episodes/{n:03}.md", chunk)
    assert bomb.stat().st_size < ci.MAX_UNPACKED_BYTES // 20
    unpacked: list[Path] = []
    with pytest.raises(ci.ImportRefused, match="too large"), ci.opened(bomb) as folder:
        unpacked.append(folder)
    assert unpacked == []


def test_a_zip_of_a_real_sized_lesson_still_unpacks(tmp_path: Path) -> None:
    lesson = workbench_lesson(tmp_path)
    archive_path = tmp_path / "shell-novice-main.zip"
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(lesson.rglob("*")):
            if path.is_file():
                archive.write(path, f"shell-novice-main/{path.relative_to(lesson).as_posix()}")
    with ci.opened(archive_path) as folder:
        assert len(ci.read_lesson(folder, name="shell-novice-main").episodes) == 2


def test_a_folders_authors_file_linking_outside_the_lesson_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "hub-secrets.txt"
    secret.parent.mkdir()
    secret.write_text("DATABASE_PASSWORD hunter2\nAdmin Person\n", encoding="utf-8")
    lesson = workbench_lesson(tmp_path)
    (lesson / "CITATION.cff").unlink()
    (lesson / "AUTHORS").symlink_to(secret)
    with pytest.raises(ci.ImportRefused, match="authors"):
        ci.read_lesson(lesson)


def test_a_folders_episode_linking_outside_the_lesson_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside" / "private.md"
    outside.parent.mkdir()
    outside.write_text(WORKBENCH_EPISODE.format(title="Not for sharing: the hub's notes"), encoding="utf-8")
    lesson = workbench_lesson(tmp_path)
    (lesson / "episodes" / "03-private.md").symlink_to(outside)
    with pytest.raises(ci.ImportRefused, match="outside"):
        ci.read_lesson(lesson)


def test_an_episode_that_is_not_utf8_is_named_in_plain_words(tmp_path: Path) -> None:
    lesson = workbench_lesson(tmp_path)
    (lesson / "episodes" / "02-filedir.md").write_bytes(
        WORKBENCH_EPISODE.format(title="Café").encode("latin-1", errors="replace")
    )
    with pytest.raises(ci.ImportRefused, match=r"02-filedir\.md"):
        ci.read_lesson(lesson)
