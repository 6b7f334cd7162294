"""The page every sidebar entry shows."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.ops import Kind, OpChanges
from desktop.ui.context import AppContext
from desktop.ui.widgets import Heading

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


class Page(QWidget):
    """A main-window page. Subclasses fill ``self.layout_`` and load data in ``refresh``."""

    key = ""
    title = ""  # translated by the registry

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loading = False
        self.setAccessibleName(title)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(24, 18, 24, 18)
        self.layout_.setSpacing(12)
        self.heading = Heading(title, 1, self)
        self.layout_.addWidget(self.heading)

    def refresh(self) -> None:
        """Load what the page shows, in the background. Called when the page is shown."""

    @property
    def loading(self) -> bool:
        return self._loading

    def load(self, query: Callable[[Session], T], show: Callable[[T | None, BaseException | None], None]) -> None:
        """Run ``query(session)`` on the database thread, then ``show(result, error)`` here."""
        self._loading = True

        def done(result: T | None, error: BaseException | None) -> None:
            self._loading = False
            show(result, error)

        self.ctx.db_runner.run(query, done)

    def read(
        self, query: Callable[[sqlite3.Connection], T], show: Callable[[T | None, BaseException | None], None]
    ) -> None:
        """Run ``query(connection)`` with plain sqlite3 on a worker (``Database.read``), then ``show(result, error)``
        here: for what the window shows first, before SQLAlchemy and the database thread are ready."""
        self._loading = True
        db = self.ctx.db

        def done(result: T | None, error: BaseException | None) -> None:
            self._loading = False
            show(result, error)

        self.ctx.tasks.run(lambda: db.read(query), done)

    def refresh_when_seen(self, _what: object = None) -> None:
        """Reload now if on screen; otherwise showing the page reloads it."""
        if self.isVisible():
            self.refresh()

    def refresh_on(self, *kinds: Kind) -> None:
        """Reload (when seen) after any change to records of these kinds."""

        def changed(changes: OpChanges) -> None:
            if changes.touches(*kinds):
                self.refresh_when_seen()

        self.ctx.events.changed.connect(changed)
