"""The hub pauses the cyclic garbage collector while pushes work, and only then: a push makes
hundreds of thousands of short-lived objects the collector would scan for nothing. Pushes run on
several threads at once; the collector comes back when the last of them ends, however it ends."""

from __future__ import annotations

import gc
import threading
import weakref
from pathlib import Path

from starlette.testclient import TestClient

from hub import admin, collector
from hub import app as hub_app
from hub.merge import PushBatch
from hub.store import open_store
from tests.hub.pushes import venue_push_body


def test_the_collector_is_off_while_any_push_works_and_on_again_once_none_does(tmp_path: Path, monkeypatch) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    admin.create_org(engine, "Org")
    tokens = [
        admin.enrol_with_code(engine, admin.make_enrol_code(engine, "Org")[0], f"laptop-{i}", f"Laptop {i}")[0]
        for i in range(2)
    ]
    seen: dict[str, bool] = {}
    first_inside, let_first_go = threading.Event(), threading.Event()
    prepare = PushBatch.prepare

    def watched_prepare(self, ops):
        seen[self.writer] = gc.isenabled()
        if self.writer == "laptop-0":  # the first push stays at work until the second has ended
            first_inside.set()
            let_first_go.wait(60)
        return prepare(self, ops)

    monkeypatch.setattr(PushBatch, "prepare", watched_prepare)
    answers: dict[int, int] = {}
    with TestClient(hub_app.create_app(engine)) as client:

        def push(i: int) -> None:
            headers = {"Authorization": f"Bearer {tokens[i]}"}
            answers[i] = client.post("/v1/sync/push", json=venue_push_body(3), headers=headers).status_code

        first = threading.Thread(target=push, args=(0,))
        first.start()
        try:
            assert first_inside.wait(30)
            push(1)  # starts and ends while the first still works
            assert gc.isenabled() is False  # the first push is still at work
        finally:
            let_first_go.set()
            first.join(60)
        assert answers == {0: 200, 1: 200}
        assert seen == {"laptop-0": False, "laptop-1": False}
        assert gc.isenabled()  # the last push has ended

        refused = client.post(
            "/v1/sync/push", json={"ops": "not a list"}, headers={"Authorization": f"Bearer {tokens[0]}"}
        )
        assert refused.status_code == 422
        assert gc.isenabled()  # a push that fails gives the collector back too
    engine.dispose()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_pushes_that_overlap_for_long_still_let_the_collector_free_cycles_now_and_then(monkeypatch) -> None:
    monkeypatch.setattr(collector, "LONGEST_PAUSE_S", 0.0)
    with collector.paused_while_pushing():  # one push works on while others come and go
        held = [_Cycle()]
        left = weakref.ref(held[0])
        gc.collect(0)  # still in use: moved on to an older generation
        del held  # now garbage, and not the youngest
        with collector.paused_while_pushing():
            pass
        assert left() is None  # freed although a push still works
        assert not gc.isenabled()  # and the collector off again for it
    assert gc.isenabled()
