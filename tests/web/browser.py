"""Helpers for driving the hub's pages in Debian's Chromium: axe-core, narrow screens, the keyboard.

Everything here runs in the real browser against the real page: axe-core (vendored in
tests/web/vendor, never fetched) checks WCAG 2.0, 2.1 and 2.2 at levels A and AA; the width check
measures the laid-out document; Tab presses go through Chromium's own focus navigation.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page

# Debian's package puts it here; ONRAMP_CHROMIUM names another binary (scripts/system-deps reads it too).
CHROMIUM = Path(os.environ.get("ONRAMP_CHROMIUM", "/usr/bin/chromium"))
# Headless, and quiet: no first-run, sync, component or background traffic to the internet.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_CHROMIUM = (
    f"Chromium is not installed at {CHROMIUM}: the hub's web pages are tested in Debian's chromium. "
    "Install it with `bash scripts/system-deps` (as root on Debian/Ubuntu it installs it; otherwise it names "
    "the package), or point ONRAMP_CHROMIUM at a Chromium binary."
)

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
NARROW = 320  # px: WCAG 1.4.10 Reflow, a 1280 px screen at 400 % zoom
TALL = 720


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: list[str]

    def __str__(self) -> str:
        where = "; ".join(self.targets[:5]) + (f"; and {len(self.targets) - 5} more" if len(self.targets) > 5 else "")
        return f"{self.rule} [{self.impact}] {self.help} — at {where}"


def with_axe(page: Page) -> None:
    """Put axe-core into the page, once.

    Evaluated through the DevTools protocol rather than added as a <script> element: the hub's
    Content-Security-Policy rightly refuses inline script, and the test must not loosen it (with
    the policy off, a style the policy blocks for real visitors would count in the test).
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8") + "\n;undefined"


def axe_violations(page: Page) -> list[Violation]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA violations on the page as it is now."""
    with_axe(page)
    found: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => ({
                rule: v.id, impact: v.impact || '', help: v.help,
                targets: v.nodes.map(n => n.target.join(' ')),
            }));
        }""",
        WCAG_TAGS,
    )
    return [Violation(v["rule"], v["impact"], v["help"], list(v["targets"])) for v in found]


def explain(violations: list[Violation], where: str) -> str:
    """An assertion message a person can act on: one line per rule broken, with where."""
    lines = [f"{len(violations)} accessibility rule(s) broken on {where}:"]
    lines += [f"  - {v}" for v in violations]
    return "\n".join(lines)


def horizontal_overflow(page: Page, width: int = NARROW) -> int:
    """How many pixels the page is wider than a ``width`` px window (0: no sideways scrolling)."""
    page.set_viewport_size({"width": width, "height": TALL})
    overflow: int = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    return max(overflow, 0)


def overflowing_elements(page: Page) -> list[str]:
    """The elements that reach past the window's right edge (for an overflow's assertion message)."""
    found: list[str] = page.evaluate(
        """() => {
            const right = document.documentElement.clientWidth;
            const out = [];
            for (const el of document.body.querySelectorAll('*')) {
                const box = el.getBoundingClientRect();
                if (box.right > right + 0.5 && box.width > 0) {
                    const inside = out.some(o => o.el.contains(el));
                    if (!inside) out.push({el, text: el.tagName.toLowerCase()
                        + (el.id ? '#' + el.id : '')
                        + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                        + ` (right edge ${Math.round(box.right)} px)`});
                }
            }
            return out.slice(0, 10).map(o => o.text);
        }"""
    )
    return found


@dataclass(frozen=True)
class Stop:
    """Where focus is: the element's role (or tag) and accessible name, and whether it is inside <main>."""

    role: str
    name: str
    in_main: bool
    href: str = ""

    def __str__(self) -> str:
        return f'{self.role} "{self.name}"'


_FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    axe.setup(document);
    let name;
    try { name = axe.commons.text.accessibleText(el); } finally { axe.teardown(); }
    const role = el.getAttribute('role') || el.tagName.toLowerCase();
    const main = document.querySelector('main');
    return {role, name: (name || '').trim(), in_main: !!main && main.contains(el), href: el.getAttribute('href') || ''};
}"""


def focused(page: Page) -> Stop | None:
    """The element that has keyboard focus (None: the document itself), named as a screen reader would."""
    with_axe(page)
    found = page.evaluate(_FOCUSED)
    return None if found is None else Stop(found["role"], found["name"], found["in_main"], found["href"])


def tab_through(page: Page, limit: int = 60) -> list[Stop]:
    """Every Tab stop from the top of the page, in order, until focus comes round again (or ``limit``)."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    stops: list[Stop] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop is None or (stops and stop == stops[0]):
            break
        stops.append(stop)
    return stops


def tab_to(page: Page, name: str, limit: int = 60) -> Stop:
    """Press Tab until the element named ``name`` has focus; AssertionError listing the stops if never."""
    seen: list[Stop] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop is not None and stop.name == name:
            return stop
        if stop is not None:
            seen.append(stop)
    raise AssertionError(f"Tab never reached {name!r}; the stops were: " + ", ".join(map(str, seen)))


@contextmanager
def requests_outside(page: Page, hub_url: str) -> Iterator[list[str]]:
    """Collects every request the page makes to anywhere but the hub (nothing may come from the internet)."""
    hub = urlsplit(hub_url).netloc
    seen: list[str] = []

    def note(request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "about", "blob") and parts.netloc != hub:
            seen.append(request.url)

    page.on("request", note)
    try:
        yield seen
    finally:
        page.remove_listener("request", note)
