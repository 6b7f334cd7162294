"""Which On-Ramp this is, and where it keeps and finds its files.

A host asking "where is my data?" gets the answer from ``onramp about``; a person
checking an installed copy sees at once whether the starter lessons, the handout
fonts and the translations came with it. Reading only: nothing is created here.
"""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from desktop import APP_NAME, __version__

# Where printed handouts find their embedded fonts, inside the desktop package.
HANDOUT_FONTS = ("handouts", "fonts")
FONT_SUFFIXES = frozenset({".ttf", ".otf"})


@dataclass(frozen=True)
class Folder:
    """A folder On-Ramp reads from, and how many of the files it looks for are there."""

    path: str
    files: int

    @property
    def found(self) -> bool:
        return self.files > 0


@dataclass(frozen=True)
class Installation:
    app: str
    version: str
    bundled: bool  # a PyInstaller bundle rather than a Python install
    data_dir: str
    database: str
    database_exists: bool
    lessons: Folder  # the starter lessons: the files "Add the starter lessons" adds, README left out
    handout_fonts: Folder
    migrations: Folder
    icons: Folder  # the window's icon (SVG and PNGs)
    languages: dict[str, int] = field(default_factory=dict)  # code -> catalogs found ("en" is built in)

    def as_dict(self) -> dict:
        return asdict(self)


def _count(folder: Path, keep) -> Folder:
    try:
        n = sum(1 for p in folder.rglob("*") if p.is_file() and keep(p))
    except OSError:
        n = 0
    return Folder(str(folder), n)


def handout_fonts_dir() -> Path:
    from desktop.paths import package_root

    return package_root().joinpath(*HANDOUT_FONTS)


def _starter_lessons(folder: Path) -> Folder:
    from desktop.lessons.library import starter_lesson_files

    try:
        return Folder(str(folder), len(starter_lesson_files(folder)) if folder.is_dir() else 0)
    except OSError:  # a lessons folder this user cannot read
        return Folder(str(folder), 0)


def describe(data_dir: Path) -> Installation:
    """What this copy of On-Ramp holds and where it would keep the host's data."""
    from desktop.i18n import LANGUAGES, LOCALE_DIR
    from desktop.models.migrations import SCRIPT_LOCATION
    from desktop.paths import bundled_lessons_dir, database_path, package_root

    db = database_path(data_dir)
    languages = {code: len(list((LOCALE_DIR / code / "LC_MESSAGES").glob("*.mo"))) for code in LANGUAGES}
    return Installation(
        app=APP_NAME,
        version=__version__,
        bundled=bool(getattr(sys, "frozen", False)),
        data_dir=str(data_dir),
        database=str(db),
        database_exists=db.is_file(),
        lessons=_starter_lessons(bundled_lessons_dir()),
        handout_fonts=_count(handout_fonts_dir(), lambda p: p.suffix.lower() in FONT_SUFFIXES),
        migrations=_count(SCRIPT_LOCATION / "versions", lambda p: p.suffix == ".py"),
        icons=_count(package_root() / "icons", lambda p: p.suffix in {".svg", ".png"}),
        languages=languages,
    )
