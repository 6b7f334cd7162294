"""What a screen reader reads of On-Ramp: run the AT-SPI walk and count what it found.

``python -m tools.a11y_tree`` starts an X display (``xvfb-run``) and a private session bus
(``dbus-run-session``, which starts the AT-SPI bus and registry on demand), runs the reader
(``tools/a11y_reader.py``, in the system's Python) against the app side (``tools.a11y_walk``,
in this Python), and prints the figures: controls, unnamed, unreachable by keyboard.
The suite's tests/a11y/ reads the same report.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READER = ROOT / "tools" / "a11y_reader.py"
SYSTEM_PYTHON = "/usr/bin/python3"
AT_SPI_BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
SCREEN = "1366x768x24"


def missing() -> str:
    """Why the walk cannot run here ("" when it can): the X server, the buses, the reader's library."""
    for tool in ("xvfb-run", "Xvfb", "xauth", "dbus-run-session"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (scripts/system-deps installs it)"
    if not Path(AT_SPI_BUS_LAUNCHER).exists():
        return "the AT-SPI bus (at-spi2-core) is not installed"
    if not Path(SYSTEM_PYTHON).exists():
        return f"{SYSTEM_PYTHON} is missing: the reader runs in the system's Python"
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import gi; gi.require_version('Atspi', '2.0'); from gi.repository import Atspi"],
        capture_output=True,
        check=False,
    )
    if probe.returncode != 0:
        return "the system's Python cannot import Atspi (python3-gi and gir1.2-atspi-2.0; scripts/system-deps)"
    return ""


def read_tree(out: Path, timeout_s: float = 60.0) -> dict:
    """Run the walk; the reader's report. Raises on a walk that fails or outlasts ``timeout_s``."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DBUS_SESSION_BUS_ADDRESS")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false;qt.accessibility.atspi=false")
    command = [
        "xvfb-run",
        "--auto-servernum",
        f"--server-args=-screen 0 {SCREEN}",
        "dbus-run-session",
        "--",
        SYSTEM_PYTHON,
        str(READER),
        "--out",
        str(out),
        "--",
        sys.executable,
        "-m",
        "tools.a11y_walk",
    ]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout_s, check=False)
    if run.returncode != 0 or not out.exists():
        raise RuntimeError(f"the accessibility walk failed ({run.returncode}):\n{run.stdout}\n{run.stderr}")
    return json.loads(out.read_text(encoding="utf-8"))


def is_named(item: dict) -> bool:
    """Named as a screen reader says it: a combo box by its label (its own name is its value)."""
    labels = [text for text in item.get("labelled_by", []) if text.strip()]
    if item["role"] == "combo box":
        return bool(labels)
    return bool(item["name"].strip() or labels)


def label_of(scene: str, item: dict) -> str:
    return f"{scene}: {item['role']} {item['name']!r} ({item.get('where', '')})"


@dataclass
class Figures:
    controls: int = 0
    unnamed: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    stuck: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{self.controls} controls, {len(self.unnamed)} unnamed, {len(self.unreachable)} unreachable by keyboard"


def figures(report: dict) -> Figures:
    """Controls, and those a screen reader cannot name or a keyboard cannot reach, over every scene."""
    result = Figures()
    for scene in report["scenes"]:
        name = scene.get("scene", "?")
        if "error" in scene:
            result.errors.append(f"{name}: {scene['error']}")
        if "controls" not in scene:
            continue
        result.controls += len(scene["controls"])
        for item in scene["controls"]:
            if not is_named(item):
                result.unnamed.append(label_of(name, item))
            if item["enabled"] and item.get("focusable", True) and not item["reached"]:
                result.unreachable.append(label_of(name, item))
        # A Tab stop that is no control (a scroll area, a container) must be named too, if it is one.
        listed = {(i["role"], i["name"], i.get("where")) for i in scene["controls"]}
        for stop in scene.get("stops", []):
            if (stop["role"], stop["name"], stop.get("where")) not in listed and not is_named(stop):
                result.unnamed.append(label_of(name, stop) + " (a Tab stop)")
        if scene.get("stuck"):
            result.stuck.append(label_of(name, scene["stuck"]))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Read On-Ramp's accessibility tree and count what it found.")
    parser.add_argument("--json", type=Path, help="also keep the reader's report here")
    args = parser.parse_args(argv)
    reason = missing()
    if reason:
        print(f"cannot read the tree: {reason}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        out = args.json or Path(tmp) / "tree.json"
        report = read_tree(out, timeout_s=120.0)
    found = figures(report)
    for title, items in (
        ("Unnamed", found.unnamed),
        ("Unreachable", found.unreachable),
        ("Tab stays put", found.stuck),
        ("Errors", found.errors),
    ):
        for item in items:
            print(f"{title}: {item}")
    for scene in report["scenes"]:
        if "heard" in scene:
            print(f"Heard on {scene['scene']}: {scene['heard']}")
    print(found.summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
