"""The Linux menu entry and the icon shipped beside the bundle."""

from __future__ import annotations

import configparser
import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import ROOT

PACKAGING = ROOT / "packaging"
ENTRY = PACKAGING / "linux" / "onramp.desktop"


def _entry() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive in desktop entries
    parser.read(ENTRY, encoding="utf-8")
    return parser


def test_desktop_entry_starts_onramp_with_its_icon_in_english_and_spanish() -> None:
    main = _entry()["Desktop Entry"]
    assert main["Type"] == "Application"
    assert main["Name"] == "On-Ramp"
    assert main["Exec"] == "onramp"
    assert main["Icon"] == "onramp"
    assert main["Terminal"] == "false"
    assert main["Categories"].endswith(";") and "Education" in main["Categories"].split(";")
    for key in ("GenericName", "Comment", "Keywords"):
        assert main[f"{key}[es]"] and main[f"{key}[es]"] != main[key]


def test_desktop_entry_offers_the_demo_as_an_action() -> None:
    entry = _entry()
    assert entry["Desktop Entry"]["Actions"] == "demo;"
    assert entry["Desktop Action demo"]["Exec"] == "onramp --demo"
    assert entry["Desktop Action demo"]["Name[es]"]


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_entry_passes_the_freedesktop_validator() -> None:
    proc = subprocess.run(["desktop-file-validate", str(ENTRY)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def _render_module():
    spec = importlib.util.spec_from_file_location("onramp_icon_render", PACKAGING / "icons" / "render.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("size", [256, 48])
def test_icon_pngs_are_rendered_from_the_current_svg(qapp, tmp_path: Path, size: int) -> None:
    from PySide6.QtGui import QImage

    render = _render_module()
    fresh = tmp_path / f"{size}.png"
    render.render(size, fresh)
    shipped, expected = QImage(str(render.png_path(size))), QImage(str(fresh))
    assert (shipped.width(), shipped.height()) == (size, size)
    # Same picture, allowing for a Qt version antialiasing an edge a little differently.
    differing = sum(
        1
        for y in range(size)
        for x in range(size)
        if abs(shipped.pixelColor(x, y).red() - expected.pixelColor(x, y).red()) > 24
        or abs(shipped.pixelColor(x, y).alpha() - expected.pixelColor(x, y).alpha()) > 24
    )
    assert differing <= size * size // 100, "run packaging/icons/render.py after editing onramp.svg"


def test_icon_has_rounded_transparent_corners_and_a_solid_middle(qapp) -> None:
    from PySide6.QtGui import QImage

    image = QImage(str(ROOT / "desktop" / "icons" / "onramp-256.png"))
    assert image.pixelColor(0, 0).alpha() == 0
    assert image.pixelColor(14, 14).alpha() == 0  # inside the square, outside the rounded corner
    assert image.pixelColor(128, 40).alpha() == 255
