"""Covering indexes for sign-in counts (per session, per person, recent)

Revision ID: 0003_signin_count_indexes
Revises: 0002_signin
"""

from __future__ import annotations

from alembic import op

revision = "0003_signin_count_indexes"
down_revision = "0002_signin"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_sign_ins_session_live": ["session_id", "voided", "deleted", "participant_id"],
    "ix_sign_ins_person_sessions": ["participant_id", "session_id", "voided", "deleted"],
    "ix_sign_ins_recent": ["signed_in_at", "voided", "participant_id"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "sign_ins", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="sign_ins")
