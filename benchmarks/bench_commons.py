"""commons: a laptop receiving the lesson commons through sync, on loopback, against the same sync without it.

(a) a laptop's first sync of a commons of 2,000 lessons (catalogue and usage), whole. Target <= 5 s;
    beside it, the same first sync without the commons step.
(b) a sync with nothing new in the commons, against the same sync without the commons step, interleaved
    in the same run. Target: the commons step adds <= 10 ms (medians).
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.bench_sync import Server
from benchmarks.harness import ROOT, Figure

LESSONS = 2_000
TITLES = ("Flyer as a web page", "Folleto de la peluquería", "网页传单", "Листівка для бібліотеки", "نشرة المركز")


def _fill_commons(engine, publisher: str) -> None:
    """``LESSONS`` published lessons of realistic size (the starter lessons' texts, a title of many scripts each)."""
    from hub import admin
    from hub import commons as C
    from hub.store import organisations, writing

    admin.create_org(engine, publisher)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "lessons").glob("*/*.md"))]
    with writing(engine) as conn:
        from sqlalchemy import select

        org_id = conn.execute(select(organisations.c.id).where(organisations.c.name == publisher)).scalar_one()
        for i in range(LESSONS):
            C.publish(
                conn,
                org_id,
                C.Draft(
                    lesson_id=f"bench-{i}",
                    title=f"{TITLES[i % len(TITLES)]} {i}",
                    level="beginner",
                    language=("en", "es", "zh", "uk", "ar")[i % 5],
                    minutes=30 + i % 60,
                    tags=["web", "money"][: 1 + i % 2],
                    text=texts[i % len(texts)],
                    licence=("CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0")[i % 3],
                    authors=[f"Author {i}", "Ana Ruiz"],
                ),
                consent_needed=False,
            )


def _laptop(folder: Path, url: str, code: str):
    from desktop.models import open_database
    from desktop.paths import database_path
    from desktop.sync.engine import enrol

    db = open_database(database_path(folder))
    enrol(db, url, code)
    return db


def run() -> list[Figure]:
    from desktop.sync.engine import sync_once
    from hub import admin
    from hub.store import open_store

    work = Path(tempfile.mkdtemp(prefix="onramp-bench-commons-"))
    server = Server(f"sqlite:///{work / 'hub.sqlite3'}")
    engine = open_store(server.database_url, migrate=False)
    try:
        _fill_commons(engine, "Publisher")
        admin.create_org(engine, "Reader")
        first: list[float] = []
        without: list[float] = []
        for i in range(3):  # fresh laptops: with the commons, and without it (the same sync otherwise)
            for commons, times in ((True, first), (False, without)):
                db = _laptop(work / f"first-{commons}-{i}", server.url, admin.make_enrol_code(engine, "Reader")[0])
                start = time.perf_counter()
                sync_once(db, commons=commons)
                times.append(time.perf_counter() - start)
                db.close()
        db = _laptop(work / "idle", server.url, admin.make_enrol_code(engine, "Reader")[0])
        sync_once(db)
        from desktop.commons.catalogue import browse

        with db.transaction() as s:
            received = len(browse(s))
        idle: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(3):  # warm
            sync_once(db), sync_once(db, commons=False)
        for _ in range(21):  # interleaved, so a busy moment hits both alike
            for commons in (True, False):
                start = time.perf_counter()
                report = sync_once(db, commons=commons)
                idle[commons].append(time.perf_counter() - start)
                assert report.pulled == 0 and not report.tables
        db.close()
    finally:
        engine.dispose()
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    t_first, t_without = statistics.median(first), statistics.median(without)
    t_idle, t_bare = statistics.median(idle[True]) * 1000, statistics.median(idle[False]) * 1000
    figures = [
        Figure(
            f"first sync of a commons of {LESSONS:,} lessons ({received:,} received)",
            t_first,
            "s",
            "the same first sync without the commons step",
            t_without,
            "<= 5 s",
            t_first <= 5 and received == LESSONS,
        ),
        Figure(
            "sync with nothing new in the commons",
            t_idle,
            "ms",
            "the same sync without the commons step",
            t_bare,
            "adds <= 10 ms",
            t_idle - t_bare <= 10,
        ),
    ]
    for f in figures:
        print(f"  {f.name}: {f.value:.3f} {f.unit} (vs {f.baseline:.3f}) {f.target} -> {f.ok}", flush=True)
    return figures
