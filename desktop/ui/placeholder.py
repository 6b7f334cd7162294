"""An honest page for a capability that is not in this version yet."""

from __future__ import annotations

from desktop.i18n import _
from desktop.ui.context import AppContext
from desktop.ui.page import Page
from desktop.ui.widgets import Note


class PlaceholderPage(Page):
    def __init__(self, ctx: AppContext, title: str, explanation: str) -> None:
        super().__init__(ctx, title)
        note = Note(_("{what} is not in this version of On-Ramp yet.").format(what=title) + "\n\n" + explanation)
        self.layout_.addWidget(note)
        self.layout_.addStretch(1)
