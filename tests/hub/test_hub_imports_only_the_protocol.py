"""The hub takes nothing from the desktop app but the wire protocol and the reports domain it runs over its
typed projection (the models' tables and the report definitions), and what those themselves import."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROTOCOL = "desktop.sync.protocol"
# The same definitions give the same report on the hub (hub.projection): the tables they read and their text.
REPORTS = ("desktop.models.entities", "desktop.reports.definitions", "desktop.reports.tables")
# "Find a session" answers and prints a session as the laptop's flyer does (desktop.handouts.flyer, pure).
FLYER = ("desktop.handouts.flyer", "desktop.handouts.documents")
# The commons checks licences and lessons as the laptop does: its licences, and the lesson parser (pure).
COMMONS = ("desktop.commons", "desktop.commons.licences", "desktop.lessons.parse")


def _imported(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it (functions included), as absolute dotted names."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # ``from desktop.sync import protocol`` may name a module as well as a name in one.
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _is_module(name: str, root: Path) -> bool:
    parts = name.split(".")
    return root.joinpath(*parts).with_suffix(".py").is_file() or (root.joinpath(*parts) / "__init__.py").is_file()


def desktop_imports(root: Path, package: str) -> set[str]:
    """The ``desktop`` modules the ``package`` folder under ``root`` imports."""
    found: set[str] = set()
    for path in sorted((root / package).rglob("*.py")):
        found |= {n for n in _imported(path) if n.split(".")[0] == "desktop" and _is_module(n, root)}
    return found


def allowed(root: Path) -> set[str]:
    """The protocol and the reports domain, their packages, and every desktop module they import (at any remove)."""
    reached: set[str] = set()
    frontier = [
        "desktop",
        "desktop.sync",
        PROTOCOL,
        *REPORTS,
        *FLYER,
        *COMMONS,
    ]  # importing a module runs its packages' __init__ too
    while frontier:
        name = frontier.pop()
        if name in reached:
            continue
        reached.add(name)
        parts = name.split(".")
        path = root.joinpath(*parts).with_suffix(".py")
        if not path.is_file():
            path = root.joinpath(*parts) / "__init__.py"
        frontier += [n for n in _imported(path) if n.split(".")[0] == "desktop" and _is_module(n, root)]
    return reached


def test_the_hub_imports_nothing_from_the_desktop_app_but_its_protocol():
    found = desktop_imports(ROOT, "hub")
    assert PROTOCOL in found  # the walk sees the hub's imports at all
    assert found - allowed(ROOT) == set()


def test_an_import_of_any_other_desktop_module_is_caught(tmp_path):
    """The check above can fail: a copy of the hub with one planted import (inside a function) is caught."""
    shutil.copytree(ROOT / "hub", tmp_path / "hub", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "desktop", tmp_path / "desktop", ignore=shutil.ignore_patterns("__pycache__"))
    merge = tmp_path / "hub" / "merge.py"
    merge.write_text(
        merge.read_text(encoding="utf-8") + "\n\ndef _planted():\n    from desktop.sync import worker\n",
        encoding="utf-8",
    )
    assert desktop_imports(tmp_path, "hub") - allowed(tmp_path) == {
        "desktop.sync.worker",
    }
