"""Devices remember which device issued them (revocation reaches them too); the op log is found by sequence.

Revision ID: 0002_hub_hardening
Revises: 0001_hub_initial

``ix_op_log_org_seq`` answers "the last op at or before sequence N", the mark a
laptop keeps beside its pull cursor so it notices a hub restored from an older copy; ``chain``
is that mark: a running hash of every op_id up to and including this op's sequence number, so
two histories that differ anywhere before N never share the mark of N.
Devices minted from another device's token (no enrolment code spent) are revoked.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_hub_hardening"
down_revision = "0001_hub_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("issued_by", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_devices_issued_by"), ["issued_by"], unique=False)
    op.create_index("ix_op_log_org_seq", "op_log", ["org_id", "seq"], unique=False)
    with op.batch_alter_table("op_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chain", sa.String(length=64), nullable=True))
    # A token was once enough to enrol another laptop, and nothing recorded from which device.
    # Every device that did not spend an enrolment code got its token that way: revoke it, so it
    # must enrol again with a code (its laptop keeps its outbox and asks for one).
    op.execute(
        "UPDATE devices SET revoked_at = CURRENT_TIMESTAMP WHERE revoked_at IS NULL AND id NOT IN "
        "(SELECT used_by FROM enrol_codes WHERE used_by IS NOT NULL)"
    )


def downgrade() -> None:
    with op.batch_alter_table("op_log", schema=None) as batch_op:
        batch_op.drop_column("chain")
    op.drop_index("ix_op_log_org_seq", table_name="op_log")
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_devices_issued_by"))
        batch_op.drop_column("issued_by")
