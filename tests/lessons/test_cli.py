"""``onramp lessons …`` run as a person would, in a subprocess of this checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import ROOT, run_onramp

FIXTURES = Path(__file__).parent / "fixtures"


def test_check_passes_the_starter_lessons_and_fails_bad_files_with_file_and_line(tmp_path: Path) -> None:
    good = run_onramp("lessons", "check", str(ROOT / "lessons"), data_dir=tmp_path)
    assert good.returncode == 0, good.stdout + good.stderr
    assert good.stdout.count(": ok") >= 11

    bad = run_onramp("lessons", "check", str(FIXTURES / "bad"), str(FIXTURES / "workbench"), data_dir=tmp_path)
    assert bad.returncode == 1
    assert f"{FIXTURES / 'bad' / 'unclosed-div.md'}: Line 9: " in bad.stdout
    assert f"{FIXTURES / 'bad' / 'latin1.md'}: Line 2: " in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr
    assert "introduction.md: ok" in bad.stdout


@pytest.mark.slow
def test_import_list_and_export_round_trip(tmp_path: Path) -> None:
    data = tmp_path / "data"
    imported = run_onramp("lessons", "import", str(FIXTURES / "styles-old" / "_episodes"), data_dir=data)
    assert imported.returncode == 0, imported.stderr
    assert "3 added" in imported.stdout

    listed = run_onramp("lessons", "list", data_dir=data)
    assert "styles-old-01-intro" in listed.stdout and "Shell Scripts" in listed.stdout

    out = tmp_path / "intro.md"
    exported = run_onramp("lessons", "export", "styles-old-01-intro", "--out", str(out), data_dir=data)
    assert exported.returncode == 0, exported.stderr
    assert out.read_text(encoding="utf-8") == (FIXTURES / "styles-old" / "_episodes" / "01-intro.md").read_text(
        encoding="utf-8"
    )


def test_an_import_with_bad_files_imports_the_good_ones_and_prints_one_line_per_bad_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    no_title, unclosed = FIXTURES / "bad" / "no-title.md", FIXTURES / "bad" / "unclosed-div.md"
    result = run_onramp("lessons", "import", str(FIXTURES / "workbench"), str(no_title), str(unclosed), data_dir=data)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{no_title}: Line 1: this lesson has no title: add a line such as title: Your first Python program "
        "between the two --- lines.",
        f"{unclosed}: Line 9: this “::: challenge” is never closed: add a line ::: where it ends.",
    ]
    assert "Imported 3 lessons; 2 files could not be read." in result.stdout
    listed = run_onramp("lessons", "list", data_dir=data)
    assert "Loops" in listed.stdout and "Unclosed" not in listed.stdout


def test_export_of_an_unknown_lesson_says_so(tmp_path: Path) -> None:
    result = run_onramp("lessons", "export", "no-such", "--out", str(tmp_path / "x.md"), data_dir=tmp_path / "d")
    assert result.returncode == 1
    assert "There is no lesson no-such" in result.stderr


def test_an_import_of_a_file_with_something_to_check_imports_it_and_prints_what_to_check(tmp_path: Path) -> None:
    episode = FIXTURES / "styles-old" / "real" / "shell-novice-01-intro.md"
    result = run_onramp("lessons", "import", str(episode), data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert "1 file has something to check." in result.stdout
    assert f"{episode.name} — Line " in result.stdout and "keypoints" in result.stdout
