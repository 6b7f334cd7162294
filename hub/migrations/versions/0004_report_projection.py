"""The typed projection the hub's reports read: report_<table> for each laptop table the reports domain
reads, with the laptop's columns, keyed by organisation and id; filled from the rows already stored.

Revision ID: 0004_report_projection
Revises: 0003_web_accounts
Create Date: 2026-11-28 15:50:15.900010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from hub.projection import rebuild

revision = "0004_report_projection"
down_revision = "0003_web_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_exit_cards",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("participant_id", sa.String(length=64), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("will_return", sa.String(length=8), nullable=False),
        sa.Column("barriers", sa.JSON(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.String(length=128), nullable=False),
        sa.Column("origin", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_report_exit_cards_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("org_id", "id", name=op.f("pk_report_exit_cards")),
    )
    with op.batch_alter_table("report_exit_cards", schema=None) as batch_op:
        batch_op.create_index("ix_report_exit_cards_participant_id", ["org_id", "participant_id"], unique=False)
        batch_op.create_index("ix_report_exit_cards_session_id", ["org_id", "session_id"], unique=False)

    op.create_table(
        "report_follow_ups",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.String(length=64), nullable=True),
        sa.Column("followed_up_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.String(length=128), nullable=False),
        sa.Column("origin", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_report_follow_ups_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("org_id", "id", name=op.f("pk_report_follow_ups")),
    )
    with op.batch_alter_table("report_follow_ups", schema=None) as batch_op:
        batch_op.create_index("ix_report_follow_ups_participant_id", ["org_id", "participant_id"], unique=False)

    op.create_table(
        "report_interventions",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("venue_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("barrier", sa.String(length=16), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.String(length=128), nullable=False),
        sa.Column("origin", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_report_interventions_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("org_id", "id", name=op.f("pk_report_interventions")),
    )
    with op.batch_alter_table("report_interventions", schema=None) as batch_op:
        batch_op.create_index("ix_report_interventions_venue_id", ["org_id", "venue_id"], unique=False)

    op.create_table(
        "report_ladder_steps",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.String(length=128), nullable=False),
        sa.Column("origin", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_report_ladder_steps_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("org_id", "id", name=op.f("pk_report_ladder_steps")),
    )
    with op.batch_alter_table("report_ladder_steps", schema=None) as batch_op:
        batch_op.create_index("ix_report_ladder_steps_participant_id", ["org_id", "participant_id"], unique=False)
        batch_op.create_index("ix_report_ladder_steps_session_id", ["org_id", "session_id"], unique=False)

    op.create_table(
        "report_lessons",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("offline", sa.Boolean(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("current_version", sa.BigInteger(), nullable=False),
        sa.Column("remixed_from", sa.String(length=64), nullable=True),
        sa.Column("trashed_at", sa.DateTime(), nullable=True),
        sa.Column("source_path", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.String(length=128), nullable=False),
        sa.Column("origin", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name=op.f("fk_report_lessons_org_id_organisations")),
        sa.PrimaryKeyConstraint("org_id", "id", name=op.f("pk_report_lessons")),
    )
    op.create_table(
        "report_participants",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(length=200), nullable=False),
        sa.Column("last_name", sa.String(length=200), nullable=False),
        sa.Column("pronouns", sa.String(length=64), nullable=False),
        sa.Column("phone", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("contact_consent", sa.Boolean(), nullable=False),
        sa.Column("contact_consent_at", sa.DateTime(), nullable=True),
        sa.Column("contact_consent_text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("experience", sa.String(length=16), nullable=False),
        sa.Column("came_with", sa.String(length=200), nullable=False),
        sa.Column("access_needs", sa.Text(), nullable=False),
        sa.Column("heard_from", sa.String(length=32), nullable=False),
        sa.Column("photo_consent", sa.Boolean(), nullable=True),
        sa.Column("is_minor", sa.Boolean(), nullable=False),
        sa.Column("guardian_name", sa.String(length=200), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("never_pair_with", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("search_key", sa.String(length=400), nullable=False),
        sa.Column("phone_last4", sa.String(length=4), nullable=False),
        sa.Column("merged_into", sa.String(length=64), nullable=True),
        sa.Column("erased", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.String(length=128), nullable=False),
        sa.Column("origin", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_report_participants_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("org_id", "id", name=op.f("pk_report_participants")),
    )
    op.create_table(
        "report_sessions",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("venue_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("lesson_ids", sa.JSON(), nullable=False),
        sa.Column("hosts", sa.JSON(), nullable=False),
        sa.Column("helpers", sa.JSON(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("headcount_estimate", sa.Integer(), nullable=True),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.String(length=128), nullable=False),
        sa.Column("origin", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name=op.f("fk_report_sessions_org_id_organisations")),
        sa.PrimaryKeyConstraint("org_id", "id", name=op.f("pk_report_sessions")),
    )
    with op.batch_alter_table("report_sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_report_sessions_by_date", ["org_id", "starts_at", "deleted", "venue_id", "language", "id"], unique=False
        )
        batch_op.create_index(
            "ix_report_sessions_by_id", ["org_id", "id", "deleted", "starts_at", "venue_id", "language"], unique=False
        )
        batch_op.create_index("ix_report_sessions_venue_id", ["org_id", "venue_id"], unique=False)

    op.create_table(
        "report_sign_ins",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("participant_id", sa.String(length=64), nullable=True),
        sa.Column("signed_in_at", sa.DateTime(), nullable=False),
        sa.Column("signed_out_at", sa.DateTime(), nullable=True),
        sa.Column("as_helper", sa.Boolean(), nullable=False),
        sa.Column("first_visit", sa.Boolean(), nullable=False),
        sa.Column("came_with", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("row_code", sa.String(length=16), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.String(length=128), nullable=False),
        sa.Column("origin", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name=op.f("fk_report_sign_ins_org_id_organisations")),
        sa.PrimaryKeyConstraint("org_id", "id", name=op.f("pk_report_sign_ins")),
    )
    with op.batch_alter_table("report_sign_ins", schema=None) as batch_op:
        batch_op.create_index(
            "ix_report_sign_ins_person_visits",
            ["org_id", "participant_id", "session_id", "voided", "deleted", "as_helper"],
            unique=False,
        )
        batch_op.create_index(
            "ix_report_sign_ins_session_visits",
            ["org_id", "session_id", "voided", "deleted", "participant_id", "as_helper", "source"],
            unique=False,
        )

    op.create_table(
        "report_venues",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("access_notes", sa.Text(), nullable=False),
        sa.Column("step_free", sa.Boolean(), nullable=False),
        sa.Column("public_transport", sa.Boolean(), nullable=False),
        sa.Column("parking", sa.Boolean(), nullable=False),
        sa.Column("offers", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.String(length=128), nullable=False),
        sa.Column("origin", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name=op.f("fk_report_venues_org_id_organisations")),
        sa.PrimaryKeyConstraint("org_id", "id", name=op.f("pk_report_venues")),
    )
    # A hub upgraded with records in it reports on them at once. The tables as this revision made them
    # (reflected): a column a later revision adds is filled by that revision.
    conn = op.get_bind()
    reflected = sa.MetaData()
    rebuild(conn, {name: sa.Table(f"report_{name}", reflected, autoload_with=conn) for name in PROJECTED_HERE})


PROJECTED_HERE = (
    "venues",
    "sessions",
    "lessons",
    "participants",
    "sign_ins",
    "exit_cards",
    "interventions",
    "follow_ups",
    "ladder_steps",
)


def downgrade() -> None:
    op.drop_table("report_venues")
    with op.batch_alter_table("report_sign_ins", schema=None) as batch_op:
        batch_op.drop_index("ix_report_sign_ins_session_visits")
        batch_op.drop_index("ix_report_sign_ins_person_visits")

    op.drop_table("report_sign_ins")
    with op.batch_alter_table("report_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_report_sessions_venue_id")
        batch_op.drop_index("ix_report_sessions_by_id")
        batch_op.drop_index("ix_report_sessions_by_date")

    op.drop_table("report_sessions")
    op.drop_table("report_participants")
    op.drop_table("report_lessons")
    with op.batch_alter_table("report_ladder_steps", schema=None) as batch_op:
        batch_op.drop_index("ix_report_ladder_steps_session_id")
        batch_op.drop_index("ix_report_ladder_steps_participant_id")

    op.drop_table("report_ladder_steps")
    with op.batch_alter_table("report_interventions", schema=None) as batch_op:
        batch_op.drop_index("ix_report_interventions_venue_id")

    op.drop_table("report_interventions")
    with op.batch_alter_table("report_follow_ups", schema=None) as batch_op:
        batch_op.drop_index("ix_report_follow_ups_participant_id")

    op.drop_table("report_follow_ups")
    with op.batch_alter_table("report_exit_cards", schema=None) as batch_op:
        batch_op.drop_index("ix_report_exit_cards_session_id")
        batch_op.drop_index("ix_report_exit_cards_participant_id")

    op.drop_table("report_exit_cards")
