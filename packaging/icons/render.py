"""Render the hand-drawn SVG icon (desktop/icons/onramp.svg) to the PNGs beside it.

    .venv/bin/python packaging/icons/render.py

The window, the Linux menu entry and the Windows and macOS programs use them.
Qt draws it (QtSvg), so the PNGs match what the app itself would show.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Inside the desktop package, so a pip install and the bundle both carry them for the window.
ICONS = Path(__file__).resolve().parents[2] / "desktop" / "icons"
SVG = ICONS / "onramp.svg"
SIZES = (256, 48)


def png_path(size: int) -> Path:
    return ICONS / f"onramp-{size}.png"


def render(size: int, out: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not a valid SVG image")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(out), "PNG"):
        raise SystemExit(f"could not write {out}")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs one
    for size in SIZES:
        render(size, png_path(size))
        print(png_path(size))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
