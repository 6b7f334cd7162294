"""What every page needs: the database runner, background tasks, settings, where the data lives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.settings import Settings
from desktop.ui.ops import OpRunner
from desktop.ui.tasks import DbRunner, TaskRunner

if TYPE_CHECKING:
    from desktop.models import Database
    from desktop.ui.sync.controller import SyncController


class AppEvents(QObject):
    """App-wide signals, named for what happened, so pages refresh only what changed."""

    changed = Signal(object)  # desktop.ops.OpChanges: what an operation or a sync round changed
    open_session_requested = Signal(str)  # a session id
    kiosk_requested = Signal(str)  # a session id: the Sign-in page, with that session chosen for the kiosk
    sync_state_changed = Signal(str)  # a short sentence for the status bar
    large_text_changed = Signal(bool)


@dataclass
class AppContext:
    db: Database
    db_runner: DbRunner
    tasks: TaskRunner
    settings: Settings
    data_dir: Path
    is_demo: bool = False
    events: AppEvents = field(default_factory=AppEvents)
    # Called, newest first, when the app closes: background services stop before the database does.
    shutdown_hooks: list[Callable[[], None]] = field(default_factory=list)
    # The one background sync of this window (desktop.ui.sync.controller), made when first needed.
    sync: SyncController | None = None

    @cached_property
    def ops(self) -> OpRunner:
        """Every change to data from the UI goes through here (see desktop.ops)."""
        return OpRunner(self.db_runner, self.tasks, self.events)
