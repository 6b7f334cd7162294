"""Column values between the wire (JSON) and the local models (dates and times as Python objects)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, inspect

from desktop.models.base import Synced

# Memo by model (a plain dict: mypy does not see a class object as Hashable, so @cache will not take one).
_KINDS: dict[type[Synced], dict[str, str]] = {}


def column_kinds(model: type[Synced]) -> dict[str, str]:
    """Content column name -> "datetime", "date" or "" (everything else travels as is)."""
    kinds = _KINDS.get(model)
    if kinds is None:
        kinds = {}
        for attr in inspect(model).column_attrs:
            if attr.key in Synced.SYNC_META:
                continue
            column_type = attr.columns[0].type
            kinds[attr.key] = (
                "datetime" if isinstance(column_type, DateTime) else "date" if isinstance(column_type, Date) else ""
            )
        _KINDS[model] = kinds  # whole, so another thread never reads it half made
    return kinds


def from_wire(model: type[Synced], name: str, value: Any) -> Any:
    kind = column_kinds(model).get(name, "")
    if value is None or not kind or not isinstance(value, str):
        return value
    return datetime.fromisoformat(value) if kind == "datetime" else date.fromisoformat(value)
