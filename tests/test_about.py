"""``onramp about``: the version and where On-Ramp keeps and finds its files."""

from __future__ import annotations

import json
import re
from pathlib import Path

from desktop import __version__
from desktop.about import describe
from desktop.lessons.library import starter_lesson_files
from desktop.lessons.parse import parse_file
from tests.helpers import ROOT, run_onramp

NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
]


def _count_files(folder: Path, suffixes: set[str] | None = None) -> int:
    if not folder.is_dir():
        return 0
    return sum(
        1
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".") and (suffixes is None or p.suffix in suffixes)
    )


def test_about_points_at_the_lessons_fonts_and_catalogs_of_this_checkout(data_dir: Path) -> None:
    facts = describe(data_dir)
    assert facts.version == __version__
    assert not facts.bundled
    assert Path(facts.lessons.path) == ROOT / "lessons"
    lesson_files = [p for p in (ROOT / "lessons").rglob("*.md") if p.name != "README.md"]
    assert facts.lessons.files == len(lesson_files)  # lessons, not every file (the folder's README is none)
    assert Path(facts.handout_fonts.path) == ROOT / "desktop" / "handouts" / "fonts"
    assert facts.handout_fonts.files == _count_files(ROOT / "desktop" / "handouts" / "fonts", {".ttf", ".otf"})
    assert facts.migrations.files == _count_files(ROOT / "desktop" / "models" / "migrations" / "versions", {".py"})
    assert facts.migrations.files >= 1
    assert Path(facts.icons.path) == ROOT / "desktop" / "icons"
    assert facts.icons.files == 3  # the SVG and two PNGs
    assert facts.languages["es"] == _count_files(ROOT / "desktop" / "locale" / "es", {".mo"}) >= 1


def test_about_creates_nothing_and_says_the_database_is_not_there_yet(data_dir: Path) -> None:
    facts = describe(data_dir)
    assert facts.data_dir == str(data_dir)
    assert not facts.database_exists
    assert not data_dir.exists()


def test_about_sees_the_database_once_it_exists(db, data_dir: Path) -> None:
    assert describe(data_dir).database_exists


def test_about_command_prints_json_a_program_can_read(data_dir: Path) -> None:
    proc = run_onramp("about", "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    facts = json.loads(proc.stdout)
    assert facts["version"] == __version__
    assert facts["data_dir"] == str(data_dir)
    assert facts["bundled"] is False


def test_about_command_speaks_the_language_asked_for(data_dir: Path) -> None:
    english = run_onramp("about", data_dir=data_dir)
    spanish = run_onramp("--language", "es", "about", data_dir=data_dir)
    assert english.returncode == spanish.returncode == 0
    assert "Data folder:" in english.stdout
    assert "(not created yet)" in english.stdout
    assert "Carpeta de datos:" in spanish.stdout
    assert "(todavía no se ha creado)" in spanish.stdout


def test_the_readme_and_onramp_about_give_the_number_of_starter_lessons_shipped(data_dir: Path) -> None:
    shipped = starter_lesson_files()
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    said = re.search(r"(\w+) starter lessons ship with the app, (\w+) in Spanish", readme)
    assert said is not None
    total, spanish = (NUMBER_WORDS.index(word.lower()) for word in said.groups())
    assert total == len(shipped)
    assert spanish == sum(1 for p in shipped if parse_file(p).meta.language == "es")
    assert f"**Add the {total} starter lessons**" in readme  # the button's words, as the README quotes them

    about = run_onramp("about", data_dir=data_dir)
    assert about.returncode == 0, about.stderr
    line = next(line for line in about.stdout.splitlines() if line.startswith("Starter lessons:"))
    assert line.split()[2:4] == [str(total), "lessons"]
