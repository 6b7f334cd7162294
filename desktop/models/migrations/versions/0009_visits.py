"""visits: one row per person and session they came to, kept in step by triggers

Revision ID: 0009_visits
Revises: 0008_report_indexes

The Reports page counted visits by folding every sign-in into (person, session) pairs on each
load, which took most of a second on years of a busy chapter. ``visits`` holds those pairs
(``reports.definitions.VISIT``: standing sign-ins by a known person to a session still on
record), with the session's start and whether the person helped at it. SQLite triggers on
``sign_ins`` and ``sessions`` rebuild the pairs a write touches, so every code path that writes
them (kiosk, host, paper sheets, imports, sync apply, erasure) keeps it right without a line of
Python. A later migration that rebuilds ``sign_ins`` or ``sessions`` (batch mode) drops their
triggers with the old table and must create them again (``create_triggers``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_visits"
down_revision = "0008_report_indexes"
branch_labels = None
depends_on = None

# The visits of the sign-ins matching ``{where}``: the one statement behind the backfill and every trigger.
VISITS_OF = (
    "INSERT INTO visits (participant_id, session_id, starts_at, helped) "
    "SELECT si.participant_id, si.session_id, ts.starts_at, MAX(si.as_helper) "
    "FROM sign_ins si JOIN sessions ts ON ts.id = si.session_id "
    "WHERE {where} AND si.participant_id IS NOT NULL AND si.voided = 0 AND si.deleted = 0 AND ts.deleted = 0 "
    "GROUP BY si.participant_id, si.session_id, ts.starts_at"
)


def _refresh_pair(row: str) -> str:
    """Statements that rebuild the visit of ``row``'s person and session (``old`` or ``new``)."""
    pair = f"participant_id = {row}.participant_id AND session_id = {row}.session_id"
    return (
        f"DELETE FROM visits WHERE {pair}; "
        + VISITS_OF.format(where=f"si.participant_id = {row}.participant_id AND si.session_id = {row}.session_id")
        + "; "
    )


def _refresh_session(row: str) -> str:
    return (
        f"DELETE FROM visits WHERE session_id = {row}.id; " + VISITS_OF.format(where=f"si.session_id = {row}.id") + "; "
    )


TRIGGERS = {
    "visits_sign_in_insert": f"AFTER INSERT ON sign_ins WHEN new.participant_id IS NOT NULL BEGIN {_refresh_pair('new')}END",
    "visits_sign_in_update": (
        "AFTER UPDATE OF participant_id, session_id, as_helper, voided, deleted ON sign_ins "
        f"BEGIN {_refresh_pair('old')}{_refresh_pair('new')}END"
    ),
    "visits_sign_in_delete": f"AFTER DELETE ON sign_ins BEGIN {_refresh_pair('old')}END",
    # A session synced in after its sign-ins, moved to another time, deleted or restored.
    "visits_session_insert": f"AFTER INSERT ON sessions BEGIN {_refresh_session('new')}END",
    "visits_session_update": (
        "AFTER UPDATE OF id, starts_at, deleted ON sessions "
        f"BEGIN DELETE FROM visits WHERE session_id = old.id; {_refresh_session('new')}END"
    ),
    "visits_session_delete": "AFTER DELETE ON sessions BEGIN DELETE FROM visits WHERE session_id = old.id; END",
}
INDEXES = {
    "ix_visits_session": ["session_id", "starts_at"],
    "ix_visits_starts_at": ["starts_at"],
    "ix_visits_person_first": ["participant_id", "starts_at"],
    "ix_visits_person_helped": ["participant_id", "helped", "starts_at"],
}


def create_triggers() -> None:
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def upgrade() -> None:
    op.create_table(
        "visits",
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("helped", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("participant_id", "session_id", name=op.f("pk_visits")),
        sqlite_with_rowid=False,
    )
    for name, columns in INDEXES.items():
        op.create_index(name, "visits", columns)
    op.execute(VISITS_OF.format(where="1 = 1"))
    create_triggers()


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("visits")
