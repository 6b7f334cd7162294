"""Everything but the Qt layer runs without Qt: every domain module is importable with no PySide6 loaded.

The modules are found by walking the package, so a new domain module is covered as soon as it exists.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

# The Qt layer, and the modules that start it.
SCREEN = ("desktop.ui", "desktop.app")

WALK_AND_IMPORT = """
import importlib, pathlib, sys

root = pathlib.Path({root!r}) / "desktop"
screen = {screen!r}
found = []
# Found by file, not pkgutil.walk_packages, which imports every package (the Qt layer too) to walk it.
for path in sorted(root.rglob("*.py")):
    parts = path.relative_to(root.parent).with_suffix("").parts
    name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
    if name.startswith(screen) or ".migrations" in name:
        continue
    importlib.import_module(name)
    found.append(name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
assert not qt, f"Qt was imported: {{qt[:5]}}"
print(len(found))
"""


def test_every_domain_module_imports_without_qt():
    proc = subprocess.run(
        [sys.executable, "-c", WALK_AND_IMPORT.format(root=str(ROOT), screen=SCREEN)],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert int(proc.stdout.strip()) >= 60  # the walk really found the domain (signin, sync, lessons, ...)


def _qt_imports(path) -> list[int]:
    """Lines of ``path`` that import Qt, at any depth (a function's lazy import included)."""
    import ast

    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        if any(name.split(".")[0] in ("PySide6", "shiboken6") for name in names):
            lines.append(node.lineno)
    return lines


def test_no_domain_module_imports_qt_even_inside_a_function():
    domain = [
        path
        for path in sorted((ROOT / "desktop").rglob("*.py"))
        if not path.relative_to(ROOT).as_posix().startswith(("desktop/ui/", "desktop/app.py"))
    ]
    assert len(domain) >= 60
    offenders = {path.relative_to(ROOT).as_posix(): lines for path in domain if (lines := _qt_imports(path))}
    assert offenders == {}


def test_the_qt_import_finder_sees_a_lazy_import(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("def later():\n    from PySide6.QtGui import QImage\n    return QImage\n", encoding="utf-8")
    assert _qt_imports(planted) == [2]
