"""Covering indexes for the Reports page: visits per session and per person, and sessions by date

Revision ID: 0008_report_indexes
Revises: 0007_learning_records

The report joins every sign-in to its session. These indexes hold every column the report
reads, so SQLite answers from the indexes without reading a row: sign-ins by session (with
who, whether they helped and how they signed in), sign-ins by person (the same, person
first), and sessions by id and by date (with what a filter asks of them). The two sign-in
indexes replace the narrower ones of 0003, which are their leading columns.
"""

from __future__ import annotations

from alembic import op

revision = "0008_report_indexes"
down_revision = "0007_learning_records"
branch_labels = None
depends_on = None

REPLACED = {
    "ix_sign_ins_session_live": ("sign_ins", ["session_id", "voided", "deleted", "participant_id"]),
    "ix_sign_ins_person_sessions": ("sign_ins", ["participant_id", "session_id", "voided", "deleted"]),
}
INDEXES = {
    "ix_sign_ins_session_visits": (
        "sign_ins",
        ["session_id", "voided", "deleted", "participant_id", "as_helper", "source"],
    ),
    "ix_sign_ins_person_visits": ("sign_ins", ["participant_id", "session_id", "voided", "deleted", "as_helper"]),
    "ix_sessions_by_id": ("sessions", ["id", "deleted", "starts_at", "venue_id", "language"]),
    "ix_sessions_by_date": ("sessions", ["starts_at", "deleted", "venue_id", "language", "id"]),
}


def upgrade() -> None:
    for name, (table, _columns) in REPLACED.items():
        op.drop_index(name, table_name=table)
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
    for name, (table, columns) in REPLACED.items():
        op.create_index(name, table, columns)
