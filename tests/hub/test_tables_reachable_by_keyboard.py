"""A table that may scroll sideways on a narrow screen can be reached and scrolled by keyboard.

Every ``.table-wrap`` box is a named, focusable region (axe: scrollable-region-focusable). The browser
sweep finds a box only on pages whose table overflows in its test data; this finds every template's.
"""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "hub" / "web" / "templates"
WRAP = re.compile(r"<div\b[^>]*\bclass=\"[^\"]*\btable-wrap\b[^\"]*\"[^>]*>")


def wraps() -> list[tuple[str, str]]:
    return [(path.name, tag) for path in sorted(TEMPLATES.glob("*.html")) for tag in WRAP.findall(path.read_text())]


def test_the_templates_have_table_boxes_to_check() -> None:
    assert len(wraps()) >= 3


def test_every_table_box_is_a_named_region_in_the_tab_order() -> None:
    unreachable = [
        f"{name}: {tag}"
        for name, tag in wraps()
        if 'tabindex="0"' not in tag or 'role="region"' not in tag or "aria-label" not in tag
    ]
    assert unreachable == []
