"""kiosk lookup: a full-text index of participants' folded names

Revision ID: 0002_signin
Revises: 0001_initial

Returning people find themselves by typing a few letters of any part of
their name. An FTS5 index with 2- and 3-letter prefix indexes answers that in
well under a millisecond on 50,000 people, where ``LIKE '%x%'`` scans them
all. Triggers keep it in step with every writer (the app, sync, scripts), and
it holds only people who can sign in: not erased, merged or deleted.

The FTS row id is the participant's rowid; ``participant_id`` is kept beside
it so a lookup can check the pairing (a VACUUM may renumber rowids).
"""

from __future__ import annotations

from alembic import op

revision = "0002_signin"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

LIVE = "{row}.deleted = 0 AND {row}.erased = 0 AND {row}.merged_into IS NULL"


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE participant_search USING fts5("
        "search_key, participant_id UNINDEXED, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    op.execute(
        "INSERT INTO participant_search (rowid, search_key, participant_id) "
        f"SELECT rowid, search_key, id FROM participants p WHERE {LIVE.format(row='p')}"
    )
    op.execute(
        "CREATE TRIGGER participant_search_insert AFTER INSERT ON participants "
        f"WHEN {LIVE.format(row='new')} BEGIN "
        "INSERT INTO participant_search (rowid, search_key, participant_id) "
        "VALUES (new.rowid, new.search_key, new.id); END"
    )
    op.execute(
        "CREATE TRIGGER participant_search_update "
        "AFTER UPDATE OF search_key, deleted, erased, merged_into ON participants BEGIN "
        "DELETE FROM participant_search WHERE rowid = old.rowid AND participant_id = old.id; "
        "INSERT INTO participant_search (rowid, search_key, participant_id) "
        f"SELECT new.rowid, new.search_key, new.id WHERE {LIVE.format(row='new')}; END"
    )
    op.execute(
        "CREATE TRIGGER participant_search_delete AFTER DELETE ON participants BEGIN "
        "DELETE FROM participant_search WHERE rowid = old.rowid AND participant_id = old.id; END"
    )


def downgrade() -> None:
    for trigger in ("participant_search_insert", "participant_search_update", "participant_search_delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS participant_search")
