"""One label per barrier everywhere: the kiosk's words, used by reports, exports and the host's dialogs."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.vocabulary import BARRIER_LABELS, BARRIERS

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"


def test_every_barrier_has_the_kiosks_own_words():
    assert set(BARRIER_LABELS) == set(BARRIERS)
    assert BARRIER_LABELS["travel"] == "Getting here" and BARRIER_LABELS["other"] == "Something else"


def test_barrier_labels_are_defined_in_one_place_only():
    defined = [
        path.relative_to(DESKTOP).as_posix()
        for path in DESKTOP.rglob("*.py")
        if re.search(r"^BARRIER_LABELS\s*[:=]", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert defined == ["vocabulary.py"]
