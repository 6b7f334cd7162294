"""The window's side of background sync: runs desktop.sync.worker and turns its reports into sentences.

One controller per AppContext (it survives the window being rebuilt on a
language change). Reports arrive from the worker thread and are passed to
the main thread through a queued signal; nothing here waits on the network.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from desktop import settings as S
from desktop.i18n import _, ngettext
from desktop.ops import OpChanges
from desktop.sync.worker import (
    FAILED,
    NOT_ENROLLED,
    OFFLINE,
    REFUSED,
    SYNCED,
    SYNCING,
    SyncStatus,
    SyncWorker,
)
from desktop.ui.context import AppContext

CHANGE_DEBOUNCE_MS = 4000


def describe(status: SyncStatus) -> str:
    """One sentence for the status bar and the Sync page, in plain words with the local time."""
    if status.state == SYNCING:
        return _("Syncing with the hub…")
    if status.state == SYNCED:
        when = status.at.strftime("%H:%M") if status.at else ""
        return _("Synced with the hub at {time}.").format(time=when)
    if status.state == OFFLINE:
        minutes = max(1, round((status.retry_in or 60) / 60))
        return ngettext(
            "{problem} Everything is kept on this laptop; trying again in {n} minute.",
            "{problem} Everything is kept on this laptop; trying again in {n} minutes.",
            minutes,
        ).format(problem=status.message, n=minutes)
    if status.state in (REFUSED, FAILED):
        return status.message  # desktop.sync.wording's sentence: what happened, when, what to do
    if status.state == NOT_ENROLLED:
        return _("Not connected to a hub: everything is kept on this laptop.")
    return ""


class SyncController(QObject):
    status_changed = Signal(object)  # SyncStatus, always emitted on the main thread
    # From the worker thread to this object's (the main) thread: a queued hop, so that
    # listeners of ``status_changed`` — Qt slots or plain callables — run on the main thread.
    _status_from_worker = Signal(object)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.last_status: SyncStatus | None = None
        # Whether the last status is worth saying aloud: a new state, not the same one again each
        # minute ("Synced at 14:05", "Synced at 14:06"), nor the brief "Syncing…" between them.
        self.last_was_news = False
        self._said_state = ""
        self.worker = SyncWorker(ctx.db, self._from_worker, automatic=ctx.settings.get(S.AUTO_SYNC))
        self._status_from_worker.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(CHANGE_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._local_changes_settled)
        ctx.events.changed.connect(self._local_change)
        ctx.shutdown_hooks.append(self.stop)
        if not ctx.is_demo:
            self.worker.start()

    @classmethod
    def for_context(cls, ctx: AppContext) -> SyncController:
        if ctx.sync is None:
            ctx.sync = cls(ctx)
        return ctx.sync

    @property
    def automatic(self) -> bool:
        return self.worker.automatic

    def set_automatic(self, on: bool) -> None:
        self.worker.automatic = on
        self.ctx.settings.set(S.AUTO_SYNC, on)
        if on:
            self.worker.sync_now()

    def sync_now(self) -> None:
        self._debounce.stop()  # this round sends every change made so far
        self.worker.start()
        self.worker.sync_now()

    def stop(self) -> None:
        self.worker.stop(timeout=2.0)

    def _from_worker(self, status: SyncStatus) -> None:  # worker thread
        self._status_from_worker.emit(status)

    @Slot(object)
    def _show(self, status: SyncStatus) -> None:
        self.last_status = status
        self.last_was_news = status.state != SYNCING and status.state != self._said_state
        if status.state != SYNCING:
            self._said_state = status.state
        self.status_changed.emit(status)
        self.ctx.events.sync_state_changed.emit(describe(status))
        changes = OpChanges.from_tables(status.report.tables) if status.report is not None else OpChanges()
        if changes:
            # What the round wrote came from the hub: it is no local change to send back soon.
            self.ctx.events.changed.emit(changes)

    def _local_change(self, changes: OpChanges) -> None:
        """A change made here: sync a little later, once a burst of changes has settled."""
        if not changes.remote and self.worker.automatic:
            self._debounce.start()

    def _local_changes_settled(self) -> None:
        self.worker.sync_now()
