"""Sync over a thin connection: a laptop catches up on about 10,000 records of the demo data's mix
through a simulated phone hotspot (1 Mbit/s each way, 300 ms round trip, the connection lost once
halfway), against the time the compressed bytes alone need at that rate. Target <= 1.25x.

Also reported: bytes on the wire per record (push and pull, headers included) with the laptop
speaking protocol 1 (plain JSON, every key written out) and protocol 2 (gzip, packed records);
target: protocol 2 <= 1/4 of protocol 1. And the bytes the lost connection cost (sent again).

The link is ``SlowLink``, an asyncio TCP proxy on loopback, also used by the tests (at full speed)
to show that a lost pull resumes without asking again for what arrived.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.harness import ROOT, Figure

RATE = 1_000_000  # bits a second, each way
RTT = 0.3  # seconds
CHUNK = 4096


class SlowLink:
    """A TCP proxy that paces bytes to ``bits_per_second`` each way (None: as fast as they come), delays
    each by half of ``rtt``, and closes the connection it is serving once ``drop_after`` bytes in all
    have gone down to the client (once only). It keeps, per connection, what went up and down."""

    def __init__(
        self,
        upstream_port: int,
        *,
        bits_per_second: float | None = None,
        rtt: float = 0.0,
        drop_after: int | None = None,
    ) -> None:
        self.upstream_port = upstream_port
        self.rate = bits_per_second
        self.rtt = rtt
        self.drop_after = drop_after
        self.dropped = False
        self._free_at = {True: 0.0, False: 0.0}  # per direction (down?): when the link is done with what it has
        self.up: list[bytearray] = []  # per connection, in the order they were opened
        self.down: list[bytearray] = []
        self._loop = asyncio.new_event_loop()
        started = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(started,), daemon=True)
        self._thread.start()
        if not started.wait(10):
            raise RuntimeError("the slow link did not start")
        self.url = f"http://127.0.0.1:{self.port}"

    @property
    def down_bytes(self) -> int:
        return sum(map(len, self.down))

    @property
    def up_bytes(self) -> int:
        return sum(map(len, self.up))

    def requests(self) -> list[str]:
        """The method and target of every request that went up, connection by connection."""
        found = []
        for sent in self.up:
            found += [f"{m.decode()} {t.decode()}" for m, t in re.findall(rb"(GET|POST) (\S+) HTTP/1\.1\r\n", sent)]
        return found

    def _serve(self, started: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = self._server.sockets[0].getsockname()[1]
        started.set()
        self._loop.run_forever()

    def stop(self) -> None:
        async def close() -> None:
            self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            hub_r, hub_w = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            client_w.close()
            return
        up, down = bytearray(), bytearray()
        self.up.append(up)
        self.down.append(down)
        writers = (client_w, hub_w)
        await asyncio.gather(
            self._pump(client_r, hub_w, up, writers, downward=False),
            self._pump(hub_r, client_w, down, writers, downward=True),
        )

    async def _pump(
        self,
        source: asyncio.StreamReader,
        sink: asyncio.StreamWriter,
        kept: bytearray,
        writers: tuple[asyncio.StreamWriter, ...],
        *,
        downward: bool,
    ) -> None:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[float, bytes | None]] = asyncio.Queue()
        deliver = asyncio.ensure_future(self._deliver(queue, sink))
        cut = False
        try:
            while True:
                try:
                    data = await source.read(CHUNK)
                except (ConnectionError, OSError):
                    data = b""
                if not data:
                    break
                if downward and self.drop_after is not None and not self.dropped:
                    room = self.drop_after - self.down_bytes
                    if len(data) >= room:
                        data, cut = data[:room], True
                        self.dropped = True
                kept += data
                if self.rate:  # one link: every connection's bytes queue for it, each way
                    free_at = max(loop.time(), self._free_at[downward]) + len(data) * 8 / self.rate
                    self._free_at[downward] = free_at
                    queue.put_nowait((free_at + self.rtt / 2, data))
                else:
                    queue.put_nowait((loop.time() + self.rtt / 2, data))
                if cut:
                    break
        finally:
            queue.put_nowait((0.0, None))
            await deliver
            for writer in writers:  # one side is done or the link is lost: the connection ends
                writer.close()

    async def _deliver(self, queue: asyncio.Queue[tuple[float, bytes | None]], sink: asyncio.StreamWriter) -> None:
        loop = asyncio.get_running_loop()
        while True:
            at, data = await queue.get()
            if data is None:
                return
            wait = at - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                sink.write(data)
                await sink.drain()
            except (ConnectionError, OSError):
                return


# The hub, laptops and data ---------------------------------------------------------------------------


@contextmanager
def _hub(folder: Path) -> Iterator[tuple[str, int, Any]]:
    from hub.store import open_store
    from tools.local_servers import free_port, wait_for_health

    url = f"sqlite:///{folder / 'hub.sqlite3'}"
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hub", "--database-url", url, "serve", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_health(f"http://127.0.0.1:{port}", proc)
        engine = open_store(url, migrate=False)
    except Exception:
        proc.terminate()
        raise
    try:
        yield f"http://127.0.0.1:{port}", port, engine
    finally:
        engine.dispose()
        proc.terminate()
        proc.wait(20)


def _laptop(folder: Path, url: str, engine: Any, org: str) -> Any:
    from desktop.models import open_database
    from desktop.paths import database_path
    from desktop.sync.engine import enrol
    from hub import admin

    db = open_database(database_path(folder))
    enrol(db, url, admin.make_enrol_code(engine, org)[0])
    return db


def _client(db: Any, url: str, *, plain: bool = False) -> Any:
    """The laptop's client, talking through ``url``; ``plain``: as a laptop of protocol 1 would."""
    from desktop.models import SyncState
    from desktop.sync import client as C
    from desktop.sync import protocol as P

    with db.transaction() as s:
        token = s.get(SyncState, 1).device_token
    client = C.HubClient(url, token)
    if plain:
        del client._http.headers[P.WIRE_HEADER]
        client._http.headers["Accept-Encoding"] = "identity"
        C._PLAIN_HUBS.add(client.base_url)
    else:
        C._PLAIN_HUBS.discard(client.base_url)
    return client


def _records(db: Any) -> int:
    from desktop.models import SYNCED_MODELS

    with db.transaction() as s:
        return sum(s.query(model).count() for model in SYNCED_MODELS)


def _push_and_pull(work: Path, url: str, port: int, engine: Any, plain: bool) -> tuple[int, int, int, int]:
    """A writer with the demo data pushes, a reader pulls, both at full speed through a counting link:
    (records pushed, bytes of the push, records pulled, bytes of the pull), both ways, headers included."""
    from desktop.demo import fill_demo
    from desktop.sync.engine import pull_all, push_pending
    from hub import admin

    org = f"Wire {'plain' if plain else 'packed'}"
    admin.create_org(engine, org)
    writer = _laptop(work / f"{org}-writer", url, engine, org)
    reader = _laptop(work / f"{org}-reader", url, engine, org)
    fill_demo(writer, participants=60, sessions=56)
    link = SlowLink(port)
    try:
        with _client(writer, link.url, plain=plain) as c:
            pushed = push_pending(writer, c).pushed
        push_bytes = link.up_bytes + link.down_bytes
        with _client(reader, link.url, plain=plain) as c:
            pulled = pull_all(reader, c).pulled
        pull_bytes = link.up_bytes + link.down_bytes - push_bytes
    finally:
        link.stop()
        writer.close()
        reader.close()
    return pushed, push_bytes, pulled, pull_bytes


def run() -> list[Figure]:
    from desktop.demo import fill_demo
    from desktop.sync.engine import pull_all, push_pending
    from hub import admin

    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="onramp-bench-link-") as tmp, _hub(Path(tmp)) as (url, port, engine):
        work = Path(tmp)
        # Bytes a record, protocol 1 against protocol 2, over the demo data's mix.
        per_record = {}
        for plain in (True, False):
            pushed, push_bytes, pulled, pull_bytes = _push_and_pull(work, url, port, engine, plain)
            per_record[plain] = push_bytes / pushed + pull_bytes / pulled
            print(
                f"  protocol {1 if plain else 2}: push {push_bytes / pushed:.0f} B/record ({pushed}), "
                f"pull {pull_bytes / pulled:.0f} B/record ({pulled})",
                flush=True,
            )
        figures.append(
            Figure(
                "bytes on the wire a record (push + pull, demo mix), protocol 2",
                per_record[False],
                "B",
                "protocol 1 (plain JSON), same data",
                per_record[True],
                "ratio <= 0.25",
                per_record[False] <= per_record[True] / 4,
            )
        )

        # The catch-up: made once on the hub, then pulled at full speed (its bytes) and over the link.
        org = "Catch-up"
        admin.create_org(engine, org)
        writer = _laptop(work / "catch-up-writer", url, engine, org)
        fill_demo(writer, participants=380, sessions=300)
        with _client(writer, url) as c:
            push_pending(writer, c)
        records = _records(writer)
        writer.close()

        fast = SlowLink(port)
        reader = _laptop(work / "catch-up-fast", url, engine, org)
        try:
            with _client(reader, fast.url) as c:
                pulled = pull_all(reader, c).pulled
        finally:
            fast.stop()
            reader.close()
        needed = fast.down_bytes  # what the catch-up must bring down, compressed, headers included
        bytes_time = needed * 8 / RATE

        link = SlowLink(port, bits_per_second=RATE, rtt=RTT, drop_after=needed // 2)
        reader = _laptop(work / "catch-up-link", url, engine, org)
        try:
            with _client(reader, link.url) as c:
                start = time.perf_counter()
                report = pull_all(reader, c)
                elapsed = time.perf_counter() - start
            arrived = _records(reader)
        finally:
            link.stop()
            reader.close()
        assert link.dropped, "the link was never lost"
        assert report.pulled >= pulled and arrived >= records, (report.pulled, pulled, arrived, records)
        again = link.down_bytes - needed
        print(
            f"  catch-up of {pulled} records ({records} rows): {needed} bytes down ({needed / pulled:.0f} B/record), "
            f"{bytes_time:.1f} s at 1 Mbit/s; over the link {elapsed:.1f} s, "
            f"{link.down_bytes} bytes down ({again} more: what the lost connection cost), "
            f"{len(link.requests())} requests",
            flush=True,
        )
        figures.append(
            Figure(
                f"catch-up of {pulled:,} records at 1 Mbit/s, 300 ms, the link lost halfway",
                elapsed * 1000,
                "ms",
                "the time its compressed bytes alone need at 1 Mbit/s",
                bytes_time * 1000,
                "ratio <= 1.25",
                elapsed <= 1.25 * bytes_time,
            )
        )
        figures.append(
            Figure(
                "bytes sent again after the link was lost",
                again,
                "B",
                "the catch-up's bytes",
                needed,
            )
        )
    return figures
