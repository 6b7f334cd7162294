"""sync hardening: a quarantine for pulled rows the app cannot use, and the hub's history mark

Revision ID: 0004_sync_hardening
Revises: 0003_signin_count_indexes

A pulled row that breaks the shared schema is kept aside (never applied) so
one bad row cannot break a page, a handout or sync; the Sync page lists it.
``pull_mark`` is what the hub said about the history up to ``pull_cursor``:
if the hub later disagrees, it was restored from an older copy. ``pushed_seq`` and
``pushed_mark`` are the same for the newest push the hub acknowledged, so a restore is
noticed even when the pull after that push never happened.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_sync_hardening"
down_revision = "0003_signin_count_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quarantined_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False, server_default=""),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("change", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarantined_changes")),
    )
    with op.batch_alter_table("quarantined_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quarantined_changes_row_id"), ["row_id"], unique=False)
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pull_mark", sa.String(length=64), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("pushed_seq", sa.BigInteger(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("pushed_mark", sa.String(length=64), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.drop_column("pushed_mark")
        batch_op.drop_column("pushed_seq")
        batch_op.drop_column("pull_mark")
    op.drop_table("quarantined_changes")
