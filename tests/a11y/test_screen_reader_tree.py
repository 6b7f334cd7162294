"""What a screen reader hears, read from the real AT-SPI tree under Xvfb with a session bus.

One walk (tools/a11y_tree.py) opens every page of the main window and every kiosk screen and
Tabs through each; the tests below read its report. Skipped, with the reason, where the
X server, the buses or the system's libatspi bindings are missing (scripts/system-deps installs them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.ui.pages import PAGES
from tools.a11y_tree import Figures, figures, missing, read_tree

pytestmark = pytest.mark.slow

KIOSK_SCREENS = ("start", "find", "new", "confirm-one", "confirm-which", "details", "message", "exit-card", "pin")


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> dict:
    reason = missing()
    if reason:
        pytest.skip(f"cannot read the accessibility tree here: {reason}")
    return read_tree(Path(tmp_path_factory.mktemp("a11y")) / "tree.json", timeout_s=60.0)


@pytest.fixture(scope="module")
def found(tree: dict) -> Figures:
    return figures(tree)


def test_every_page_and_kiosk_screen_is_read(tree: dict, found: Figures) -> None:
    read = [scene.get("scene") for scene in tree["scenes"]]
    expected = [f"page:{spec.key}" for spec in PAGES] + [f"kiosk:{name}" for name in KIOSK_SCREENS]
    assert [name for name in expected if name not in read] == []
    assert found.errors == []
    assert found.controls > 100  # the walk saw the controls, not an empty window


def test_every_control_and_tab_stop_has_a_name(found: Figures) -> None:
    """Buttons, fields, lists, scroll areas Tab stops on; a combo box by its label, not its value."""
    assert found.unnamed == []


def test_every_control_is_reached_by_tab_or_by_arrows_in_its_group(found: Figures) -> None:
    assert found.unreachable == []
    assert found.stuck == []  # no control keeps Tab for itself


def test_a_kiosk_error_is_announced(tree: dict) -> None:
    """Sending the new-person form empty says the error aloud (an announcement, or an alert shown)."""
    error = next(scene for scene in tree["scenes"] if scene.get("scene") == "kiosk:new-error")
    heard = [item["text"] for item in error.get("heard", [])]
    assert any("first name" in text.lower() for text in heard), heard
