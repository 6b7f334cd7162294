"""The local database: SQLAlchemy 2 models, the session factory and migrations. No Qt here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.dbcheck import DatabaseTooNew

if TYPE_CHECKING:
    from desktop.models.base import Base, Synced, new_id, utcnow
    from desktop.models.database import (
        Database,
        DatabaseCorrupt,
        DatabaseProblem,
        DatabaseUnreadable,
        open_database,
    )
    from desktop.models.entities import (
        BARRIERS,
        EXPERIENCE_LEVELS,
        HEARD_FROM,
        MODEL_BY_TABLE,
        PATHWAY_STAGES,
        SESSION_STATUSES,
        SYNCED_MODELS,
        VENUE_KINDS,
        Erasure,
        ExitCard,
        FollowUp,
        Intervention,
        LadderStep,
        Lesson,
        LessonVersion,
        PairingGroup,
        PairingRound,
        Participant,
        SignIn,
        TasterSession,
        Venue,
    )
    from desktop.models.local import Conflict, Device, OutboxEntry, QuarantinedChange, SyncState

__all__ = [
    "BARRIERS",
    "EXPERIENCE_LEVELS",
    "HEARD_FROM",
    "MODEL_BY_TABLE",
    "PATHWAY_STAGES",
    "SESSION_STATUSES",
    "SYNCED_MODELS",
    "VENUE_KINDS",
    "Base",
    "Conflict",
    "Database",
    "DatabaseCorrupt",
    "DatabaseProblem",
    "DatabaseTooNew",
    "DatabaseUnreadable",
    "Device",
    "Erasure",
    "ExitCard",
    "FollowUp",
    "Intervention",
    "LadderStep",
    "Lesson",
    "LessonVersion",
    "OutboxEntry",
    "PairingGroup",
    "PairingRound",
    "Participant",
    "QuarantinedChange",
    "SignIn",
    "SyncState",
    "Synced",
    "TasterSession",
    "Venue",
    "new_id",
    "open_database",
    "utcnow",
]


# Loaded on first use of any of them, all together (every model registered at once), so that opening the
# window, which needs only ``desktop.models.database``, does not wait for SQLAlchemy's ORM to load.
_SUBMODULES = ("base", "database", "entities", "local")


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    found = globals()
    for submodule in _SUBMODULES:
        module = importlib.import_module(f"{__name__}.{submodule}")
        for exported in __all__:
            if exported not in found and hasattr(module, exported):
                found[exported] = getattr(module, exported)
    return found[name]
