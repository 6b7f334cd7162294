"""a covering index of exit cards for the Reports page

Revision ID: 0011_exit_card_report_index
Revises: 0010_report_tallies

The report counts ratings, "will you come back", barriers and comments over the cards of the
sessions a filter covers. ``ix_exit_cards_report`` holds every column it reads, by session, so
SQLite answers from the index without fetching each card from the table.
"""

from __future__ import annotations

from alembic import op

revision = "0011_exit_card_report_index"
down_revision = "0010_report_tallies"
branch_labels = None
depends_on = None

COLUMNS = ["session_id", "deleted", "rating", "will_return", "barriers", "comment"]


def upgrade() -> None:
    op.create_index("ix_exit_cards_report", "exit_cards", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_exit_cards_report", table_name="exit_cards")
