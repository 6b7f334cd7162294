"""sign-in tallies and an index of people's recorded steps, for the Reports page

Revision ID: 0010_report_tallies
Revises: 0009_visits

``sign_in_tallies`` holds, per session and source (kiosk, host, paper), how many standing
sign-ins it has, kept in step by triggers on ``sign_ins`` as ``visits`` is (0009): the report's
sessions held and headcount by source read a few rows per session instead of every sign-in.
``ix_participants_stage`` finds the few people whose step the host set without reading every
person. A later migration that rebuilds ``sign_ins`` must create the triggers again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_report_tallies"
down_revision = "0009_visits"
branch_labels = None
depends_on = None

# The tallies of the sign-ins matching ``{where}``: the one statement behind the backfill and every trigger.
TALLIES_OF = (
    "INSERT INTO sign_in_tallies (session_id, source, sign_ins) "
    "SELECT session_id, source, COUNT(*) FROM sign_ins "
    "WHERE {where} AND voided = 0 AND deleted = 0 GROUP BY session_id, source"
)


def _refresh(row: str) -> str:
    """Statements that recount the tally of ``row``'s session and source (``old`` or ``new``)."""
    where = f"session_id = {row}.session_id AND source = {row}.source"
    return f"DELETE FROM sign_in_tallies WHERE {where}; " + TALLIES_OF.format(where=where) + "; "


TRIGGERS = {
    "sign_in_tallies_insert": f"AFTER INSERT ON sign_ins BEGIN {_refresh('new')}END",
    "sign_in_tallies_update": (
        f"AFTER UPDATE OF session_id, source, voided, deleted ON sign_ins BEGIN {_refresh('old')}{_refresh('new')}END"
    ),
    "sign_in_tallies_delete": f"AFTER DELETE ON sign_ins BEGIN {_refresh('old')}END",
}


def create_triggers() -> None:
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def upgrade() -> None:
    op.create_table(
        "sign_in_tallies",
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("sign_ins", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", "source", name=op.f("pk_sign_in_tallies")),
        sqlite_with_rowid=False,
    )
    op.execute(TALLIES_OF.format(where="1 = 1"))
    create_triggers()
    op.create_index("ix_participants_stage", "participants", ["stage"])


def downgrade() -> None:
    op.drop_index("ix_participants_stage", table_name="participants")
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("sign_in_tallies")
