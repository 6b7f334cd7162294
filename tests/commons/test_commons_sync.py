"""The commons end to end, on a real hub: publish from one organisation's laptop, find it offline on another's
after a sync, use or remix it with its lineage, see its usage, lose it from the catalogue when unpublished."""

from __future__ import annotations

from datetime import datetime

import pytest

from desktop.commons import catalogue, publish
from desktop.commons.catalogue import CommonsFilter, browse, search
from desktop.lessons.library import create_lesson, get_lesson
from desktop.models.entities import LessonLineage, TasterSession, Venue
from desktop.models.local import CommonsEntry, CommonsState, SyncState
from desktop.ops import commons as ops
from desktop.sync.client import HubClient, HubError
from desktop.sync.engine import sync_once
from hub import commons as hub_commons
from tests.sync.conftest import enrolled, hub, laptops, org  # noqa: F401 - fixtures

FLYER = (
    '---\ntitle: "Folleto como página web"\nteaching: 20\nexercises: 10\nlanguage: es\n'
    "tags: [web, peluquería]\n---\n\n## Empezar\n\nAbre el editor.\n"
)


def _publish(laptop, lesson_id: str, licence: str = "CC-BY-4.0", authors=("Ana Ruiz",)) -> dict:
    with laptop.db.transaction() as s:
        outgoing = publish.prepare(s, lesson_id, licence, list(authors))
    answer = publish.send(outgoing)
    with laptop.db.transaction() as s:
        ops.record_published(s, lesson_id, answer)
    return answer


def _own_lesson(laptop, text: str = FLYER) -> str:
    with laptop.db.transaction() as s:
        return create_lesson(s, text).id


def _titles(laptop, query: str = "") -> list[str]:
    with laptop.db.transaction() as s:
        return [x.title for x in search(s, CommonsFilter(query=query))]


@pytest.fixture
def two_orgs(hub, laptops, request):
    salon, union = f"Salon {request.node.name[:40]}", f"Union {request.node.name[:40]}"
    a, b = laptops(2)
    enrolled(hub, salon, [a])
    enrolled(hub, union, [b])
    hub_commons.set_consent(hub.engine, salon, True)
    return a, b, salon, union


def test_a_published_lesson_reaches_another_organisation_s_laptop_and_is_searched_offline(hub, two_orgs):
    a, b, salon, _union = two_orgs
    answer = _publish(a, _own_lesson(a))
    assert answer["number"] == 1
    report = b.sync()
    assert "commons_entries" in report.tables
    assert "Folleto como página web" in _titles(b, "PELUQUERIA")
    with b.db.transaction() as s:
        (found,) = [x for x in browse(s) if x.version_id == answer["version_id"]]
    assert (found.licence, found.authors, found.organisation, found.minutes) == ("CC-BY-4.0", ("Ana Ruiz",), salon, 30)


def test_a_copy_used_on_another_laptop_keeps_its_lineage_and_its_use_is_counted(hub, two_orgs):
    a, b, _salon, _union = two_orgs
    answer = _publish(a, _own_lesson(a))
    b.sync()
    with b.db.transaction() as s:
        copy_id = ops.use_lesson(s, answer["version_id"]).value
        venue = Venue(name="Union Hall")
        s.add(venue)
        s.flush()
        s.add(
            TasterSession(
                venue_id=venue.id, starts_at=datetime(2026, 11, 20, 18), lesson_ids=[copy_id], headcount_estimate=7
            )
        )
    b.sync()  # sends the copy, its lineage and the session held with it
    a.sync()
    with a.db.transaction() as s:
        (mine,) = [x for x in browse(s) if x.commons_lesson_id == answer["commons_lesson_id"]]
    assert (mine.sessions, mine.organisations) == (1, 1)
    with b.db.transaction() as s:
        row = s.get(LessonLineage, copy_id)
        assert (row.source_version_id, row.parent_version_id) == (answer["version_id"], answer["version_id"])


def test_a_remix_published_back_names_its_source_and_parent_in_the_catalogue(hub, two_orgs):
    a, b, _salon, union = two_orgs
    original = _publish(a, _own_lesson(a))
    hub_commons.set_consent(hub.engine, union, True)
    b.sync()
    with b.db.transaction() as s:
        remix_id = ops.remix_lesson(s, original["version_id"]).value
    remix = _publish(b, remix_id, "CC-BY-SA-4.0", ["Bo Lee"])
    a.sync()
    with a.db.transaction() as s:
        entry = s.get(CommonsEntry, remix["version_id"])
        assert (entry.source_version_id, entry.parent_version_id) == (original["version_id"], original["version_id"])
        found = catalogue.detail(s, remix["version_id"])
    assert found is not None and found.parent_title == "Folleto como página web"


def test_publishing_without_the_organisation_s_consent_is_refused_in_plain_words(hub, two_orgs):
    _a, b, _salon, _union = two_orgs
    lesson_id = _own_lesson(b)
    with b.db.transaction() as s:
        outgoing = publish.prepare(s, lesson_id, "CC-BY-4.0", ["Bo Lee"])
    with pytest.raises(publish.PublishRefused, match="has not agreed to share lessons"):
        publish.send(outgoing)
    with b.db.transaction() as s:
        assert s.get(LessonLineage, lesson_id) is None


def test_an_unpublished_lesson_leaves_the_catalogue_at_the_next_sync_and_copies_keep_working(hub, two_orgs):
    a, b, salon, _union = two_orgs
    answer = _publish(a, _own_lesson(a))
    b.sync()
    with b.db.transaction() as s:
        copy_id = ops.use_lesson(s, answer["version_id"]).value
    with hub.engine.begin() as conn:
        org_id = hub_org_id(conn, salon)
        hub_commons.unpublish(conn, org_id, answer["commons_lesson_id"])
    b.sync()
    with b.db.transaction() as s:
        assert answer["version_id"] not in {x.version_id for x in browse(s)}
        assert get_lesson(s, copy_id).title == "Folleto como página web"
        assert s.get(LessonLineage, copy_id).parent_authors == ["Ana Ruiz"]


def test_an_organisation_that_chose_not_to_receive_the_commons_gets_no_catalogue(hub, two_orgs):
    a, b, _salon, union = two_orgs
    hub_commons.set_receiving(hub.engine, union, False)
    _publish(a, _own_lesson(a))
    b.sync()
    assert _titles(b) == []


def test_a_sync_with_nothing_new_in_the_commons_stores_nothing_and_reports_no_change(hub, two_orgs):
    a, b, _salon, _union = two_orgs
    _publish(a, _own_lesson(a))
    b.sync()
    with b.db.transaction() as s:
        before = (catalogue.cursor(s), s.query(CommonsEntry).count())
    report = b.sync()
    assert "commons_entries" not in report.tables
    with b.db.transaction() as s:
        assert (catalogue.cursor(s), s.query(CommonsEntry).count()) == before


def test_a_sync_without_the_commons_step_fetches_no_catalogue(hub, two_orgs):
    a, b, _salon, _union = two_orgs
    _publish(a, _own_lesson(a))
    sync_once(b.db, commons=False)
    assert _titles(b) == []
    sync_once(b.db)
    assert _titles(b) != []


def hub_org_id(conn, name: str) -> int:
    from sqlalchemy import select

    from hub.store import organisations

    return conn.execute(select(organisations.c.id).where(organisations.c.name == name)).scalar_one()


def test_a_first_fetch_reads_the_catalogue_page_by_page_from_its_cursor(hub, two_orgs):
    a, b, _salon, _union = two_orgs
    for i in range(5):
        _publish(a, _own_lesson(a, FLYER.replace("Folleto como página web", f"Folleto {i}")))
    b.sync()  # the rest of the commons (other tests' lessons too) and the cursor after it
    with b.db.transaction() as s:
        s.query(CommonsEntry).delete()
        s.get(CommonsState, 1).cursor = catalogue.cursor(s) - 5  # as if the last five were not fetched yet
    with b.db.transaction() as s:
        state = s.get(SyncState, 1)
        url, token = state.hub_url, state.device_token
    with HubClient(url, token) as client:
        fetched = catalogue.fetch(b.db, client, page_size=2)
    assert (fetched.entries, fetched.pages) == (5, 3)
    assert sorted(_titles(b)) == [f"Folleto {i}" for i in range(5)]


def test_the_commons_is_searched_with_no_connection_to_the_hub(hub, two_orgs):
    a, b, _salon, _union = two_orgs
    _publish(a, _own_lesson(a))
    b.sync()
    b.point_at("http://127.0.0.1:9")  # nothing listens there
    with pytest.raises(HubError):
        b.sync()
    assert "Folleto como página web" in _titles(b, "folleto")


def test_a_laptop_moved_to_another_hub_address_starts_its_catalogue_again(hub, two_orgs):
    a, b, _salon, _union = two_orgs
    _publish(a, _own_lesson(a))
    b.sync()
    with b.db.transaction() as s:
        s.add(
            CommonsEntry(
                version_id="stale", commons_lesson_id="cl-stale", number=1, seq=1, title="Stale", licence="CC0-1.0"
            )
        )
    b.point_at(hub.url.replace("127.0.0.1", "localhost"))
    b.sync()
    titles = _titles(b)
    assert "Stale" not in titles and "Folleto como página web" in titles
