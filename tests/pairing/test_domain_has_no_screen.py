"""Pairing is pure domain code: it runs without Qt."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT


def test_pairing_imports_no_qt():
    code = (
        "import sys\n"
        "import desktop.pairing, desktop.pairing.store, desktop.pairing.board\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
