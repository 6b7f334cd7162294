"""Reports scene: the host's lists (who stopped coming, who is ready for the next step) on the demo data."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.reports.host_lists import HostLists


def host_lists_scenes(window) -> list[tuple[str, QWidget]]:
    """For ``make screenshots``: both lists as the host sees them (showing the widget loads them)."""
    return [("host-lists", HostLists(window.ctx))]
