"""A hub process works out only a few pushes at the same moment; the rest wait their turn.

Fifty laptops pushing at once would otherwise share one process's interpreter fifty ways, and each
push would hold its claim of sequence numbers (which pulls wait below) fifty times as long.
"""

from __future__ import annotations

import threading
from pathlib import Path

from starlette.testclient import TestClient

from hub import admin
from hub import app as hub_app
from hub.merge import PushBatch
from hub.store import open_store
from tests.helpers import wait_until
from tests.hub.pushes import venue_push_body


def test_pushes_beyond_the_limit_wait_and_then_are_all_applied(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(hub_app, "PUSHES_AT_ONCE", 2)
    engine = open_store(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    admin.create_org(engine, "Org")
    tokens = [
        admin.enrol_with_code(engine, admin.make_enrol_code(engine, "Org")[0], f"laptop-{i}", f"Laptop {i}")[0]
        for i in range(4)
    ]
    app = hub_app.create_app(engine)
    limiter = app.state.pushes_at_once

    inside, peak, gate, guard = [0], [0], threading.Event(), threading.Lock()
    prepare = PushBatch.prepare

    def held_prepare(self, ops):  # each push stays in its work until the test lets them all go
        with guard:
            inside[0] += 1
            peak[0] = max(peak[0], inside[0])
        gate.wait(60)
        with guard:
            inside[0] -= 1
        return prepare(self, ops)

    monkeypatch.setattr(PushBatch, "prepare", held_prepare)
    answers: list[int] = []
    with TestClient(app) as client:

        def push(token: str) -> None:
            answer = client.post("/v1/sync/push", json=venue_push_body(3), headers={"Authorization": f"Bearer {token}"})
            answers.append(answer.status_code)

        threads = [threading.Thread(target=push, args=(t,)) for t in tokens]
        for t in threads:
            t.start()
        try:
            assert wait_until(lambda: limiter.statistics().tasks_waiting == 2, timeout=30)
            assert inside[0] == 2 and limiter.borrowed_tokens == 2
        finally:
            gate.set()
            for t in threads:
                t.join(60)
    engine.dispose()
    assert peak[0] == 2
    assert answers == [200, 200, 200, 200]
