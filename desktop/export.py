"""CSV export of the tables a host or organiser cares about."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sqlalchemy import inspect, select

from desktop.models import Database, ExitCard, PairingGroup, Participant, SignIn, TasterSession, Venue
from desktop.models.base import Synced
from desktop.models.outbox import to_wire

EXPORTS: tuple[tuple[str, type[Synced]], ...] = (
    ("venues", Venue),
    ("sessions", TasterSession),
    ("participants", Participant),
    ("sign_ins", SignIn),
    ("exit_cards", ExitCard),
    ("pairings", PairingGroup),
)
_HIDDEN = {"updated_at", "origin", "search_key", "phone_last4"}


def _cell(value: object) -> str:
    value = to_wire(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return ""
    return str(value)


def export_csv(db: Database, out_dir: Path) -> list[tuple[Path, int]]:
    """One UTF-8 CSV (with BOM, so spreadsheet apps read accents right) per table; tombstones left out."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with db.session() as s:
        for name, model in EXPORTS:
            columns = [c.key for c in inspect(model).column_attrs if c.key not in _HIDDEN]
            path = out_dir / f"{name}.csv"
            count = 0
            with path.open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(columns)
                for row in s.scalars(select(model).where(model.deleted.is_(False))):
                    writer.writerow([_cell(getattr(row, c)) for c in columns])
                    count += 1
            written.append((path, count))
    return written
