"""paper sign-ins: each sign-in typed in from a paper sheet keeps its row code

Revision ID: 0006_paper_row_codes
Revises: 0005_name_search_keys

``sign_ins.row_code`` holds the sheet's row ("K7M-07") for a sign-in entered from paper, and ""
for every other sign-in, so a row typed in twice (on this laptop or another) is recognised.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_paper_row_codes"
down_revision = "0005_name_search_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sign_ins", schema=None) as batch_op:
        batch_op.add_column(sa.Column("row_code", sa.String(length=16), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("sign_ins", schema=None) as batch_op:
        batch_op.drop_column("row_code")
