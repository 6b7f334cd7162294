"""The hub's first schema: organisations, devices, enrolment codes, rows, the op log, erasures.

Revision ID: 0001_hub_initial
Revises:
Create Date: 2026-11-21 04:19:42.377488
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_hub_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("name", name=op.f("uq_organisations_name")),
    )
    op.create_table(
        "devices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name=op.f("fk_devices_org_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_devices")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_devices_token_hash")),
    )
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_devices_device_id"), ["device_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_devices_org_id"), ["org_id"], unique=False)

    op.create_table(
        "enrol_codes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("used_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name=op.f("fk_enrol_codes_org_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrol_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_enrol_codes_code_hash")),
    )
    with op.batch_alter_table("enrol_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enrol_codes_org_id"), ["org_id"], unique=False)

    op.create_table(
        "erased",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("erased_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name=op.f("fk_erased_org_id_organisations")),
        sa.PrimaryKeyConstraint("org_id", "participant_id", name=op.f("pk_erased")),
    )
    op.create_table(
        "op_log",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("op_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=128), nullable=False),
        sa.Column("known", sa.BigInteger(), nullable=False),
        sa.Column("payload_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name=op.f("fk_op_log_org_id_organisations")),
        sa.PrimaryKeyConstraint("org_id", "op_id", name=op.f("pk_op_log")),
    )
    with op.batch_alter_table("op_log", schema=None) as batch_op:
        batch_op.create_index("ix_op_log_row_version", ["org_id", "table_name", "row_id", "version"], unique=False)

    op.create_table(
        "rows",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=True),
        sa.Column("version", sa.String(length=128), nullable=False),
        sa.Column("origin", sa.String(length=64), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("meta", sa.Text(), nullable=False),
        sa.Column("conflicts", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name=op.f("fk_rows_org_id_organisations")),
        sa.PrimaryKeyConstraint("org_id", "table_name", "row_id", name=op.f("pk_rows")),
    )
    with op.batch_alter_table("rows", schema=None) as batch_op:
        batch_op.create_index("ix_rows_org_seq", ["org_id", "seq"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("rows", schema=None) as batch_op:
        batch_op.drop_index("ix_rows_org_seq")

    op.drop_table("rows")
    with op.batch_alter_table("op_log", schema=None) as batch_op:
        batch_op.drop_index("ix_op_log_row_version")

    op.drop_table("op_log")
    op.drop_table("erased")
    with op.batch_alter_table("enrol_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrol_codes_org_id"))

    op.drop_table("enrol_codes")
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_devices_org_id"))
        batch_op.drop_index(batch_op.f("ix_devices_device_id"))

    op.drop_table("devices")
    op.drop_table("organisations")
