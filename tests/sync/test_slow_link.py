"""A pull whose connection is lost part way through a page keeps what arrived whole (up to the page's
last mark) and asks only for the rest, through ``SlowLink`` (here at full speed, so nothing waits)."""

from __future__ import annotations

import zlib
from urllib.parse import parse_qs, urlsplit

import orjson
import pytest

from benchmarks.bench_sync_link import SlowLink
from desktop.models import SyncState
from desktop.sync import protocol as P
from desktop.sync.client import HubClient, HubUnreachable
from desktop.sync.engine import pull_all, push_pending
from tests.hubtools import shared_rows
from tests.sync.conftest import enrolled


def _client(laptop, url: str) -> HubClient:
    with laptop.db.transaction() as s:
        return HubClient(url, s.get(SyncState, 1).device_token)


def _people(laptop, n: int) -> None:
    from desktop.models import Participant

    with laptop.db.transaction() as s:
        s.add_all(Participant(first_name=f"Person {i}", last_name="Family", notes="x" * (i % 50)) for i in range(n))


def _pull_answer_body(raw: bytes) -> bytes:
    """The decoded part of a (gzipped) answer that went down a connection, however much of it arrived."""
    head, _, body = raw.partition(b"\r\n\r\n")
    if b"transfer-encoding: chunked" in head.lower():
        out, rest = b"", body
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0] or b"0", 16)
            if size == 0:
                break
            out, rest = out + rest[:size], rest[size + 2 :]
        body = out
    return zlib.decompressobj(31).decompress(body)


def test_a_pull_cut_halfway_resumes_from_what_arrived_without_asking_for_it_again(hub, org, laptops):
    writer, reader = enrolled(hub, org, laptops(2))
    _people(writer, 3 * P.CHECKPOINT_EVERY + 50)
    with _client(writer, hub.url) as c:
        push_pending(writer.db, c)
    (measure,) = enrolled(hub, org, laptops(1, "measure"))
    whole = SlowLink(hub.port)  # once without a cut: how many bytes the page takes
    try:
        with _client(measure, whole.url) as c:
            pull_all(measure.db, c)
    finally:
        whole.stop()
    link = SlowLink(hub.port, drop_after=whole.down_bytes // 2)
    try:
        with _client(reader, link.url) as c:
            report = pull_all(reader.db, c)
    finally:
        link.stop()

    assert link.dropped
    assert set(shared_rows(reader)) == set(shared_rows(writer))  # the catch-up completed
    pulls = [parse_qs(urlsplit(r.split(" ", 1)[1]).query) for r in link.requests() if "/v1/sync/pull" in r]
    since = [int(q["since"][0]) for q in pulls]
    assert since[0] == 0 and since[1] > 0  # the second pull starts where the whole changes stopped
    # What arrived before the cut, read as the laptop read it: every change at or below the new
    # cursor is never sent again, and only those after the last mark (fewer than a mark's spacing) are.
    arrived = _pull_answer_body(bytes(link.down[0]))
    whole_lines = [orjson.loads(line.rstrip(b",")) for line in arrived.split(b"\n")[1:-1]]
    seqs = [P.hub_seq_of(c["version"]) for c in whole_lines]
    assert since[1] in seqs
    sent_again = [s for s in seqs if s > since[1]]
    assert len(sent_again) < P.CHECKPOINT_EVERY
    assert report.pulled == len(shared_rows(reader))  # each change applied once


def test_a_pull_cut_before_its_first_mark_is_a_failure_and_nothing_is_kept(hub, org, laptops):
    writer, reader = enrolled(hub, org, laptops(2))
    _people(writer, P.CHECKPOINT_EVERY + 10)
    with _client(writer, hub.url) as c:
        push_pending(writer.db, c)
    link = SlowLink(hub.port, drop_after=2000)  # the answer's head and a few changes
    try:
        with _client(reader, link.url) as c, pytest.raises(HubUnreachable):
            pull_all(reader.db, c)
    finally:
        link.stop()
    assert link.dropped
    with reader.db.transaction() as s:
        assert s.get(SyncState, 1).pull_cursor == 0
