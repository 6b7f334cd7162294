"""Print requirements/lock.txt as plain version pins, for systems the lock was not resolved for.

    python packaging/ci_constraints.py > build/constraints.txt
    pip install -c build/constraints.txt -e ".[package]"

The lock is resolved for Linux, with hashes; Windows and macOS need a few more
packages (PyInstaller's pefile, pywin32-ctypes, macholib), so they install the
same versions of everything the lock names and let pip add what is missing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "requirements" / "lock.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?==[^\s\\;]+)(\s*;[^\\]*)?", re.MULTILINE)


def pins(text: str) -> list[str]:
    return [(name + (marker or "")).strip() for name, marker in PIN.findall(text)]


def main() -> int:
    sys.stdout.write("\n".join(pins(LOCK.read_text(encoding="utf-8"))) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
