"""Pushes to one organisation write at the same time: each claims its sequence numbers up front.

Revision ID: 0009_seq_claims
Revises: 0008_commons_public

``seq_claims`` holds the ranges claimed by pushes not yet committed (each push holds its claim's
advisory lock ``token`` and deletes its claim in the transaction that writes its rows), so a pull
serves only below the lowest claim still held.
``organisations.last_mark`` is the history mark at ``last_seq``, which the next claim chains on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_seq_claims"
down_revision = "0008_commons_public"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE on SQLite too: a batch copy of organisations would break the keys pointing at it.
    op.add_column("organisations", sa.Column("last_mark", sa.String(length=64), nullable=False, server_default=""))
    op.execute(
        "UPDATE organisations SET last_mark = COALESCE((SELECT chain FROM op_log WHERE op_log.org_id = "
        "organisations.id AND op_log.seq <= organisations.last_seq AND op_log.chain IS NOT NULL "
        "ORDER BY op_log.seq DESC LIMIT 1), '')"
    )
    op.create_table(
        "seq_claims",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("low", sa.BigInteger(), nullable=False),
        sa.Column("high", sa.BigInteger(), nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name=op.f("fk_seq_claims_org_id_organisations")),
        sa.PrimaryKeyConstraint("org_id", "low", name=op.f("pk_seq_claims")),
    )


def downgrade() -> None:
    op.drop_table("seq_claims")
    op.drop_column("organisations", "last_mark")
