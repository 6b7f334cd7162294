"""reports: the Reports page's numbers for five years of a busy chapter (50,000 people, 200,000
sign-ins, 40,000 exit cards), with several filters, against the same aggregates written by hand in
bare sqlite3 on the same file in the same run (each checked to give the very same numbers).

The chapter is built once and cached in build/bench-reports/. Figures: the median time of
``build_report`` per filter. Targets: <= 150 ms, and ratio <= 2.0 against the hand-written SQL.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from benchmarks.datasets import cached_database, row_meta
from benchmarks.harness import ROOT, Figure, median_time
from desktop.models import Database, ExitCard, Lesson, Participant, SignIn, TasterSession, Venue, open_database
from desktop.paths import database_path
from desktop.reports import Preset, Report, ReportFilter, build_report
from desktop.vocabulary import BARRIERS, PATHWAY_STAGES, RATINGS, SIGN_IN_SOURCES, WILL_RETURN

PEOPLE, SIGN_INS, EXIT_CARDS, VENUES, LESSONS, YEARS = 50_000, 200_000, 40_000, 40, 20, 5
TODAY = date(2026, 11, 20)
CACHE = ROOT / "build" / "bench-reports"


def busy_chapter(seed: int = 15) -> Path:
    """A data dir holding the busy chapter (built once: about a minute)."""
    return cached_database(CACHE / f"chapter-{PEOPLE}-{SIGN_INS}-{EXIT_CARDS}-{seed}", lambda db: _fill(db, seed))


def _fill(db: Database, seed: int) -> None:
    rng = random.Random(seed)
    meta = row_meta(db)
    first_day = datetime.combine(TODAY, datetime.min.time()) - timedelta(days=365 * YEARS)
    with db.transaction() as s:
        venues = [{**meta(), "name": f"Venue {i}", "offers": [], "languages": ["en"]} for i in range(VENUES)]
        s.execute(insert(Venue), venues)
        lessons = [{**meta(), "slug": f"lesson-{i}", "title": f"Lesson {i}", "tags": []} for i in range(LESSONS)]
        s.execute(insert(Lesson), lessons)
        # Each venue meets weekly on its own weekday: about 10,400 sessions over five years.
        sessions = [
            {
                **meta(),
                "venue_id": venue["id"],
                "title": "",
                "starts_at": first_day + timedelta(days=v % 7 + 7 * week, hours=10 + v % 9),
                "lesson_ids": [lessons[(v + week) % LESSONS]["id"]],
                "hosts": [],
                "helpers": [],
                "language": "es" if v % 5 == 0 else "en",
                "status": "closed",
            }
            for v, venue in enumerate(venues)
            for week in range(52 * YEARS)
        ]
        s.execute(insert(TasterSession), sessions)
        people = [
            {**meta(), "first_name": f"Person {i}", "languages": [], "never_pair_with": [], "search_key": f"person {i}"}
            for i in range(PEOPLE)
        ]
        for i, p in enumerate(people):  # a few the hosts moved up the ladder by hand
            p["stage"] = "host" if i % 997 == 0 else "co_host" if i % 331 == 0 else "newcomer"
        s.execute(insert(Participant), people)
        # Most people come once or twice; a few come every week: a skewed pick of person per sign-in.
        sign_ins = []
        for _ in range(SIGN_INS):
            person = people[int(PEOPLE * rng.random() ** 2)]
            sign_ins.append(
                {
                    **meta(),
                    "session_id": sessions[rng.randrange(len(sessions))]["id"],
                    "participant_id": person["id"] if rng.random() > 0.01 else None,
                    "source": rng.choices(SIGN_IN_SOURCES, (80, 15, 5))[0],
                    "as_helper": rng.random() < 0.03,
                    "voided": rng.random() < 0.01,
                    "signed_in_at": first_day,
                }
            )
        s.execute(insert(SignIn), sign_ins)
        cards = []
        for _ in range(EXIT_CARDS):
            ts = sessions[rng.randrange(len(sessions))]
            cards.append(
                {
                    **meta(),
                    "session_id": ts["id"],
                    "participant_id": people[rng.randrange(PEOPLE)]["id"] if rng.random() < 0.2 else None,
                    "rating": rng.choice(RATINGS),
                    "will_return": rng.choice(WILL_RETURN),
                    "barriers": [b for b in BARRIERS if rng.random() < 0.15],
                    "comment": f"Comment {rng.randrange(1000)}" if rng.random() < 0.3 else "",
                    "created_at": ts["starts_at"] + timedelta(hours=2),
                }
            )
        s.execute(insert(ExitCard), cards)


# The same numbers, written by hand in SQL ---------------------------------------------------------------


def _where(f: ReportFilter) -> tuple[str, list[object]]:
    """The filter as SQL on sessions ``ts`` (dates as SQLAlchemy stores them: ISO text)."""
    sql: list[str] = ["1"]
    args: list[object] = []
    if f.starts_from is not None:
        sql.append("ts.starts_at >= ?")
        args.append(f.starts_from.isoformat(" ", "microseconds"))
    if f.ends_before is not None:
        sql.append("ts.starts_at < ?")
        args.append(f.ends_before.isoformat(" ", "microseconds"))
    if f.venue_ids:
        sql.append(f"ts.venue_id IN ({','.join('?' * len(f.venue_ids))})")
        args += f.venue_ids
    if f.languages:
        sql.append(f"ts.language IN ({','.join('?' * len(f.languages))})")
        args += f.languages
    if f.lesson_ids:
        sql.append("(" + " OR ".join("ts.lesson_ids LIKE ?" for _ in f.lesson_ids) + ")")
        args += [f'%"{lesson}"%' for lesson in f.lesson_ids]
    return " AND ".join(sql), args


def bare_report(con: sqlite3.Connection, f: ReportFilter) -> dict[str, object]:
    where, args = _where(f)
    held, *sources = con.execute(
        "SELECT COUNT(DISTINCT si.session_id), "
        + ", ".join(f"COALESCE(SUM(si.source = '{s}'), 0)" for s in SIGN_IN_SOURCES)
        + " FROM sign_ins si JOIN sessions ts ON ts.id = si.session_id"
        f" WHERE si.voided = 0 AND si.deleted = 0 AND ts.deleted = 0 AND {where}",
        args,
    ).fetchone()
    end = [f.ends_before.isoformat(" ", "microseconds")] if f.ends_before else []
    ladder = ", ".join(f"COALESCE(SUM(stage = {i}), 0)" for i in range(len(PATHWAY_STAGES)))
    recorded = " ".join(f"WHEN '{name}' THEN {i}" for i, name in enumerate(PATHWAY_STAGES))
    people = con.execute(
        f"""
        WITH per AS (
          SELECT si.participant_id AS pid, MIN(ts.starts_at) AS first_at,
                 MIN(CASE WHEN {where} THEN ts.starts_at END) AS first_in,
                 COUNT(DISTINCT CASE WHEN {where} THEN si.session_id END) AS win,
                 COUNT(DISTINCT si.session_id) AS n,
                 COUNT(DISTINCT CASE WHEN si.as_helper THEN si.session_id END) AS helped
          FROM sign_ins si JOIN sessions ts ON ts.id = si.session_id
          WHERE si.voided = 0 AND si.deleted = 0 AND si.participant_id IS NOT NULL AND ts.deleted = 0
            {"AND ts.starts_at < ?" if end else ""}
            AND si.participant_id IN (
              SELECT si.participant_id FROM sign_ins si JOIN sessions ts ON ts.id = si.session_id
              WHERE si.voided = 0 AND si.deleted = 0 AND si.participant_id IS NOT NULL AND ts.deleted = 0
                AND {where})
          GROUP BY si.participant_id),
        staged AS (
          SELECT per.*, MAX(CASE WHEN helped >= 1 THEN 2 WHEN n >= 2 THEN 1 ELSE 0 END,
                            CASE p.stage {recorded} ELSE 0 END) AS stage
          FROM per LEFT JOIN participants p ON p.id = per.pid)
        SELECT COUNT(*), COALESCE(SUM(win), 0), COALESCE(SUM(first_in = first_at), 0),
               COALESCE(SUM(win >= 2 OR first_in > first_at), 0), {ladder}
        FROM staged
        """,
        [*args, *args, *end, *args],
    ).fetchone()
    card_counts = ", ".join(
        [f"COALESCE(SUM(ec.rating = {r}), 0)" for r in RATINGS]
        + [f"COALESCE(SUM(ec.will_return = '{w}'), 0)" for w in WILL_RETURN]
        + [f"COALESCE(SUM(ec.barriers LIKE '%\"{b}\"%'), 0)" for b in BARRIERS]
    )
    cards = con.execute(
        f"SELECT COUNT(*), {card_counts} FROM exit_cards ec JOIN sessions ts ON ts.id = ec.session_id"
        f" WHERE ec.deleted = 0 AND ts.deleted = 0 AND {where}",
        args,
    ).fetchone()
    remarks_total = con.execute(
        "SELECT COUNT(*) FROM exit_cards ec JOIN sessions ts ON ts.id = ec.session_id"
        f" WHERE ec.deleted = 0 AND ts.deleted = 0 AND {where} AND trim(ec.comment) != ''",
        args,
    ).fetchone()[0]
    remarks = con.execute(
        "SELECT ec.comment, ec.barriers LIKE '%\"other\"%', ec.created_at, ts.starts_at, ts.venue_id, ''"
        " FROM exit_cards ec JOIN sessions ts ON ts.id = ec.session_id"
        f" WHERE ec.deleted = 0 AND ts.deleted = 0 AND {where} AND trim(ec.comment) != ''"
        " ORDER BY ec.created_at DESC, ec.id DESC LIMIT 500",
        args,
    ).fetchall()
    return {
        "held": held,
        "sources": list(sources),
        "people": list(people),
        "cards": list(cards),
        "remarks": (remarks_total, [r[0].strip() for r in remarks]),
    }


def ours_as_bare(r: Report) -> dict[str, object]:
    return {
        "held": r.sessions_held,
        "sources": [r.headcount_by_source[s] for s in SIGN_IN_SOURCES],
        "people": [r.people, r.visits, r.first_timers, r.returners, *r.ladder.values()],
        "cards": [r.exit_cards, *r.ratings.values(), *r.will_return.values(), *r.barriers.values()],
        "remarks": (r.remarks_total, [m.text for m in r.remarks]),
    }


def run() -> list[Figure]:
    data_dir = busy_chapter()
    db = open_database(database_path(data_dir))
    con = sqlite3.connect(database_path(data_dir))
    try:
        with db.session() as s:
            venue, lesson = s.query(Venue.id).order_by(Venue.name).first(), s.query(Lesson.id).first()
        assert venue is not None and lesson is not None
        filters = {
            "all time": ReportFilter(),
            "last year": ReportFilter(date(2025, 1, 1), date(2025, 12, 31)),
            "one venue, last quarter": ReportFilter.preset(Preset.LAST_QUARTER, TODAY, venue_ids=[venue[0]]),
            "Spanish sessions, this year": ReportFilter.preset(Preset.THIS_YEAR, TODAY, languages=["es"]),
            "one lesson, all time": ReportFilter(lesson_ids=(lesson[0],)),
        }
        figures = []
        for label, f in filters.items():

            def ours(f: ReportFilter = f) -> Report:
                with db.session() as s:  # the page's DbRunner opens one session per load
                    return build_report(s, f)

            def bare(f: ReportFilter = f) -> dict[str, object]:
                return bare_report(con, f)

            assert ours_as_bare(ours()) == bare(), f"the report and the hand-written SQL disagree: {label}"
            t_ours, t_bare = _timed(ours), _timed(bare)
            figures.append(
                Figure(
                    f"Reports page numbers, {label}",
                    t_ours * 1000,
                    "ms",
                    "the same aggregates by hand in bare sqlite3",
                    t_bare * 1000,
                    "<= 150 ms and ratio <= 2.0",
                    t_ours * 1000 <= 150 and t_ours / t_bare <= 2.0,
                )
            )
        return figures
    finally:
        con.close()
        db.close()


def _timed(fn: Callable[[], object]) -> float:
    return median_time(fn, repeat=7, warmup=1)
