"""Organisations that publish their upcoming sessions on the public "Find a session" page, with the time
zone of their venues' clocks.

Revision ID: 0005_find_a_session
Revises: 0004_report_projection
Create Date: 2026-11-29 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_find_a_session"
down_revision = "0004_report_projection"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "published_orgs",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name=op.f("fk_published_orgs_org_id_organisations")),
        sa.PrimaryKeyConstraint("org_id", name=op.f("pk_published_orgs")),
    )


def downgrade() -> None:
    op.drop_table("published_orgs")
