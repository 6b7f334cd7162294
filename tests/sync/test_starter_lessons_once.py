"""The lessons shipped with On-Ramp are one set per organisation, however many laptops add them."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from desktop.i18n import current_language, set_language
from desktop.lessons.library import install_starter_lessons
from desktop.models import Lesson, LessonVersion
from desktop.paths import bundled_lessons_dir
from hub.store import organisations, rows
from tests.hubtools import hub_rows
from tests.sync.conftest import enrolled
from tests.sync.scenarios import open_conflicts

STARTERS = sorted(p for p in bundled_lessons_dir().rglob("*.md") if p.name.lower() != "readme.md")


def _install(laptop, folder: Path, language: str) -> None:
    """Add the starter lessons as a host would, from this laptop's own install, in its own language."""
    was = current_language()
    set_language(language)
    try:
        with laptop.db.transaction() as s:
            assert len(install_starter_lessons(s, folder).added) == len(STARTERS)
    finally:
        set_language(was)


def _slugs(laptop) -> Counter[str]:
    with laptop.db.transaction() as s:
        return Counter(s.scalars(select(Lesson.slug).where(Lesson.deleted.is_(False))))


def test_two_laptops_adding_the_starter_lessons_before_their_first_sync_share_one_copy_of_each(
    hub, org, laptops, tmp_path: Path
):
    a, b = enrolled(hub, org, laptops(2))
    # Each laptop has On-Ramp installed in its own place and shows its own language.
    for laptop, language in ((a, "en"), (b, "es")):
        folder = tmp_path / f"install-{laptop.name}" / "lessons"
        shutil.copytree(bundled_lessons_dir(), folder)
        _install(laptop, folder, language)

    a.sync(), b.sync(), a.sync(), b.sync()

    for laptop in (a, b):
        slugs = _slugs(laptop)
        assert len(slugs) == len(STARTERS)
        assert set(slugs.values()) == {1}, slugs
        with laptop.db.transaction() as s:
            assert len(s.scalars(select(LessonVersion.id)).all()) == len(STARTERS)
        assert open_conflicts(laptop) == []
    held = hub_rows(hub.engine, org)
    lessons = [data["slug"] for (table, _id), data in held.items() if table == "lessons"]
    versions = [data["lesson_id"] for (table, _id), data in held.items() if table == "lesson_versions"]
    assert Counter(lessons) == Counter(p.stem for p in STARTERS)
    assert len(versions) == len(STARTERS)
    with hub.engine.connect() as conn:
        org_id = conn.execute(select(organisations.c.id).where(organisations.c.name == org)).scalar_one()
        flagged = [
            (r.table_name, json.loads(r.conflicts))
            for r in conn.execute(select(rows).where(rows.c.org_id == org_id))
            if json.loads(r.conflicts)
        ]
    assert flagged == []
