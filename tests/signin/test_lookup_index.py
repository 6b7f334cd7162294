"""The lookup index arrives by migration, fills from existing people and follows every change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from desktop.models import Participant, migrations, new_id
from desktop.models.database import make_engine, open_database
from desktop.signin.lookup import find_returning, rebuild_search_index


def test_head_constant_matches_alembics_head():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrations.alembic_config(None))
    assert script.get_current_head() == migrations.HEAD


def test_people_already_in_an_older_database_are_found_after_upgrading(tmp_path):
    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    migrations.upgrade(engine, "0001_initial")
    with engine.begin() as conn:
        for first, key, deleted in (("Björn", "bjorn larsson", 0), ("Gone", "gone", 1)):
            conn.execute(
                text(
                    "INSERT INTO participants (id, updated_at, origin, deleted, first_name, last_name, pronouns, "
                    "phone, email, contact_consent, contact_consent_text, language, languages, experience, "
                    "came_with, access_needs, heard_from, is_minor, guardian_name, stage, never_pair_with, notes, "
                    "search_key, phone_last4, erased, created_at) VALUES (:id, '', '', :d, :f, 'Larsson', '', '', "
                    "'', 0, '', '', '[]', 'never', '', '', '', 0, '', 'newcomer', '[]', '', :k, '', 0, :now)"
                ),
                {"id": new_id(), "d": deleted, "f": first, "k": key, "now": datetime.now()},
            )
    engine.dispose()
    db = open_database(path)
    try:
        with db.session() as s:
            assert [m.label for m in find_returning(s, "bjor").matches] == ["Björn L."]
            assert find_returning(s, "gone").matches == []
    finally:
        db.close()


def test_a_tombstoned_person_leaves_the_lookup(db):
    with db.transaction() as s:
        p = Participant(first_name="Ewa", last_name="Łukasiewicz")
        s.add(p)
    with db.transaction() as s:
        s.get(Participant, p.id).deleted = True
    with db.session() as s:
        assert find_returning(s, "ewa").matches == []


def test_the_index_can_be_rebuilt_and_still_finds_everyone(db):
    with db.transaction() as s:
        p = Participant(first_name="Søren", last_name="K")
        s.add(p)
    with db.transaction() as s:
        rebuild_search_index(s)
    with db.session() as s:
        assert [m.participant_id for m in find_returning(s, "soren").matches] == [p.id]
