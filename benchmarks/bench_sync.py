"""sync: the hub and laptop sync on loopback, each figure against a floor measured in the same run.

(a) push + pull of 10,000 changed records, against POSTing the very same request and response
    bytes, in the same number of requests, to a do-nothing route of the same server (the floor,
    reported beside it). Target <= 1 s.
(b) a sync with nothing to do on a laptop and hub holding 100,000 records, against the same at
    1,000 records. Target ratio <= 1.2.
(c) 50 laptops with 200 new records each, syncing at once against a hub on PostgreSQL (2 worker
    processes): every laptop converges; p95 of a round trip (one push batch or one pull page) <= 1 s;
    sustained throughput in records the hub applied per second, beside ODK Central's soak target.
    The simulated laptops run at a lower CPU priority than the hub and PostgreSQL (deployed, each
    is a machine of its own); the same fleet at equal priority is reported beside it.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import httpx

from benchmarks.harness import ROOT, Figure, percentile

RECORDS = 10_000


# The server: the hub, plus a route that only reads the body (the floor) -------------------------------


def make_bench_app():
    """uvicorn factory: the hub as served, plus /bench/sink which reads the body and answers N bytes."""
    from fastapi import Request
    from fastapi.responses import Response

    from hub.app import create_app, wrap
    from hub.config import Limits, database_url
    from hub.store import open_store

    limits = Limits(max_body_bytes=64 * 1024 * 1024)
    app = create_app(open_store(database_url(), migrate=False), limits)

    @app.post("/bench/sink")
    async def sink(request: Request, answer: int = 2) -> Response:
        await request.body()
        return Response(b"x" * answer, media_type="application/json")

    return wrap(app, limits)


class Server:
    def __init__(self, database_url: str, workers: int = 1) -> None:
        from hub.store import open_store
        from tools.local_servers import free_port, wait_for_health

        open_store(database_url).dispose()  # migrate once
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "ONRAMP_HUB_DATABASE_URL": database_url}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "benchmarks.bench_sync:make_bench_app",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_health(self.url, self.proc)
        self.database_url = database_url

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(20)


@dataclass
class Exchange:
    request: bytes
    answer: int = 0  # bytes of the answer, still coded, counted as they arrive


class Recorder(httpx.HTTPTransport):
    """Keeps the bytes of every exchange as they crossed the wire (still content-coded), so the floor
    can replay exactly them."""

    def __init__(self) -> None:
        super().__init__()
        self.exchanges: list[Exchange] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        exchange = Exchange(request.content)
        self.exchanges.append(exchange)

        class Counted(httpx.SyncByteStream):
            """The answer handed on as it arrives (a page's head reaches the client before its body, as
            without the recorder), its bytes counted still coded."""

            def __iter__(self):
                for chunk in response.stream:
                    exchange.answer += len(chunk)
                    yield chunk

            def close(self) -> None:
                response.close()

        return httpx.Response(response.status_code, headers=response.headers, stream=Counted())


# Laptops ---------------------------------------------------------------------------------------------------


def _laptop_with_changes(folder: Path, n: int) -> Path:
    """A laptop database with ``n`` new people waiting in its outbox (made once, then copied)."""
    from desktop.models import Participant, open_database
    from desktop.paths import database_path

    db = open_database(database_path(folder))
    names = ["José", "Nguyễn Thị Hoa", "Zoë", "Siobhán", "王芳", "Олена", "محمد", "Keisha"]
    with db.transaction() as s:
        s.add_all(
            Participant(
                first_name=names[i % len(names)],
                last_name=f"Family {i}",
                phone=f"555-{i:04d}",
                languages=["en", "es"],
                notes="Came with a friend",
            )
            for i in range(n)
        )
    db.close()
    return folder


def _enrolled_copy(template: Path, folder: Path, url: str, code: str):
    from desktop.models import open_database
    from desktop.paths import database_path
    from desktop.sync.engine import enrol

    shutil.copytree(template, folder)
    db = open_database(database_path(folder))
    enrol(db, url, code)
    return db


def _client_factory(recorder: Recorder):
    from desktop.sync.client import HubClient

    return lambda url, token: HubClient(url, token, transport=recorder)


# (a) --------------------------------------------------------------------------------------------------------


def bench_transfer(work: Path) -> list[Figure]:
    from desktop.sync.engine import pull_all, push_pending
    from hub import admin
    from hub.store import open_store

    server = Server(f"sqlite:///{work / 'hub-a.sqlite3'}")
    engine = open_store(server.database_url, migrate=False)
    template = _laptop_with_changes(work / "template-a", RECORDS)
    ours, floors = [], []
    try:
        for round_no in range(4):  # the first round warms up and is not counted
            org = f"Transfer {round_no}"
            admin.create_org(engine, org)
            writer = _enrolled_copy(
                template, work / f"a-writer-{round_no}", server.url, admin.make_enrol_code(engine, org)[0]
            )
            reader = _enrolled_copy(
                work / "template-a-empty"
                if (work / "template-a-empty").exists()
                else _empty(work / "template-a-empty"),
                work / f"a-reader-{round_no}",
                server.url,
                admin.make_enrol_code(engine, org)[0],
            )
            recorder = Recorder()
            from desktop.models import SyncState
            from desktop.sync.client import HubClient

            def client(db, recorder=recorder):
                with db.transaction() as s:
                    state = s.get(SyncState, 1)
                    return HubClient(state.hub_url, state.device_token, transport=recorder)

            start = time.perf_counter()
            with client(writer) as c:
                pushed = push_pending(writer, c)
            with client(reader) as c:
                pulled = pull_all(reader, c)
            elapsed = time.perf_counter() - start
            assert pushed.pushed == RECORDS and pulled.pulled == RECORDS, (pushed, pulled)
            floor = _replay(server.url, recorder.exchanges)
            writer.close()
            reader.close()
            if round_no:
                ours.append(elapsed)
                floors.append(floor)
    finally:
        engine.dispose()
        server.stop()
    t, f = statistics.median(ours), statistics.median(floors)
    return [
        Figure(
            "push + pull of 10,000 changed records",
            t * 1000,
            "ms",
            "POSTing the same bytes to a do-nothing route of the same server",
            f * 1000,
            "<= 1 s (the floor beside it)",
            t <= 1.0,
        )
    ]


def _empty(folder: Path) -> Path:
    from desktop.models import open_database
    from desktop.paths import database_path

    open_database(database_path(folder)).close()
    return folder


def _replay(url: str, exchanges: list[Exchange]) -> float:
    """Send the same request bytes, and get the same number of bytes back, as the sync did."""
    with httpx.Client(base_url=url, timeout=60) as http:
        start = time.perf_counter()
        for exchange in exchanges:
            http.post(
                "/bench/sink",
                params={"answer": exchange.answer},
                content=exchange.request,
                headers={"Content-Type": "application/json"},
            ).read()
        return time.perf_counter() - start


# (b) --------------------------------------------------------------------------------------------------------


def _synced_pair(work: Path, engine, server: Server, n: int):
    """A laptop and its organisation on the hub, both holding the same ``n`` records, fully synced."""
    from sqlalchemy import insert, select, update

    from desktop.models import Participant
    from desktop.sync import protocol as P
    from hub import admin
    from hub.store import organisations, rows

    org = f"Idle {n}"
    admin.create_org(engine, org)
    db = _enrolled_copy(
        _empty(work / f"idle-template-{n}"), work / f"idle-{n}", server.url, admin.make_enrol_code(engine, org)[0]
    )
    now = datetime(2026, 1, 1)
    people, hub_rows = [], []
    for i in range(n):
        row_id = f"00000000-0000-4000-8000-{i:012d}"
        version = P.hub_version(f"{1767225600000 + i:013d}-000000-bench", i + 1)
        fields = {"first_name": f"Person {i}", "last_name": "", "created_at": now.isoformat(), "deleted": False}
        people.append(
            {
                "id": row_id,
                "updated_at": version,
                "origin": "bench",
                "deleted": False,
                "first_name": f"Person {i}",
                "created_at": now,
            }
        )
        hub_rows.append(
            {
                "table_name": "participants",
                "row_id": row_id,
                "seq": i + 1,
                "version": version,
                "origin": "bench",
                "complete": True,
                "data": json.dumps(fields),
                "meta": "{}",
                "conflicts": "[]",
            }
        )
    with engine.begin() as conn:
        org_id = conn.execute(select(organisations.c.id).where(organisations.c.name == org)).scalar_one()
        conn.execute(insert(rows), [{**r, "org_id": org_id} for r in hub_rows])
        conn.execute(update(organisations).where(organisations.c.id == org_id).values(last_seq=n))
    with db.transaction() as s:
        s.execute(insert(Participant), people)
    from desktop.sync.engine import sync_once

    sync_once(db)  # brings the cursor up to date
    return db


def bench_idle(work: Path) -> list[Figure]:
    from desktop.sync.engine import sync_once
    from hub.store import open_store

    server = Server(f"sqlite:///{work / 'hub-b.sqlite3'}")
    engine = open_store(server.database_url, migrate=False)
    try:
        small = _synced_pair(work, engine, server, 1_000)
        large = _synced_pair(work, engine, server, 100_000)
        times: dict[str, list[float]] = {"small": [], "large": []}
        for _ in range(3):  # warm
            sync_once(small), sync_once(large)
        for _ in range(15):  # interleaved, so a busy moment hits both alike
            for name, db in (("small", small), ("large", large)):
                start = time.perf_counter()
                report = sync_once(db)
                times[name].append(time.perf_counter() - start)
                assert report.pulled == 0 and report.pushed == 0
        small.close(), large.close()
    finally:
        engine.dispose()
        server.stop()
    t_small, t_large = statistics.median(times["small"]), statistics.median(times["large"])
    return [
        Figure(
            "sync with nothing to do, 100,000 records",
            t_large * 1000,
            "ms",
            "the same at 1,000 records",
            t_small * 1000,
            "ratio <= 1.2",
            t_large / t_small <= 1.2,
        )
    ]


# (c) --------------------------------------------------------------------------------------------------------

FLEET = 50
EACH = 200
PROCESSES = 5


# The fifty laptops are simulated on the hub's own two cores. Deployed, each runs on its own machine:
# at a lower priority here, they take the CPU the hub and PostgreSQL leave, as a load generator should.
# The same fleet at the hub's own priority is measured too and reported beside it.
LAPTOPS_NICENESS = 10

_ready = None  # set: every laptop of the fleet is set up, start syncing
_set_up = None  # each member puts its folder here once its laptops are set up (or failed to be)


def _init_fleet(ready, set_up, niceness: int) -> None:
    global _ready, _set_up
    _ready, _set_up = ready, set_up
    os.nice(niceness)


def _fleet_member(
    args: tuple[str, str, list[str], int],
) -> tuple[list[tuple[float, str]], list[float], int, int, list[tuple[float, int]]]:
    """Run in a worker process: several laptops, each in its own thread, syncing until all converge."""
    from concurrent.futures import ThreadPoolExecutor

    from desktop.models import Participant, open_database
    from desktop.sync.client import HubClient
    from desktop.sync.engine import sync_once

    url, folder, codes, expected = args
    ready, set_up = _ready, _set_up
    assert ready is not None and set_up is not None, "set by _init_fleet"
    from desktop.sync.client import HubError

    latencies: list[tuple[float, str]] = []  # (seconds, "POST" for a push batch or "GET" for a pull page)
    rounds: list[float] = []
    failures: list[int] = []
    applied: list[tuple[float, int]] = []  # (wall clock when a push was answered, records it applied)

    class Timed(httpx.HTTPTransport):
        def handle_request(self, request):
            start = time.perf_counter()
            response = super().handle_request(request)
            response.read()
            latencies.append((time.perf_counter() - start, request.method))
            if request.method == "POST" and request.url.path == "/v1/sync/push" and response.status_code == 200:
                results = json.loads(response.content)["results"]
                applied.append((time.time(), sum(r["status"] in ("applied", "conflict") for r in results)))
            return response

    def factory(u, token):
        return HubClient(u, token, transport=Timed())  # the client closes its transport when done

    from desktop.paths import database_path
    from desktop.sync.engine import enrol

    # Opened one after another: migrations (Alembic) are not meant to run in several threads at once.
    dbs = []
    try:
        for index, code in enumerate(codes):
            db = open_database(database_path(Path(folder) / f"laptop-{index}"))
            enrol(db, url, code)
            with db.transaction() as s:
                s.add_all(Participant(first_name=f"Person {index}-{i}", phone=f"555-{i:04d}") for i in range(EACH))
            dbs.append(db)
    finally:
        set_up.put(folder)  # a failure surfaces through this member's future
    ready.wait()

    def laptop(index: int) -> int:
        db = dbs[index]
        have = 0
        for _ in range(200):
            start = time.perf_counter()
            try:
                sync_once(db, factory)
            except HubError:
                failures.append(1)  # counted; the laptop tries again, as the worker would
            rounds.append(time.perf_counter() - start)
            with db.transaction() as s:
                have = s.query(Participant).count()
            if have >= expected:
                break
            time.sleep(0.2)
        db.close()
        return have

    with ThreadPoolExecutor(len(codes)) as pool:
        counts = list(pool.map(laptop, range(len(codes))))
    return latencies, rounds, min(counts), len(failures), applied


class PgUnavailable(Exception):
    """PostgreSQL cannot be started here."""


class FleetRun(NamedTuple):
    latencies: list[float]  # every push batch and pull page, in seconds
    pushes: list[float]
    pulls: list[float]
    rounds: list[float]
    failed_rounds: int
    converged: bool
    total: float  # from the start until every laptop had converged
    records: int  # records the hub applied
    applying: float  # from the start until the last was applied


def _run_fleet(work: Path, niceness: int) -> FleetRun:
    """Fifty laptops of one organisation, set up, then all syncing at once until each holds every record."""
    from hub import admin
    from hub.store import open_store
    from tools.local_servers import PgCluster

    try:
        cluster = PgCluster()
    except Exception as exc:  # no PostgreSQL on this machine: the figure says so; any other failure is raised
        raise PgUnavailable(str(exc)) from exc
    server = None
    try:
        url = cluster.new_database()
        server = Server(url, workers=2)
        engine = open_store(url, migrate=False)
        admin.create_org(engine, "Fleet")
        codes = [admin.make_enrol_code(engine, "Fleet")[0] for _ in range(FLEET)]
        engine.dispose()
        per = FLEET // PROCESSES
        jobs = [
            (server.url, str(work / f"fleet-{niceness}-{p}"), codes[p * per : (p + 1) * per], FLEET * EACH)
            for p in range(PROCESSES)
        ]
        import multiprocessing

        manager = multiprocessing.Manager()
        go, set_up = manager.Event(), manager.Queue()
        with ProcessPoolExecutor(PROCESSES, initializer=_init_fleet, initargs=(go, set_up, niceness)) as pool:
            futures = [pool.submit(_fleet_member, job) for job in jobs]
            for _job in jobs:
                set_up.get(timeout=600)
            start = time.perf_counter()  # every laptop is set up: they all start syncing now
            started = time.time()  # the same moment on the clock the members stamp pushes with
            go.set()
            results = [f.result() for f in futures]
        total = time.perf_counter() - start
        manager.shutdown()
    finally:
        if server is not None:
            server.stop()
        cluster.stop()
    exchanges = [x for r in results for x in r[0]]
    pushed = [x for r in results for x in r[4]]
    return FleetRun(
        latencies=[seconds for seconds, _method in exchanges],
        pushes=[seconds for seconds, method in exchanges if method == "POST"],
        pulls=[seconds for seconds, method in exchanges if method == "GET"],
        rounds=[x for r in results for x in r[1]],
        failed_rounds=sum(r[3] for r in results),
        converged=all(r[2] == FLEET * EACH for r in results),
        total=total,
        records=sum(n for _when, n in pushed),
        # Sustained throughput runs from the start until the last record was applied.
        applying=max((when for when, _n in pushed), default=started) - started,
    )


def _described(run: FleetRun) -> str:
    return (
        f"{len(run.rounds)} sync rounds ({run.failed_rounds} failed and retried), median round "
        f"{statistics.median(run.rounds):.2f} s, p95 round {percentile(run.rounds, 95):.2f} s; p95 of "
        f"{len(run.pushes)} push batches {percentile(run.pushes, 95):.2f} s, of {len(run.pulls)} pull pages "
        f"{percentile(run.pulls, 95):.2f} s"
    )


def bench_fleet(work: Path) -> list[Figure]:
    try:
        run = _run_fleet(work, LAPTOPS_NICENESS)
        shared = _run_fleet(work, 0)
    except PgUnavailable as exc:
        return [
            Figure(
                "50 laptops x 200 records on PostgreSQL",
                float("nan"),
                "s",
                f"not measured: PostgreSQL unavailable ({exc})",
                None,
                "p95 round <= 1 s",
                None,
            )
        ]
    p95 = percentile(run.latencies, 95)
    per_second = run.records / run.applying if run.applying > 0 else float("nan")
    shared_p95 = percentile(shared.latencies, 95)
    return [
        Figure(
            "50 laptops x 200 records on PostgreSQL: p95 round trip",
            p95 * 1000,
            "ms",
            "target: one push batch or pull page within 1 s (the simulated laptops at a lower CPU priority "
            "than the hub and PostgreSQL, as on machines of their own)",
            1000.0,
            "p95 <= 1 s, all converge",
            p95 <= 1.0 and run.converged,
        ),
        Figure(
            "50 laptops x 200 records: time until all converge",
            run.total,
            "s",
            _described(run),
            None,
            "all converge",
            run.converged,
        ),
        Figure(
            "50 laptops x 200 records: records applied per second",
            per_second,
            "records/s",
            f"ODK Central's published soak target, 50 submissions/s (for 30 s at 100% success); {run.records} "
            f"records applied in {run.applying:.2f} s",
            50.0,
            ">= 50/s, every record applied",
            per_second >= 50 and run.records == FLEET * EACH,
        ),
        Figure(
            "50 laptops x 200 records, the laptops sharing the hub's CPU at its own priority: p95 round trip",
            shared_p95 * 1000,
            "ms",
            f"reported beside the figure above; all converge in {shared.total:.1f} s: {_described(shared)}; "
            f"{shared.records / shared.applying if shared.applying > 0 else float('nan'):.0f} records/s",
            None,
            "reported",
            shared.converged,
        ),
    ]


def run() -> list[Figure]:
    work = Path(tempfile.mkdtemp(prefix="onramp-bench-sync-"))
    try:
        figures = []
        only = os.environ.get("ONRAMP_BENCH_SYNC_ONLY")  # "fleet" or "transfer": while working on one part
        if only in (None, "transfer"):
            figures += bench_transfer(work)
        if only is None:
            figures += bench_idle(work)
        if only in (None, "fleet"):
            figures += bench_fleet(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in figures:
        print(f"  {f.name}: {f.value:.1f} {f.unit} (vs {f.baseline}) {f.target} -> {f.ok}", flush=True)
    return figures
