"""Hub-wide settings (one row each), first of them whether the lesson commons' pages are public.

Revision ID: 0008_commons_public
Revises: 0007_report_visits
Create Date: 2026-11-29 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_commons_public"
down_revision = "0007_report_visits"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_settings",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_hub_settings")),
    )


def downgrade() -> None:
    op.drop_table("hub_settings")
