"""The page every sidebar entry shows."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.ui.context import AppContext
from desktop.ui.widgets import Heading


class Page(QWidget):
    """A main-window page. Subclasses fill ``self.layout_`` and load data in ``refresh``."""

    key = ""
    title = ""  # translated by the registry

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
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
        return False
