"""name search keys: apostrophes and hyphens inside names no longer split them

Revision ID: 0005_name_search_keys
Revises: 0004_sync_hardening

The kiosk's lookup key (``participants.search_key``, indexed by ``participant_search``) now
keeps "O'Brien" whole as "obrien" (and its parts), so "obr" finds her. Keys written before
are rebuilt once here; the update trigger refreshes the full-text index row by row.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.signin.people import search_key

revision = "0005_name_search_keys"
down_revision = "0004_sync_hardening"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, first_name, last_name, search_key FROM participants WHERE erased = 0"))
    changed = [
        {"id": pid, "k": search_key(first, last)} for pid, first, last, key in rows if key != search_key(first, last)
    ]
    if changed:
        bind.execute(sa.text("UPDATE participants SET search_key = :k WHERE id = :id"), changed)


def downgrade() -> None:
    pass  # the older keys are a subset of the lookups these keys allow
