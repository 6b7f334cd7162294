"""learning records: interventions, follow-ups, ladder steps and a session's headcount estimate

Revision ID: 0007_learning_records
Revises: 0006_paper_row_codes

Issue 15's synced records: what a chapter changed at a venue and from when (``interventions``),
that someone reached out to a person who stopped coming (``follow_ups``), a step a person took
towards hosting (``ladder_steps``), and the host's estimate of how many came to a session nobody
signed in to (``sessions.headcount_estimate``, null on every existing session).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_learning_records"
down_revision = "0006_paper_row_codes"
branch_labels = None
depends_on = None


def _sync_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("updated_at", sa.String(length=64), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
    ]


def upgrade() -> None:
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("headcount_estimate", sa.Integer(), nullable=True))

    op.create_table(
        "interventions",
        sa.Column("venue_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("barrier", sa.String(length=16), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["venue_id"], ["venues.id"], name=op.f("fk_interventions_venue_id_venues")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interventions")),
    )
    with op.batch_alter_table("interventions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interventions_updated_at"), ["updated_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_interventions_venue_id"), ["venue_id"], unique=False)

    op.create_table(
        "follow_ups",
        sa.Column("participant_id", sa.String(length=36), nullable=True),
        sa.Column("followed_up_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"], name=op.f("fk_follow_ups_participant_id_participants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_ups")),
    )
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_ups_participant_id"), ["participant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_ups_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "ladder_steps",
        sa.Column("participant_id", sa.String(length=36), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("session_id", sa.String(length=36), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"], name=op.f("fk_ladder_steps_participant_id_participants")
        ),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], name=op.f("fk_ladder_steps_session_id_sessions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ladder_steps")),
    )
    with op.batch_alter_table("ladder_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ladder_steps_participant_id"), ["participant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ladder_steps_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ladder_steps_updated_at"), ["updated_at"], unique=False)


def downgrade() -> None:
    op.drop_table("ladder_steps")
    op.drop_table("follow_ups")
    op.drop_table("interventions")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_column("headcount_estimate")
