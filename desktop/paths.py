"""Where On-Ramp keeps its files.

The data directory comes from platformdirs, and can be overridden with
``--data-dir`` or ``ONRAMP_DATA_DIR`` (tests, portable installs, demo data).
"""

from __future__ import annotations

import os
from pathlib import Path

from desktop import APP_ID, ORG_NAME

ENV_DATA_DIR = "ONRAMP_DATA_DIR"
DB_FILENAME = "onramp.sqlite3"


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_ID, ORG_NAME))


def resolve_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: explicit override, then the environment, then the platform default."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


def data_dir_named(override: str | os.PathLike[str] | None = None) -> bool:
    """Whether the person chose the data folder (``--data-dir`` or the environment), not the platform."""
    return bool(override) or bool(os.environ.get(ENV_DATA_DIR))


def data_dir_problem(data_dir: Path) -> str | None:
    """Why ``data_dir`` cannot be the data folder, in one plain line: a file stands in its place, or above it."""
    from desktop.i18n import _

    for place in (data_dir, *data_dir.parents):
        if place.is_dir():
            return None
        if place.exists():
            if place == data_dir:
                return _(
                    "{folder} is a file, not a folder: On-Ramp keeps its data in a folder. Choose one with --data-dir."
                ).format(folder=data_dir)
            return _(
                "On-Ramp cannot keep its data in {folder}: {file} is a file, not a folder. "
                "Choose another folder with --data-dir."
            ).format(folder=data_dir, file=place)
    return None


def demo_data_dir(base: Path) -> Path:
    """The demo database lives beside the real one, never in it."""
    return base / "demo"


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_FILENAME


def backups_dir(data_dir: Path) -> Path:
    return data_dir / "backups"


def package_root() -> Path:
    """Folder holding the ``desktop`` package (works in a PyInstaller bundle too)."""
    return Path(__file__).resolve().parent


def bundled_lessons_dir() -> Path:
    """The starter lessons shipped with the app."""
    import sys

    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "lessons"
    return package_root().parent / "lessons"
