"""Every action the hub writes to its audit log is read in words on the audit page."""

from __future__ import annotations

import ast
from pathlib import Path

from hub.web.pages.audit import ACTION_WORDS

HUB = Path(__file__).resolve().parents[2] / "hub"


def _strings(node: ast.expr) -> set[str]:
    """The string constants an action argument can be: "x", or "x" if on else "y"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    return set()


def written_actions() -> set[str]:
    found: set[str] = set()
    for path in HUB.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = getattr(node, "func", None)
            if isinstance(node, ast.Call) and getattr(called, "id", getattr(called, "attr", "")) == "audit":
                found |= _strings(node.args[2]) if len(node.args) >= 3 else set()
    return found


def test_the_walk_finds_the_actions_the_hub_writes() -> None:
    assert {"user created", "CSV exported", "sessions published"} <= written_actions()


def test_every_action_written_to_the_audit_log_has_words_on_the_audit_page() -> None:
    assert written_actions() - set(ACTION_WORDS) == set()
