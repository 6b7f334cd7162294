"""A fault-injecting HTTP proxy on loopback, between a laptop and the hub.

Each request a laptop sends is read whole, then the plan decides its fate:

- ``pass``: forwarded, answer returned;
- ``delay``: forwarded after a pause;
- ``drop``: the connection is closed before the hub sees the request;
- ``cut``: forwarded — the hub commits — then the connection is closed before the answer (a lost response);
- ``partial``: half the answer is sent, then the connection is closed;
- ``duplicate``: forwarded twice (a network that replays), the second answer returned.
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass

FAULTS = ("pass", "delay", "drop", "cut", "partial", "duplicate")


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    fault: str


class FaultProxy:
    def __init__(
        self,
        upstream_port: int,
        plan: Callable[[str, str], str] | None = None,
        *,
        seed: int = 0,
        max_delay: float = 0.05,
    ) -> None:
        self.upstream_port = upstream_port
        self.plan = plan or (lambda _method, _path: "pass")
        self.rng = random.Random(seed)
        self.max_delay = max_delay
        self.log: list[Seen] = []
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.base_events.Server | None = None
        started = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(started,), daemon=True)
        self._thread.start()
        started.wait(10)
        self.url = f"http://127.0.0.1:{self.port}"

    def _serve(self, started: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = self._server.sockets[0].getsockname()[1]
        started.set()
        self._loop.run_forever()

    def stop(self) -> None:
        async def close() -> None:
            assert self._server is not None
            self._server.close()
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def random_plan(self, fault_rate: float) -> Callable[[str, str], str]:
        """Each request suffers a random fault with probability ``fault_rate``."""

        def plan(_method: str, _path: str) -> str:
            if self.rng.random() >= fault_rate:
                return "pass"
            return self.rng.choice(FAULTS[1:])

        return plan

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                request_line = head.split(b"\r\n", 1)[0].decode("latin-1").split()
                method, path = request_line[0], request_line[1]
                body = await reader.readexactly(_content_length(head))
                fault = self.plan(method, path)
                self.log.append(Seen(method, path.split("?", 1)[0], fault))
                if fault == "drop":
                    return
                if fault == "delay":
                    await asyncio.sleep(self.rng.uniform(0, self.max_delay))
                answer = await self._forward(head, body)
                if fault == "duplicate":
                    answer = await self._forward(head, body)
                if fault == "cut":
                    return
                if fault == "partial":
                    writer.write(answer[: max(1, len(answer) // 2)])
                    await writer.drain()
                    return
                writer.write(answer)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            writer.close()

    async def _forward(self, head: bytes, body: bytes) -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        try:
            writer.write(head + body)
            await writer.drain()
            answer_head = await reader.readuntil(b"\r\n\r\n")
            answer_body = await reader.readexactly(_content_length(answer_head))
            return answer_head + answer_body
        finally:
            writer.close()


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0
