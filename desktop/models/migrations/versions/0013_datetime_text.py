"""one text form for every stored date and time

Revision ID: 0013_datetime_text
Revises: 0012_commons

A row this laptop writes stores a date and time as ``YYYY-MM-DD HH:MM:SS.ffffff``. Rows pulled from
the hub were stored without the fraction when it was zero (``2026-05-02 18:00:00``), and SQLite
compares such text as text: a session pulled from another laptop, starting at 18:00 sharp, fell
outside "from 18:00". Each such value gets its ``.000000``; the pull now stores the usual form.
"""

from __future__ import annotations

from alembic import op

revision = "0013_datetime_text"
down_revision = "0012_commons"
branch_labels = None
depends_on = None

# The date-and-time columns of the tables that arrive from the hub, as of this revision.
COLUMNS = {
    "sessions": ("starts_at",),
    "lessons": ("trashed_at",),
    "lesson_versions": ("created_at",),
    "participants": ("contact_consent_at", "created_at"),
    "sign_ins": ("signed_in_at", "signed_out_at"),
    "exit_cards": ("created_at",),
    "pairing_rounds": ("created_at",),
    "interventions": ("created_at",),
    "follow_ups": ("created_at",),
    "ladder_steps": ("created_at",),
    "lesson_lineage": ("taken_at",),
}


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        for column in columns:
            op.execute(f"UPDATE {table} SET {column} = {column} || '.000000' WHERE length({column}) = 19")


def downgrade() -> None:
    """Nothing to undo: the longer form is the one this laptop always wrote."""
