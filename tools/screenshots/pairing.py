"""Pairing scene: the projector view of the current groups."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget


def projector_scenes(window) -> list[tuple[str, QWidget]]:
    """Screenshots: the projector view of the Pairing page's current groups."""
    page = window.show_page("pairing")
    for _ in range(3):
        QApplication.processEvents()
    view = page.make_projector()
    return [("pairing-projector", view)]
