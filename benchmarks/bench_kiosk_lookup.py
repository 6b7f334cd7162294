"""kiosk_lookup: keystroke to results on 50,000 participants, as the kiosk asks (one session per keystroke).

Each query is a person typing a name (or the last digits of a phone) one key
at a time; every keystroke from the second character on is one lookup.

Each keystroke is timed three times and its fastest time kept (as ``timeit``
advises: slower repeats measure other programs, not this code); the target
figure is the p95 of those over all keystrokes. The raw p95 of single shots is
reported beside it, with no target, so machine noise stays visible. The floor
is a bare sqlite3 indexed prefix query on the same file.
Target: p95 <= 5 ms.
"""

from __future__ import annotations

import random
import sqlite3
import time

from benchmarks.datasets import big_database
from benchmarks.harness import Figure, percentile
from desktop.demo import FIRST_LAST
from desktop.models import open_database
from desktop.paths import database_path
from desktop.signin.lookup import find_returning

TYPED = 300  # people typed, a keystroke at a time
REPEATS = 3


def _queries(rng: random.Random) -> list[str]:
    out = []
    for _ in range(TYPED):
        first, last = rng.choice(FIRST_LAST)
        word = rng.choice([first, last or first, f"{first} {last}".strip()])
        if rng.random() < 0.2:
            word = f"{rng.randint(0, 9999):04d}"
        for n in range(2, min(len(word), 8) + 1):
            out.append(word[:n])
    return out


def run() -> list[Figure]:
    data_dir = big_database()
    db = open_database(database_path(data_dir))
    queries = _queries(random.Random(3))
    best, single = [], []
    found = 0
    try:
        for q in queries[:50]:  # warm the page cache
            with db.session() as s:
                find_returning(s, q)
        for q in queries:
            shots = []
            for _ in range(REPEATS):
                start = time.perf_counter()
                with db.session() as s:  # the kiosk's DbRunner opens one session per lookup
                    result = find_returning(s, q)
                shots.append(time.perf_counter() - start)
            single.append(shots[0])
            best.append(min(shots))
            found += bool(result.matches)
    finally:
        db.close()

    conn = sqlite3.connect(database_path(data_dir))
    floor = []
    for q in queries:
        shots = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            conn.execute(
                "SELECT id, first_name, last_name FROM participants WHERE search_key >= ? AND search_key < ? LIMIT 6",
                (q.lower(), q.lower() + "\uffff"),
            ).fetchall()
            shots.append(time.perf_counter() - start)
        floor.append(min(shots))
    conn.close()
    p95 = percentile(best, 95) * 1000
    print(f"  {len(queries)} keystrokes, {found} with matches; median {percentile(best, 50) * 1000:.3f} ms")
    return [
        Figure(
            "kiosk lookup p95 (50k people)",
            p95,
            "ms",
            "bare sqlite3 indexed prefix query on search_key, same file",
            percentile(floor, 95) * 1000,
            "value <= 5 ms",
            p95 <= 5.0,
        ),
        Figure(
            "kiosk lookup p95, single shots (machine noise included)",
            percentile(single, 95) * 1000,
            "ms",
            "the same, fastest of 3",
            p95,
        ),
    ]
