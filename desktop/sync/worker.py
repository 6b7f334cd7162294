"""Background sync: a thread that syncs whenever the hub answers, backing off (with jitter) when it does not.

No Qt here: the window wraps this in desktop.ui.sync.controller and shows
what ``on_status`` reports. Nothing ever waits on this thread.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from desktop.models import Database
from desktop.sync.client import HubError, HubUnreachable, NotEnrolled
from desktop.sync.engine import ClientFactory, NotEnrolledYet, SyncReport, default_client, sync_once
from desktop.sync.wording import describe_failure

log = logging.getLogger(__name__)

IDLE, SYNCING, SYNCED, OFFLINE, NOT_ENROLLED, REFUSED, FAILED = (
    "idle",
    "syncing",
    "synced",
    "offline",
    "not_enrolled",
    "refused",
    "failed",
)


@dataclass(frozen=True)
class SyncStatus:
    state: str
    message: str = ""
    report: SyncReport | None = None
    at: datetime | None = None
    retry_in: float | None = None  # seconds until the next attempt, when waiting on the hub


def backoff_delay(failures: int, rng: random.Random, base: float = 5.0, cap: float = 300.0) -> float:
    """Exponential backoff with full jitter: laptops that lost the hub together do not return together."""
    ceiling = min(cap, base * (2 ** max(0, failures - 1)))
    return rng.uniform(ceiling / 2, ceiling)


class SyncWorker:
    """Runs ``sync_once`` on its own thread: every ``interval`` seconds, at once after ``sync_now()``."""

    def __init__(
        self,
        db: Database,
        on_status: Callable[[SyncStatus], None],
        *,
        interval: float = 60.0,
        automatic: bool = True,
        client_factory: ClientFactory = default_client,
        rng: random.Random | None = None,
    ) -> None:
        self.db = db
        self.on_status = on_status
        self.interval = interval
        self.automatic = automatic
        self.client_factory = client_factory
        self.rng = rng or random.Random()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.failures = 0
        self.rounds = 0

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="onramp-sync", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def sync_now(self) -> None:
        """Sync as soon as possible (a button, a fresh enrolment, new local changes)."""
        self._wake.set()

    def _run(self) -> None:
        asked = True
        while not self._stop.is_set():
            delay = self.interval
            if asked or self.automatic:
                delay = self.run_round()
            self._wake.wait(delay)
            asked = self._wake.is_set()
            self._wake.clear()

    def _report(self, status: SyncStatus) -> None:
        # Once stopped, nobody is listening: a round that outlived ``stop()``'s wait (a slow hub at
        # closing time) must not report to a window that is gone.
        if not self._stop.is_set():
            self.on_status(status)

    def run_round(self) -> float:
        """One attempt; returns how long to wait before the next automatic one."""
        self._report(SyncStatus(SYNCING))
        try:
            report = sync_once(self.db, self.client_factory)
        except NotEnrolledYet as exc:
            self._report(SyncStatus(NOT_ENROLLED, str(exc)))
            return 3600.0
        except NotEnrolled as exc:
            self._report(SyncStatus(REFUSED, str(exc)))
            return 3600.0
        except HubUnreachable as exc:
            self.failures += 1
            delay = backoff_delay(self.failures, self.rng)
            self._report(SyncStatus(OFFLINE, str(exc), retry_in=delay))
            return delay
        except HubError as exc:
            self.failures += 1
            delay = backoff_delay(self.failures, self.rng)
            self._report(SyncStatus(FAILED, str(exc), retry_in=delay))
            return delay
        except Exception as exc:
            log.exception("sync failed")
            self.failures += 1
            delay = backoff_delay(self.failures, self.rng)
            self._report(SyncStatus(FAILED, describe_failure(exc), retry_in=delay))
            return delay
        self.failures = 0
        self.rounds += 1
        self._report(SyncStatus(SYNCED, report.summary(), report=report, at=datetime.now()))
        return self.interval if not (report.pushed or report.pulled) else min(self.interval, 5.0)
