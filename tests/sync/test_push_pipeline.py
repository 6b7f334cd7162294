"""A push of several batches keeps both ends busy: while the hub works on one batch, the laptop reads
and encodes the next, and records the answer to the one before; batches still reach the hub one at
a time, in order, and a failure sends nothing after it. Against a real hub process."""

from __future__ import annotations

import gzip
import sqlite3
import threading

import httpx
import orjson
import pytest

from desktop.models import OutboxEntry, Participant, SyncState
from desktop.sync import engine
from desktop.sync.client import HubClient, HubUnreachable
from desktop.sync.engine import push_pending
from tests.hubtools import shared_rows
from tests.sync.conftest import enrolled

PATH = "/v1/sync/push"
BOUND_S = 10.0  # how long a test waits for the other end before it counts as never coming


class Watched(httpx.HTTPTransport):
    """The real hub behind it; ``before_push(n)`` runs as the n-th push (from 1) leaves, and how many
    pushes were under way at once is kept."""

    def __init__(self, before_push=None) -> None:
        super().__init__()
        self.before_push = before_push or (lambda n: None)
        self.pushes = 0
        self.under_way = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != PATH:
            return super().handle_request(request)
        with self._lock:
            self.pushes += 1
            self.under_way += 1
            self.most_at_once = max(self.most_at_once, self.under_way)
            n = self.pushes
        try:
            self.before_push(n)
            response = super().handle_request(request)
            response.read()
            return response
        finally:
            with self._lock:
                self.under_way -= 1


class Encodings(HubClient):
    """A HubClient that says when it has encoded a batch."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.encoded = 0
        self.second_encoded = threading.Event()

    def encode_push(self, ops):
        body = super().encode_push(ops)
        self.encoded += 1
        if self.encoded == 2:
            self.second_encoded.set()
        return body


def _people(laptop, n: int) -> None:
    with laptop.db.transaction() as s:
        s.add_all(Participant(first_name=f"Person {i}", phone=f"555-{i:04d}") for i in range(n))


def _client(laptop, transport: httpx.BaseTransport, kind: type[HubClient] = HubClient) -> HubClient:
    with laptop.db.transaction() as s:
        state = s.get(SyncState, 1)
        return kind(state.hub_url, state.device_token, transport=transport)


def _both_hold_the_same(writer, reader) -> None:
    """After a sync of each, the reader holds every record the writer pushed, as the writer holds it."""
    writer.sync()
    reader.sync()
    assert shared_rows(reader.db) == shared_rows(writer.db)


def _waiting(laptop) -> int:
    with laptop.db.transaction() as s:
        return s.query(OutboxEntry).count()


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(engine, "PUSH_BATCH", 4)
    return 4


def test_the_next_batch_is_read_and_encoded_while_the_hub_works_on_the_one_before(hub, org, laptops, small_batches):
    writer, reader = enrolled(hub, org, laptops(2))
    _people(writer, 3 * small_batches)
    seen_during_first: list[bool] = []
    client_box: list[Encodings] = []

    def before_push(n: int) -> None:
        if n == 1:  # the hub has this batch; the laptop gets on with the next one meanwhile
            seen_during_first.append(client_box[0].second_encoded.wait(BOUND_S))

    wire = Watched(before_push)
    with _client(writer, wire, Encodings) as client:
        client_box.append(client)
        report = push_pending(writer.db, client)
    assert seen_during_first == [True]
    assert wire.pushes == 3 and wire.most_at_once == 1  # one batch at a time, each sent once
    assert report.pushed == 3 * small_batches and _waiting(writer) == 0
    _both_hold_the_same(writer, reader)


def test_a_batchs_answer_is_recorded_while_the_hub_works_on_the_next(hub, org, laptops, small_batches):
    writer, reader = enrolled(hub, org, laptops(2))
    _people(writer, 2 * small_batches)
    # Another connection holds the laptop's write lock from the first push until the second is sent:
    # the answer to the first can be recorded only if the second goes out before that is done.
    holder = sqlite3.connect(writer.db.path, timeout=BOUND_S, check_same_thread=False)
    recorded_after_second_sent: list[int] = []

    def before_push(n: int) -> None:
        if n == 1:
            holder.execute("BEGIN IMMEDIATE")
        if n == 2:
            recorded_after_second_sent.append(_waiting(writer))
            holder.rollback()

    try:
        with _client(writer, Watched(before_push)) as client:
            report = push_pending(writer.db, client)
    finally:
        holder.close()
    # When the second batch left, the first's answer was still waiting to be recorded: all of it queued.
    assert recorded_after_second_sent == [2 * small_batches]
    assert report.pushed == 2 * small_batches and _waiting(writer) == 0
    _both_hold_the_same(writer, reader)


def test_a_batch_the_hub_never_gets_stops_the_push_with_nothing_after_it_sent_or_lost(hub, org, laptops, small_batches):
    writer, reader = enrolled(hub, org, laptops(2))
    _people(writer, 3 * small_batches)

    def before_push(n: int) -> None:
        if n == 2:
            raise httpx.ConnectError("the hotspot dropped")

    wire = Watched(before_push)
    with _client(writer, wire) as client, pytest.raises(HubUnreachable):
        push_pending(writer.db, client)
    assert wire.pushes == 2  # the third batch, read and encoded already, was never sent
    assert _waiting(writer) == 2 * small_batches  # the first batch's answer was recorded; the rest wait
    with _client(writer, Watched()) as client:
        assert push_pending(writer.db, client).pushed == 2 * small_batches
    assert _waiting(writer) == 0
    _both_hold_the_same(writer, reader)


def test_the_first_batch_is_small_so_the_hub_starts_at_once_and_the_rest_go_in_full_batches(
    hub, org, laptops, monkeypatch
):
    monkeypatch.setattr(engine, "PUSH_BATCH", 4)
    monkeypatch.setattr(engine, "FIRST_PUSH_BATCH", 2)
    writer, reader = enrolled(hub, org, laptops(2))
    _people(writer, 11)
    sizes: list[int] = []

    class Sizes(Watched):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path == PATH:
                sizes.append(len(orjson.loads(gzip.decompress(request.content))["ops"]))
            return super().handle_request(request)

    with _client(writer, Sizes()) as client:
        assert push_pending(writer.db, client).pushed == 11
    assert sizes == [2, 4, 4, 1]
    _both_hold_the_same(writer, reader)


def _sent_names(request: httpx.Request) -> set[str]:
    ops = orjson.loads(gzip.decompress(request.content))["ops"]
    return {op["fields"].get("first_name") for op in ops if "first_name" in op.get("fields", {})}


def test_a_batch_read_ahead_is_read_again_when_someone_is_erased_before_it_is_sent(hub, org, laptops, small_batches):
    """The host erases a person while the hub works on the batch before theirs: their record, read and
    encoded ahead already, never leaves the laptop."""
    from desktop.signin.erasure import erase_participant

    writer, reader = enrolled(hub, org, laptops(2))
    _people(writer, 3 * small_batches)
    with writer.db.transaction() as s:
        erased = s.query(Participant.id).filter(Participant.first_name == "Person 5").scalar()
    sent: set[str] = set()
    client_box: list[Encodings] = []

    class Sent(Watched):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path == PATH:
                sent.update(_sent_names(request))
            return super().handle_request(request)

    def before_push(n: int) -> None:
        if n == 1:  # Person 5's batch is read and encoded; then the host erases them
            assert client_box[0].second_encoded.wait(BOUND_S)
            with writer.db.transaction() as s:
                erase_participant(s, erased)

    with _client(writer, Sent(before_push), Encodings) as client:
        client_box.append(client)
        push_pending(writer.db, client)
    assert "Person 4" in sent and "Person 6" in sent  # their batch was sent, read again
    assert "Person 5" not in sent
    assert _waiting(writer) == 0
    _both_hold_the_same(writer, reader)
    with reader.db.transaction() as s:
        assert s.get(Participant, erased).first_name == ""  # the hub has only the erasure's tombstone


def test_a_push_under_way_never_keeps_the_app_from_closing(hub, org, laptops, small_batches):
    writer, _reader = enrolled(hub, org, laptops(2))
    _people(writer, 2 * small_batches)
    senders: list[bool] = []
    with _client(writer, Watched(lambda n: senders.append(threading.current_thread().daemon))) as client:
        push_pending(writer.db, client)
    assert senders == [True, True]  # sent from daemon threads: the interpreter does not wait for them at exit
