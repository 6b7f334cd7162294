"""Hybrid logical clock.

Values are strings that sort in causal order: wall-clock milliseconds, a
counter for events within the same millisecond (or when the wall clock is
behind what we have already seen), and the device id as a tie-break. A laptop
whose clock is hours wrong still orders its own edits correctly and never
goes backwards after seeing a newer value from the hub.

A value seen from elsewhere moves the clock at most ``AHEAD_TOLERANCE_MS`` past
this laptop's wall clock: a value further ahead comes from a wrong clock (a
laptop set years ahead), and following it would stamp every later change here
in the future too. Nothing merges by clock values (the hub orders by its own
sequence), so bounding them changes no outcome.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from desktop.vocabulary import CLOCK_TOLERANCE_MS

_WIDTH_MS = 13
AHEAD_TOLERANCE_MS = CLOCK_TOLERANCE_MS  # the hub's tolerance too (desktop.sync.protocol)
_WIDTH_COUNTER = 6


@dataclass(frozen=True, order=True)
class Timestamp:
    millis: int
    counter: int
    node: str

    def encode(self) -> str:
        return f"{self.millis:0{_WIDTH_MS}d}-{self.counter:0{_WIDTH_COUNTER}d}-{self.node}"

    @classmethod
    def decode(cls, value: str) -> Timestamp:
        try:
            millis, counter, node = value.split("-", 2)
            return cls(int(millis), int(counter), node)
        except (ValueError, AttributeError) as exc:
            raise ValueError(f"not a clock value: {value!r}") from exc


def _wall_millis() -> int:
    return time.time_ns() // 1_000_000


class HybridLogicalClock:
    """Thread-safe HLC for one device."""

    def __init__(self, node: str, last: str | None = None, wall=_wall_millis) -> None:
        self._node = node
        self._wall = wall
        self._lock = threading.Lock()
        self._millis = 0
        self._counter = 0
        if last:
            self.observe(last)

    @property
    def node(self) -> str:
        return self._node

    def now(self) -> str:
        """A new value, greater than every value this clock has issued or observed."""
        with self._lock:
            wall = self._wall()
            if wall > self._millis:
                self._millis, self._counter = wall, 0
            else:
                self._counter += 1
            return Timestamp(self._millis, self._counter, self._node).encode()

    def observe(self, remote: str) -> None:
        """Move forward past a value seen from elsewhere (a pull from the hub), but never further than
        ``AHEAD_TOLERANCE_MS`` past the wall clock."""
        ts = Timestamp.decode(remote)
        with self._lock:
            millis, counter = ts.millis, ts.counter
            limit = self._wall() + AHEAD_TOLERANCE_MS
            if millis > limit:
                millis, counter = limit, 0
            if (millis, counter) > (self._millis, self._counter):
                self._millis, self._counter = millis, counter

    def wall_millis(self) -> int:
        """This laptop's wall clock, as the clock reads it (milliseconds since 1970)."""
        return self._wall()

    def last(self) -> str:
        with self._lock:
            return Timestamp(self._millis, self._counter, self._node).encode()
