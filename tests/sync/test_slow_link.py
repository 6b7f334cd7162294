"""A pull whose connection is lost part way through a page keeps what arrived whole (up to the page's
last mark) and asks only for the rest, through ``SlowLink`` (here at full speed, so nothing waits)."""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import orjson
import pytest

from benchmarks.bench_sync_link import SlowLink
from desktop.models import SyncState
from desktop.sync import protocol as P
from desktop.sync.client import HubClient, HubUnreachable
from desktop.sync.engine import pull_all, push_pending
from tests.hubtools import shared_rows
from tests.sync.conftest import enrolled


def _client(laptop, url: str, transport: httpx.BaseTransport | None = None) -> HubClient:
    with laptop.db.transaction() as s:
        return HubClient(url, s.get(SyncState, 1).device_token, transport=transport)


class _FirstPageHeldOpen(httpx.BaseTransport):
    """The real HTTP transport, noting each pull asked for and the end of the first page's body, which
    it holds back (its bytes all handed over, its end not yet) until the second page is asked for, or
    10 s have passed: a laptop that waits for a whole page before asking for the next gets it late.
    With ``cut``, the first page's connection is then lost with only half its bytes handed over."""

    def __init__(self, *, cut: bool = False) -> None:
        self._real = httpx.HTTPTransport()
        self._cut = cut
        self.asked: list[httpx.URL] = []
        self.seen: list[str] = []
        self._second_asked = threading.Event()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != "/v1/sync/pull":
            return self._real.handle_request(request)
        self.asked.append(request.url)
        number = len(self.asked)
        self.seen.append(f"asked for page {number}")
        if number == 2:
            self._second_asked.set()
        response = self._real.handle_request(request)
        if number != 1:
            return response
        assert isinstance(response.stream, httpx.SyncByteStream)
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=_HeldEnd(response.stream, self._second_asked, self.seen, cut=self._cut),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._real.close()


class _HeldEnd(httpx.SyncByteStream):
    def __init__(self, real: httpx.SyncByteStream, release: threading.Event, seen: list[str], *, cut: bool) -> None:
        self._real, self._release, self._seen, self._cut = real, release, seen, cut

    def __iter__(self) -> Iterator[bytes]:
        if not self._cut:
            yield from self._real
        else:
            raw = b"".join(self._real)
            yield raw[: len(raw) // 2]
        self._release.wait(10)
        self._seen.append("page 1 ended")
        if self._cut:
            raise httpx.ReadError("the connection was lost")

    def close(self) -> None:
        self._real.close()


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


def test_the_next_page_is_asked_for_before_the_page_before_it_has_finished_arriving(hub, org, laptops):
    writer, reader = enrolled(hub, org, laptops(2))
    _people(writer, 120)
    with _client(writer, hub.url) as c:
        push_pending(writer.db, c)
    held = _FirstPageHeldOpen()
    with _client(reader, hub.url, held) as c:
        report = pull_all(reader.db, c, limit=50)

    assert held.seen[:3] == ["asked for page 1", "asked for page 2", "page 1 ended"]
    assert report.pages == 3  # each page applied once, in order, and nothing missing
    assert set(shared_rows(reader)) == set(shared_rows(writer))


def test_a_page_asked_for_ahead_of_a_page_that_was_cut_short_is_dropped_and_the_pull_goes_on_without_a_gap(
    hub, org, laptops
):
    writer, reader = enrolled(hub, org, laptops(2))
    _people(writer, 5 * P.CHECKPOINT_EVERY)
    with _client(writer, hub.url) as c:
        push_pending(writer.db, c)
    held = _FirstPageHeldOpen(cut=True)
    with _client(reader, hub.url, held) as c:
        report = pull_all(reader.db, c, limit=4 * P.CHECKPOINT_EVERY)

    since = [int(url.params["since"]) for url in held.asked]
    assert held.seen[:3] == ["asked for page 1", "asked for page 2", "page 1 ended"]
    assert 0 < since[2] < since[1]  # page 2, asked for ahead from page 1's end, was not what came next
    assert set(shared_rows(reader)) == set(shared_rows(writer))
    assert report.pulled == len(shared_rows(reader))  # each change applied once: the dropped page was not


def test_a_catch_up_comes_in_pages_of_a_thousand_changes_each_answered_on_its_own(hub, org, laptops):
    """Many laptops pulling at once each wait for one page at a time: small pages keep each wait short."""
    writer, reader = enrolled(hub, org, laptops(2))
    _people(writer, 2500)
    with _client(writer, hub.url) as c:
        push_pending(writer.db, c)
    with _client(reader, hub.url) as c:
        report = pull_all(reader.db, c)  # as the app pulls: its own page size
    assert report.pulled == 2500 and report.pages == 3
    assert set(shared_rows(reader)) == set(shared_rows(writer))
