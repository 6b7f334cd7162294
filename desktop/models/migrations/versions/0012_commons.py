"""the lesson commons: where a lesson came from, and this laptop's copy of the catalogue

Revision ID: 0012_commons
Revises: 0011_exit_card_report_index

Issue 17. ``lesson_lineage`` (synced) records, for a lesson taken from the commons or published to
it, its original source and immediate parent with their licences and authors. The local, never
synced tables hold the catalogue as the hub last gave it: published versions
(``commons_entries``), the lessons unpublished since (``commons_removed``), their usage
(``commons_usage``) and where the catalogue stands (``commons_state``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_commons"
down_revision = "0011_exit_card_report_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lesson_lineage",
        sa.Column("source_version_id", sa.String(length=64), nullable=True),
        sa.Column("source_title", sa.String(length=300), nullable=False),
        sa.Column("source_licence", sa.String(length=32), nullable=False),
        sa.Column("source_authors", sa.JSON(), nullable=False),
        sa.Column("source_organisation", sa.String(length=200), nullable=False),
        sa.Column("parent_version_id", sa.String(length=64), nullable=True),
        sa.Column("parent_title", sa.String(length=300), nullable=False),
        sa.Column("parent_licence", sa.String(length=32), nullable=False),
        sa.Column("parent_authors", sa.JSON(), nullable=False),
        sa.Column("parent_organisation", sa.String(length=200), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=True),
        sa.Column("taken_version_number", sa.Integer(), nullable=True),
        sa.Column("published_version_id", sa.String(length=64), nullable=True),
        sa.Column("declined_version_id", sa.String(length=64), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("updated_at", sa.String(length=64), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson_lineage")),
    )
    with op.batch_alter_table("lesson_lineage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lesson_lineage_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "commons_entries",
        sa.Column("version_id", sa.String(length=64), nullable=False),
        sa.Column("commons_lesson_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("licence", sa.String(length=32), nullable=False),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("source_version_id", sa.String(length=64), nullable=True),
        sa.Column("parent_version_id", sa.String(length=64), nullable=True),
        sa.Column("published_at", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_commons_entries")),
    )
    op.create_index("ix_commons_entries_lesson_number", "commons_entries", ["commons_lesson_id", "number"])
    op.create_table(
        "commons_removed",
        sa.Column("commons_lesson_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("commons_lesson_id", name=op.f("pk_commons_removed")),
    )
    op.create_table(
        "commons_usage",
        sa.Column("commons_lesson_id", sa.String(length=64), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("organisations", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("commons_lesson_id", name=op.f("pk_commons_usage")),
    )
    op.create_table(
        "commons_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hub_url", sa.Text(), nullable=False),
        sa.Column("cursor", sa.BigInteger(), nullable=False),
        sa.Column("usage_etag", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commons_state")),
    )


def downgrade() -> None:
    op.drop_table("commons_state")
    op.drop_table("commons_usage")
    op.drop_table("commons_removed")
    op.drop_index("ix_commons_entries_lesson_number", table_name="commons_entries")
    op.drop_table("commons_entries")
    op.drop_table("lesson_lineage")
