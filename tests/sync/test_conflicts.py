"""Two laptops changing the same records while apart, then syncing."""

from __future__ import annotations

import json

import pytest

from desktop.models import Lesson, Venue
from tests.hubtools import hub_rows, shared_rows
from tests.sync.conftest import enrolled
from tests.sync.scenarios import add_lesson, add_venue, edit, get, open_conflicts


def _two_editors(hub, org, laptops, skew_hours: float = 0.0):
    a, b = enrolled(hub, org, laptops(2))
    if skew_hours:
        a.skew_clock(skew_hours)
        b.skew_clock(-skew_hours)
    lesson_id = add_lesson(a, "A flyer for your salon", minutes=60)
    a.sync()
    b.sync()
    assert get(b, Lesson, lesson_id).title == "A flyer for your salon"
    return a, b, lesson_id


def test_edits_to_different_fields_of_one_lesson_merge(hub, org, laptops):
    a, b, lesson_id = _two_editors(hub, org, laptops)
    edit(a, Lesson, lesson_id, title="A flyer for your salon, as a web page")
    edit(b, Lesson, lesson_id, minutes=90, tags=["html", "beginner"])
    a.sync(), b.sync(), a.sync()
    for laptop in (a, b):
        lesson = get(laptop, Lesson, lesson_id)
        assert (lesson.title, lesson.minutes, lesson.tags) == (
            "A flyer for your salon, as a web page",
            90,
            ["html", "beginner"],
        )
        assert open_conflicts(laptop) == []


def test_the_same_field_changed_two_ways_keeps_both_values_and_flags_it(hub, org, laptops):
    a, b, lesson_id = _two_editors(hub, org, laptops)
    edit(a, Lesson, lesson_id, title="Salon flyer (Spanish)")
    edit(b, Lesson, lesson_id, title="Salon flyer for beginners")
    first = a.sync()
    second = b.sync()
    a.sync()
    assert (first.conflicts, second.conflicts) == (0, 1)
    for laptop in (a, b):
        assert get(laptop, Lesson, lesson_id).title == "Salon flyer (Spanish)"
        assert open_conflicts(laptop) == [("lessons", "title", "Salon flyer (Spanish)", "Salon flyer for beginners")]


def test_choosing_a_value_settles_the_flag_everywhere(hub, org, laptops):
    a, b, lesson_id = _two_editors(hub, org, laptops)
    edit(a, Lesson, lesson_id, title="One")
    edit(b, Lesson, lesson_id, title="Two")
    a.sync(), b.sync(), a.sync()
    assert open_conflicts(a)
    edit(a, Lesson, lesson_id, title="Two")  # a person chose, having seen both
    a.sync(), b.sync()
    for laptop in (a, b):
        assert get(laptop, Lesson, lesson_id).title == "Two"
        assert open_conflicts(laptop) == []


def _outcome(hub, org, laptops, skew_hours: float):
    a, b, lesson_id = _two_editors(hub, org, laptops, skew_hours)
    edit(b, Lesson, lesson_id, title="B's title", text="# B\n")
    edit(a, Lesson, lesson_id, title="A's title", minutes=45)
    b.sync(), a.sync(), b.sync()
    lesson = get(a, Lesson, lesson_id)
    return (lesson.title, lesson.text, lesson.minutes), open_conflicts(a), open_conflicts(b)


def test_laptop_clocks_hours_apart_change_nothing(hub, org, laptops):
    right = _outcome(hub, org + " right", laptops, 0)
    wrong = _outcome(hub, org + " wrong", laptops, 7)
    assert right == wrong
    assert right[0] == ("B's title", "# B\n", 45)
    assert right[1] == right[2] == [("lessons", "title", "B's title", "A's title")]


def test_a_slow_clock_does_not_let_an_old_edit_overwrite_a_newer_one_silently(hub, org, laptops):
    """A laptop hours behind edits after seeing the latest: its edit wins; a laptop hours ahead that
    had not seen it is flagged, not silently preferred."""
    a, b, lesson_id = _two_editors(hub, org, laptops)
    a.skew_clock(+6)
    b.skew_clock(-6)
    edit(a, Lesson, lesson_id, minutes=30)
    a.sync()
    b.sync()
    edit(b, Lesson, lesson_id, minutes=40)  # b saw 30 and changed it: no conflict, b wins
    edit(a, Lesson, lesson_id, level="intermediate")
    b.sync(), a.sync(), b.sync()
    for laptop in (a, b):
        lesson = get(laptop, Lesson, lesson_id)
        assert (lesson.minutes, lesson.level) == (40, "intermediate")
        assert open_conflicts(laptop) == []


def test_an_update_that_arrives_before_its_create_is_kept_and_applied_when_the_create_comes(hub, org, laptops):
    import httpx

    a, b = enrolled(hub, org, laptops(2))
    venue_id = add_venue(a, "Maple Community Centre")
    edit(a, Venue, venue_id, notes="Side door after 6pm")
    from tests.sync.scenarios import outbox

    create, update = outbox(a)
    token = _token(a)

    def push(entry):
        from desktop.sync.engine import entry_to_op

        return httpx.post(
            hub.url + "/v1/sync/push", json={"ops": [entry_to_op(entry)]}, headers={"Authorization": f"Bearer {token}"}
        ).json()["results"][0]

    assert push(update)["status"] == "applied"
    b.sync()
    assert get(b, Venue, venue_id) is None  # not served until it exists
    assert push(create)["status"] == "applied"
    b.sync()
    venue = get(b, Venue, venue_id)
    assert (venue.name, venue.notes) == ("Maple Community Centre", "Side door after 6pm")
    a.sync()
    assert shared_rows(a) == shared_rows(b)


def _token(laptop) -> str:
    from desktop.models import SyncState

    with laptop.db.transaction() as s:
        return s.get(SyncState, 1).device_token


def test_delete_against_a_concurrent_edit_keeps_the_deletion_and_flags_it(hub, org, laptops):
    a, b, lesson_id = _two_editors(hub, org, laptops)
    edit(a, Lesson, lesson_id, deleted=True)
    edit(b, Lesson, lesson_id, text="# Improved\n")
    a.sync(), b.sync(), a.sync()
    for laptop in (a, b):
        lesson = get(laptop, Lesson, lesson_id)
        assert lesson.deleted is True
        assert lesson.text == "# Improved\n"  # the edit is kept, so restoring loses nothing
        assert open_conflicts(laptop) == [("lessons", "deleted", True, False)]


@pytest.mark.parametrize("edit_first", [True, False])
def test_delete_against_edit_ends_the_same_whichever_reaches_the_hub_first(hub, org, laptops, edit_first):
    a, b, lesson_id = _two_editors(hub, org, laptops)
    edit(a, Lesson, lesson_id, deleted=True)
    edit(b, Lesson, lesson_id, text="# Improved\n")
    first, second = (b, a) if edit_first else (a, b)
    first.sync(), second.sync(), first.sync()
    assert get(a, Lesson, lesson_id).deleted is True
    assert open_conflicts(a) == open_conflicts(b) == [("lessons", "deleted", True, False)]


def test_delete_then_recreate(hub, org, laptops):
    a, b = enrolled(hub, org, laptops(2))
    venue_id = add_venue(a, "Fresh Cutz Barbershop")
    a.sync(), b.sync()
    edit(b, Venue, venue_id, deleted=True)
    b.sync(), a.sync()
    assert get(a, Venue, venue_id).deleted is True
    # Made again as a new record, and the old one brought back by someone who saw it deleted.
    again = add_venue(a, "Fresh Cutz Barbershop")
    edit(a, Venue, venue_id, deleted=False, notes="Reopened")
    a.sync(), b.sync()
    for laptop in (a, b):
        assert get(laptop, Venue, again).deleted is False
        restored = get(laptop, Venue, venue_id)
        assert (restored.deleted, restored.notes) == (False, "Reopened")
        assert open_conflicts(laptop) == []
    assert shared_rows(a) == shared_rows(b)
    rows = hub_rows(hub.engine, org)
    assert rows[("venues", venue_id)]["deleted"] is False


@pytest.mark.parametrize("use_other", [False, True])
def test_a_person_choosing_either_value_clears_the_flag_on_every_laptop(hub, org, laptops, use_other):
    from desktop.sync.engine import open_conflicts as pending_choices
    from desktop.sync.engine import resolve_conflict

    a, b, lesson_id = _two_editors(hub, org, laptops)
    edit(a, Lesson, lesson_id, title="Kept")
    edit(b, Lesson, lesson_id, title="Other")
    a.sync(), b.sync(), a.sync()
    with b.db.transaction() as s:
        (choice,) = pending_choices(s)
        assert (choice.field, choice.kept, choice.other) == ("title", "Kept", "Other")
        resolve_conflict(s, choice.id, use_other=use_other)
    b.sync(), a.sync()
    for laptop in (a, b):
        assert get(laptop, Lesson, lesson_id).title == ("Other" if use_other else "Kept")
        assert open_conflicts(laptop) == []


def test_rows_stored_with_a_stamp_per_field_still_merge_and_flag(hub, org, laptops):
    """Rows written before field stamps were stored compactly are read the same way."""
    from sqlalchemy import select, update

    from hub.merge import unpack_meta
    from hub.store import rows

    a, b, lesson_id = _two_editors(hub, org, laptops)
    with hub.engine.begin() as conn:
        stored = conn.execute(select(rows.c.data, rows.c.meta).where(rows.c.row_id == lesson_id)).one()
        assert stored.meta.startswith("[")  # the compact form
        expanded = unpack_meta(stored.meta, json.loads(stored.data))
        conn.execute(update(rows).where(rows.c.row_id == lesson_id).values(meta=json.dumps(expanded)))
    edit(a, Lesson, lesson_id, title="Salon flyer (Spanish)")
    edit(b, Lesson, lesson_id, title="Salon flyer for beginners", minutes=45)
    a.sync(), b.sync(), a.sync()
    for laptop in (a, b):
        assert get(laptop, Lesson, lesson_id).minutes == 45
        assert open_conflicts(laptop) == [("lessons", "title", "Salon flyer (Spanish)", "Salon flyer for beginners")]


def test_compact_field_stamps_stand_for_exactly_the_stamps_they_replace():
    from hub.merge import pack_meta, unpack_meta

    data = {"title": "t", "minutes": 60, "tags": [], "deleted": False}
    one = [7, "laptop-a"]
    uniform = dict.fromkeys(data, one)
    mixed = {**uniform, "minutes": [9, "laptop-b"], "tags": [9, "laptop-b"]}
    partial = {"title": [3, "laptop-a"]}  # stamps not covering every field keep the plain form
    for meta in (uniform, mixed, partial, {}):
        assert unpack_meta(pack_meta(meta, data), data) == meta
    assert len(pack_meta(mixed, data)) < len(json.dumps(mixed))
    # One stamp held as separate equal lists (a row read back from storage) packs as one shared list does.
    assert pack_meta({name: list(one) for name in data}, data) == pack_meta(uniform, data) == '[[7,"laptop-a"],{}]'
