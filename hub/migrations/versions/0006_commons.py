"""The lesson commons: each organisation's consent to publish and to receive, the commons lessons and their
numbered versions (a hub-wide seq is the laptops' catalogue cursor), and the report projection of the
laptops' lesson lineage (whose rows the commons' usage counts).

Revision ID: 0006_commons
Revises: 0005_find_a_session
Create Date: 2026-11-28 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from hub.projection import rebuild

revision = "0006_commons"
down_revision = "0005_find_a_session"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commons_lessons",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("laptop_lesson_id", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("unpublished_at", sa.DateTime(), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name=op.f("fk_commons_lessons_org_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commons_lessons")),
        sa.UniqueConstraint("org_id", "laptop_lesson_id", name=op.f("uq_commons_lessons_org_id")),
    )
    op.create_index("ix_commons_lessons_seq", "commons_lessons", ["seq"], unique=True)
    op.create_table(
        "commons_settings",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("may_publish", sa.Boolean(), nullable=False),
        sa.Column("receives", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_commons_settings_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("org_id", name=op.f("pk_commons_settings")),
    )
    op.create_table(
        "report_lesson_lineage",
        sa.Column("org_id", sa.Integer(), nullable=False),
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
        sa.Column("taken_version_number", sa.BigInteger(), nullable=True),
        sa.Column("published_version_id", sa.String(length=64), nullable=True),
        sa.Column("declined_version_id", sa.String(length=64), nullable=True),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.String(length=128), nullable=False),
        sa.Column("origin", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_report_lesson_lineage_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("org_id", "id", name=op.f("pk_report_lesson_lineage")),
    )
    op.create_table(
        "commons_versions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("commons_lesson_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("licence", sa.String(length=32), nullable=False),
        sa.Column("authors", sa.Text(), nullable=False),
        sa.Column("organisation_name", sa.String(length=200), nullable=False),
        sa.Column("source_version_id", sa.String(length=64), nullable=True),
        sa.Column("parent_version_id", sa.String(length=64), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commons_lesson_id"],
            ["commons_lessons.id"],
            name=op.f("fk_commons_versions_commons_lesson_id_commons_lessons"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commons_versions")),
        sa.UniqueConstraint("commons_lesson_id", "number", name=op.f("uq_commons_versions_commons_lesson_id")),
    )
    op.create_index("ix_commons_versions_parent_version_id", "commons_versions", ["parent_version_id"], unique=False)
    op.create_index("ix_commons_versions_seq", "commons_versions", ["seq"], unique=True)
    op.create_index("ix_commons_versions_source_version_id", "commons_versions", ["source_version_id"], unique=False)

    # Lineage rows the hub already holds (a hub taken back past this revision and up again) are projected:
    # the table as it stands here (reflected), so a column a later revision adds is filled by that revision.
    conn = op.get_bind()
    rebuild(conn, {"lesson_lineage": sa.Table("report_lesson_lineage", sa.MetaData(), autoload_with=conn)})


def downgrade() -> None:
    op.drop_table("commons_versions")
    op.drop_table("report_lesson_lineage")
    op.drop_table("commons_settings")
    op.drop_table("commons_lessons")
