"""``onramp about``: the version and where On-Ramp keeps and finds its files."""

from __future__ import annotations

import json
from pathlib import Path

from desktop import __version__
from desktop.about import describe
from tests.helpers import ROOT, run_onramp


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
    assert facts.lessons.files == _count_files(ROOT / "lessons")
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
