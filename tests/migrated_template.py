"""A migrated database made once per test run and copied for each test (migrating every time is slow)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.models import open_database
from desktop.paths import database_path


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "onramp.sqlite3"
    database = open_database(path)
    database.close()
    return path


@pytest.fixture
def db(data_dir: Path, migrated_template: Path):
    """A fresh, migrated database (a copy of the template) in this test's data folder."""
    target = database_path(data_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(migrated_template, target)
    database = open_database(target)
    yield database
    database.close()
