"""Handouts scene: the page with a preview drawn."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.handouts.page import HandoutsPage


def handouts_scenes(window) -> list[tuple[str, QWidget]]:
    """For ``make screenshots``: the page with a preview drawn (badges of the newest session with people)."""
    page: HandoutsPage = window.show_page("handouts")
    tasks = window.ctx.tasks
    was, tasks.synchronous = tasks.synchronous, True
    try:
        page.kind.setCurrentIndex(page.kind.findData("badges"))
        for i in range(page.session.count()):
            page.session.setCurrentIndex(i)
            page.make_preview()
            if page.pdf is not None:
                break
    finally:
        tasks.synchronous = was
    return [("handouts-preview", page)]
