"""Settings: each declared once, with its type, default and a translatable description.

Stored as JSON beside the database, so the domain (handouts' paper size, the
kiosk PIN) reads them without Qt.
"""

from __future__ import annotations

import json
import locale
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from desktop.i18n import N_

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type[T]
    default: T
    description: str  # marked with N_, shown through _()
    choices: tuple[Any, ...] = ()

    def coerce(self, value: Any) -> T:
        if not isinstance(value, self.type) or (self.choices and value not in self.choices):
            return self.default
        return value


def _default_paper() -> str:
    # Letter in the Americas' Letter countries, A4 elsewhere.
    loc = (locale.getlocale()[0] or os.environ.get("LANG", "")).upper()
    letter = ("_US", "_CA", "_MX", "_PH", "_CL", "_CO", "_VE", "_GT", "_PR", "_CR")
    return "letter" if any(loc.find(c) >= 0 for c in letter) or not loc else "a4"


LANGUAGE = Setting("language", str, "en", N_("Language of the app"), ("en", "es"))
LARGE_TEXT = Setting("large_text", bool, False, N_("Large text everywhere"))
PAPER_SIZE = Setting("paper_size", str, _default_paper(), N_("Paper size for handouts"), ("a4", "letter"))
KIOSK_PIN_HASH = Setting("kiosk_pin_hash", str, "", N_("Host PIN to leave the kiosk (stored hashed)"))
DEVICE_NAME = Setting("device_name", str, "", N_("A name for this laptop"))
AUTO_SYNC = Setting("auto_sync", bool, True, N_("Sync automatically when the hub answers"))
LAPSED_AFTER_SESSIONS = Setting(
    "lapsed_after_sessions",
    int,
    3,
    N_("Sessions in a row someone misses at their usual venue before they show as stopped coming"),
)

ALL_SETTINGS: tuple[Setting[Any], ...] = (
    LANGUAGE,
    LARGE_TEXT,
    PAPER_SIZE,
    KIOSK_PIN_HASH,
    DEVICE_NAME,
    AUTO_SYNC,
    LAPSED_AFTER_SESSIONS,
)


class Settings:
    """Typed access to the settings file; unknown or ill-typed values read as the default."""

    FILENAME = "settings.json"

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / self.FILENAME
        self._values: dict[str, Any] = {}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self._values = loaded
        except (OSError, ValueError):
            self._values = {}  # a missing or damaged file means defaults, never a crash

    def get(self, setting: Setting[T]) -> T:
        return setting.coerce(self._values.get(setting.key, setting.default))

    def set(self, setting: Setting[T], value: T) -> None:
        self._values[setting.key] = setting.coerce(value)
        self._save()

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Write-then-rename so a crash never leaves half a file.
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self._values, fh, ensure_ascii=False, indent=2)
        os.replace(tmp, self.path)
