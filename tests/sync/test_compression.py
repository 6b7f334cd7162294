"""Sync over a thin connection: bodies travel gzipped and records packed, both ways, against a real hub;
laptops and hubs that do not speak that wire keep working; a body that would inflate past the
hub's limit is refused without inflating it."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import httpx
import orjson
import pytest

from desktop.demo import fill_demo
from desktop.models import SyncState
from desktop.sync import client as C
from desktop.sync import protocol as P
from desktop.sync.client import HubClient, parse_page
from desktop.sync.engine import _read_batch, entry_to_op, pull_all, push_pending
from tests.hubtools import shared_rows
from tests.sync.conftest import enrolled


class WireRecorder(httpx.HTTPTransport):
    """What crossed the wire: each request's headers and body, each answer's headers and raw (coded) body."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[httpx.Request, httpx.Response, bytes]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        raw = b"".join(response.iter_raw())  # as it came, still coded
        self.seen.append((request, response, raw))
        return httpx.Response(response.status_code, headers=response.headers, content=raw)


def _client(laptop, transport: httpx.BaseTransport) -> HubClient:
    with laptop.db.transaction() as s:
        state = s.get(SyncState, 1)
        return HubClient(state.hub_url, state.device_token, transport=transport)


def _token(laptop) -> str:
    with laptop.db.transaction() as s:
        return s.get(SyncState, 1).device_token


def test_demo_data_travels_gzipped_and_packed_and_arrives_the_same(hub, org, laptops):
    writer, reader = enrolled(hub, org, laptops(2))
    fill_demo(writer.db, participants=12, sessions=6)
    wire = WireRecorder()
    with _client(writer, wire) as c:
        pushed = push_pending(writer.db, c)
    with _client(reader, wire) as c:
        pulled = pull_all(reader.db, c)
    assert pushed.pushed > 50 and pulled.pulled > 50
    pushes = [(q, r, raw) for q, r, raw in wire.seen if q.url.path == "/v1/sync/push"]
    pulls = [(q, r, raw) for q, r, raw in wire.seen if q.url.path == "/v1/sync/pull"]
    for request, _response, _raw in pushes:
        assert request.headers["content-encoding"] == "gzip"
        assert request.headers[P.WIRE_HEADER] == P.WIRE_PACKED
        sent = orjson.loads(gzip.decompress(request.content))["ops"]
        assert sum("table" in op for op in sent) < len(sent)  # the table is said once per run
    for _request, response, raw in pulls:
        assert response.headers["content-encoding"] == "gzip"
        assert response.headers[P.WIRE_HEADER] == P.WIRE_PACKED
        changes = orjson.loads(gzip.decompress(raw))["changes"]
        assert all("seq" not in change for change in changes)  # the hub's version says it
    assert _comparable(reader) == _comparable(writer)


def _comparable(laptop) -> dict:
    """Shared rows, less ``search_key``: each laptop folds names into it itself (the demo's writer
    keeps a longer one), so it differs whatever the wire."""
    return {key: {k: v for k, v in row.items() if k != "search_key"} for key, row in shared_rows(laptop).items()}


def test_a_laptop_that_knows_no_coding_or_packing_still_pushes_and_pulls(hub, org, laptops):
    """Protocol 1 as an older laptop speaks it: plain JSON both ways, every field written out."""
    writer, reader = enrolled(hub, org, laptops(2))
    fill_demo(writer.db, participants=5, sessions=3)
    ops = [entry_to_op(e) for e in _outbox(writer)]
    with httpx.Client(base_url=hub.url, headers={"Accept-Encoding": "identity"}) as http:
        auth = {"Authorization": f"Bearer {_token(writer)}", "Content-Type": "application/json"}
        answer = http.post("/v1/sync/push", content=orjson.dumps({"ops": ops}), headers=auth)
        assert answer.status_code == 200, answer.text
        assert "content-encoding" not in answer.headers
        assert {r["status"] for r in answer.json()["results"]} == {"applied"}
        page = http.get(
            "/v1/sync/pull",
            params={"since": 0, "limit": 5000},
            headers={"Authorization": f"Bearer {_token(reader)}"},
        )
    assert page.status_code == 200 and "content-encoding" not in page.headers
    changes = P.PullPage.model_validate_json(page.content).changes  # every key of protocol 1 is there
    assert len(changes) == len({(op["table"], op["row_id"]) for op in ops})


def _outbox(laptop):
    from desktop.models import OutboxEntry

    with laptop.db.transaction() as s:
        entries = s.query(OutboxEntry).order_by(OutboxEntry.seq).all()
        s.expunge_all()
        return entries


def test_an_op_sent_plain_then_packed_is_the_same_op_to_the_hub(hub, org, laptops):
    """Packing leaves nothing out that the hub cannot put back exactly: a resend of a plain push as a
    packed one is a duplicate, never a different change under the same op_id."""
    (writer,) = enrolled(hub, org, laptops(1))
    fill_demo(writer.db, participants=4, sessions=2)
    ops = _read_batch(writer.db).ops
    C._PLAIN_HUBS.add(hub.url)
    try:
        with _client(writer, httpx.HTTPTransport()) as c:
            first = c.push(ops)
    finally:
        C._PLAIN_HUBS.discard(hub.url)
    wire = WireRecorder()
    with _client(writer, wire) as c:
        again = c.push(ops)
    assert wire.seen[0][0].headers["content-encoding"] == "gzip"
    assert {r.status for r in first.results} == {"applied"}
    assert {r.status for r in again.results} == {"duplicate"}


def test_a_push_to_a_hub_older_than_the_packed_wire_is_sent_again_as_before():
    """A hub of protocol 1 reads the body as JSON and refuses it, without the wire header: the laptop
    sends the same ops plain, and keeps doing so for that hub."""
    bodies: list[httpx.Request] = []

    def old_hub(request: httpx.Request) -> httpx.Response:
        bodies.append(request)
        if request.headers.get("content-encoding"):
            return httpx.Response(422, json={"detail": "The request body is not valid JSON.", "errors": []})
        ops = orjson.loads(request.content)["ops"]
        return httpx.Response(
            200, json={"results": [{"op_id": o["op_id"], "status": "applied"} for o in ops], "cursor": 1, "mark": ""}
        )

    op = {
        "op_id": "op-1",
        "table": "venues",
        "row_id": "v1",
        "op": "insert",
        "fields": C.RawJson('{"name":"Hall","id":"v1"}'),
        "base_version": "",
        "version": "1700000000000-000000-n",
    }
    url = "http://old-hub.invalid"
    try:
        for _ in range(2):
            with HubClient(url, "t", transport=httpx.MockTransport(old_hub)) as c:
                assert [r.status for r in c.push([op]).results] == ["applied"]
    finally:
        C._PLAIN_HUBS.discard(url)
    assert [bool(r.headers.get("content-encoding")) for r in bodies] == [True, False, False]
    assert orjson.loads(bodies[1].content)["ops"][0]["fields"] == {"name": "Hall", "id": "v1"}


def test_a_gzip_bomb_is_refused_with_413_and_the_hub_goes_on(hub, org, laptops):
    (laptop,) = enrolled(hub, org, laptops(1))
    bomb = _zeros_gzipped(64 * 1024 * 1024)  # 64 MB of zeros in about 64 KB, past the hub's 8 MB
    with httpx.Client(base_url=hub.url) as http:
        auth = {"Authorization": f"Bearer {_token(laptop)}", "Content-Type": "application/json"}
        answer = http.post("/v1/sync/push", content=bomb, headers={**auth, "Content-Encoding": "gzip"})
        assert answer.status_code == 413
        assert "once decoded" in answer.json()["detail"]
        assert http.get("/healthz").status_code == 200


def test_inflating_stops_at_the_limit_instead_of_inflating_the_whole_bomb():
    bomb = _zeros_gzipped(256 * 1024 * 1024)
    limit = 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(P.TooLarge):
            P.gunzip_body(bomb, limit)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * limit  # never the 256 MB


def test_a_body_under_the_limit_once_decoded_is_decoded_whole():
    data = b'{"ops":[]}' * 1000
    assert P.gunzip_body(P.gzip_body(data), len(data)) == data
    assert P.gunzip_body(P.gzip_body(data) + P.gzip_body(b"x"), len(data) + 1) == data + b"x"
    with pytest.raises(P.TooLarge):
        P.gunzip_body(P.gzip_body(data), len(data) - 1)
    with pytest.raises(ValueError):
        P.gunzip_body(P.gzip_body(data)[:-10], len(data))


def test_a_coding_the_hub_does_not_read_is_refused_with_415_and_broken_gzip_with_400(hub, org, laptops):
    (laptop,) = enrolled(hub, org, laptops(1))
    auth = {"Authorization": f"Bearer {_token(laptop)}", "Content-Type": "application/json"}
    with httpx.Client(base_url=hub.url) as http:
        unknown = http.post("/v1/sync/push", content=b"{}", headers={**auth, "Content-Encoding": "br"})
        broken = http.post("/v1/sync/push", content=b"not gzip", headers={**auth, "Content-Encoding": "gzip"})
    assert unknown.status_code == 415 and unknown.headers["accept-encoding"] == "gzip"
    assert broken.status_code == 400


def test_packed_records_unpack_to_exactly_what_was_packed(tmp_path):
    from tests.hubtools import Laptop

    laptop = Laptop.open(tmp_path / "l")
    try:
        fill_demo(laptop.db, participants=10, sessions=4)
        ops = [entry_to_op(e) for e in _outbox(laptop)]
    finally:
        laptop.close()
    packed = orjson.loads(orjson.dumps(P.pack_ops(ops)))
    assert P.unpack_ops(packed) == ops
    changes = [
        {
            "table": op["table"],
            "row_id": op["row_id"],
            "seq": i + 1,
            "version": P.hub_version(op["version"], i + 1),
            "origin": "laptop",
            "fields": op["fields"],
            "conflicts": [] if i % 7 else [{"field": "notes", "kept": "a", "other": "b", "by": "x", "seq": i}],
        }
        for i, op in enumerate(ops)
    ]
    page = orjson.dumps({"changes": P.pack_changes(changes), "cursor": len(ops), "more": False, "mark": ""})
    got = parse_page(page, packed=True).changes
    assert [{**c, "conflicts": [x.model_dump() for x in c["conflicts"]]} for c in got] == changes


def _zeros_gzipped(size: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1024 * 1024)
    return b"".join(compressor.compress(block) for _ in range(size // len(block))) + compressor.flush()
