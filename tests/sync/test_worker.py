"""The background worker: syncs when the hub answers, backs off with jitter when it does not."""

from __future__ import annotations

import random
import threading

from desktop.sync.engine import default_client
from desktop.sync.worker import NOT_ENROLLED, OFFLINE, SYNCED, SYNCING, SyncWorker, backoff_delay
from tests.helpers import wait_until
from tests.sync.conftest import enrolled
from tests.sync.faultproxy import FaultProxy
from tests.sync.scenarios import add_venue, outbox


def test_backoff_grows_to_a_cap_and_is_jittered():
    rng = random.Random(1)
    delays = [backoff_delay(n, rng, base=5, cap=300) for n in range(1, 12)]
    assert all(2.5 <= d <= 300 for d in delays)
    assert delays[-1] >= 150  # reached the cap's range
    same_failures = {round(backoff_delay(4, rng), 3) for _ in range(20)}
    assert len(same_failures) > 10  # laptops that failed together do not retry together


def test_the_worker_reports_offline_then_syncs_when_the_hub_answers(hub, org, laptops):
    (laptop,) = enrolled(hub, org, laptops(1))
    proxy = FaultProxy(hub.port, plan=lambda _m, _p: "drop")
    laptop.point_at(proxy.url)
    add_venue(laptop, "Eastside Branch Library")
    states: list[str] = []
    lock = threading.Lock()

    def on_status(status):
        with lock:
            states.append(status.state)

    worker = SyncWorker(laptop.db, on_status, interval=0.2, rng=random.Random(3))
    worker_delays = []
    original = worker.run_round

    def quick_round():
        delay = original()
        worker_delays.append(delay)
        return min(delay, 0.2)  # keep the test fast; the real delay is checked below

    worker.run_round = quick_round
    try:
        worker.start()
        assert wait_until(lambda: states.count(OFFLINE) >= 2, 20)
        assert worker_delays[0] >= 2.5  # a real laptop would wait seconds, not spin
        proxy.plan = lambda _m, _p: "pass"
        worker.sync_now()
        assert wait_until(lambda: SYNCED in states, 20)
    finally:
        worker.stop()
        proxy.stop()
    assert states[0] == SYNCING
    assert outbox(laptop) == []


def test_an_unenrolled_laptop_waits_quietly(laptops):
    (laptop,) = laptops(1)
    states: list[str] = []
    worker = SyncWorker(laptop.db, lambda s: states.append(s.state), interval=0.05)
    worker.start()
    try:
        assert wait_until(lambda: NOT_ENROLLED in states, 10)
    finally:
        worker.stop()
    assert states.count(NOT_ENROLLED) == 1  # not retried every interval


def test_a_round_that_outlives_stop_reports_nothing_to_a_window_that_is_gone(hub, org, laptops):
    (laptop,) = enrolled(hub, org, laptops(1))
    in_round, release = threading.Event(), threading.Event()

    def slow_client(url, token):
        in_round.set()
        release.wait(10)  # the hub is slow to answer at closing time
        return default_client(url, token)

    states: list[str] = []
    worker = SyncWorker(laptop.db, lambda s: states.append(s.state), client_factory=slow_client)
    worker.start()
    thread = worker._thread
    assert in_round.wait(10)
    worker.stop(timeout=0.05)  # closing does not wait for the hub
    release.set()
    assert thread is not None
    thread.join(10)
    assert not thread.is_alive()
    assert states == [SYNCING], "nothing after stop: the round's outcome has no window to go to"
