"""The desktop knows the running app by its menu entry, and every window carries the app's icon."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop.app import icon_files, show_identity
from tests.helpers import ROOT


def test_icon_files_are_in_the_package_where_pip_and_the_bundle_find_them() -> None:
    files = icon_files()
    assert files[0] == ROOT / "desktop" / "icons" / "onramp.svg"
    assert all(f.is_file() for f in files)


def test_app_names_its_desktop_entry_and_sets_the_window_icon(qapp) -> None:
    app = QApplication.instance()
    show_identity(app)
    # Matches packaging/linux/onramp.desktop, so Wayland docks group the window under the menu entry.
    assert QGuiApplication.desktopFileName() == "onramp"
    assert (ROOT / "packaging" / "linux" / f"{QGuiApplication.desktopFileName()}.desktop").is_file()
    icon = app.windowIcon()
    assert not icon.isNull()
    for size in (16, 48, 256):
        pixmap = icon.pixmap(size, size)
        assert not pixmap.isNull()
        image = pixmap.toImage()
        middle = image.pixelColor(image.width() // 2, image.height() // 2)
        assert middle.alpha() == 255  # drawn, not an empty square


def test_app_icon_is_set_from_the_pngs_when_the_svg_is_missing(qapp, monkeypatch, tmp_path: Path) -> None:
    import desktop.app as app_module

    _svg, *pngs = icon_files()
    monkeypatch.setattr(app_module, "icon_files", lambda: [tmp_path / "missing.svg", *pngs])
    app = QApplication.instance()
    show_identity(app)
    assert not app.windowIcon().isNull()
    assert {(s.width(), s.height()) for s in app.windowIcon().availableSizes()} >= {(48, 48), (256, 256)}
