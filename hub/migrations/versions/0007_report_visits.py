"""The visits and sign-in tallies the hub's reports read, kept as tables as the laptop keeps its own
(report_visits: one row per person and session they came to; report_sign_in_tallies: standing sign-ins
per session and source), filled from the projection already stored.

Revision ID: 0007_report_visits
Revises: 0006_commons
Create Date: 2026-11-29 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from hub.projection import refresh_derived

revision = "0007_report_visits"
down_revision = "0006_commons"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_visits",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("helped", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name=op.f("fk_report_visits_org_id_organisations")),
        sa.PrimaryKeyConstraint("org_id", "participant_id", "session_id", name=op.f("pk_report_visits")),
    )
    with op.batch_alter_table("report_visits", schema=None) as batch_op:
        batch_op.create_index("ix_report_visits_session", ["org_id", "session_id", "starts_at"], unique=False)
        batch_op.create_index(
            "ix_report_visits_starts_at", ["org_id", "starts_at", "participant_id", "session_id"], unique=False
        )
        batch_op.create_index("ix_report_visits_person_first", ["org_id", "participant_id", "starts_at"], unique=False)
        batch_op.create_index(
            "ix_report_visits_person_helped", ["org_id", "participant_id", "helped", "starts_at"], unique=False
        )
    op.create_table(
        "report_sign_in_tallies",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("sign_ins", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_report_sign_in_tallies_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("org_id", "session_id", "source", name=op.f("pk_report_sign_in_tallies")),
    )
    # A hub upgraded with records in it: each organisation's rows, by the same selects pushes keep them with.
    conn = op.get_bind()
    for org_id in conn.execute(sa.text("SELECT id FROM organisations ORDER BY id")).scalars():
        refresh_derived(conn, int(org_id), None)


def downgrade() -> None:
    op.drop_table("report_sign_in_tallies")
    with op.batch_alter_table("report_visits", schema=None) as batch_op:
        batch_op.drop_index("ix_report_visits_person_helped")
        batch_op.drop_index("ix_report_visits_person_first")
        batch_op.drop_index("ix_report_visits_starts_at")
        batch_op.drop_index("ix_report_visits_session")
    op.drop_table("report_visits")
