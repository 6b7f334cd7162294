"""The lesson commons over HTTP, on a real hub with enrolled laptops: consent, open licences fixed per version,
unpublishing, the catalogue's cursor, organisations that do not receive it, and usage without people."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from hub import commons
from tests.hub.commons_tools import Commons, hold_session, own_lesson, take_copy
from tests.hubtools import HubProcess, Laptop
from tests.sync.conftest import enrolled


@pytest.fixture(scope="module")
def hub(any_hub: HubProcess) -> HubProcess:
    """Every test here on a hub on SQLite and on PostgreSQL."""
    return any_hub


@pytest.fixture
def connect() -> Iterator:
    made: list[Commons] = []

    def open_for(laptop: Laptop) -> Commons:
        made.append(Commons(laptop))
        return made[-1]

    yield open_for
    for client in made:
        client.close()


def _org_laptop(hub: HubProcess, laptops, name: str, *, consent: bool = True) -> Laptop:
    (laptop,) = enrolled(hub, name, laptops(1, prefix=name.split()[0].lower()))
    if consent:
        commons.set_consent(hub.engine, name, True)
    return laptop


def test_publishing_without_the_organisations_consent_is_refused_in_plain_words(hub, org, laptops, connect):
    laptop = _org_laptop(hub, laptops, org, consent=False)
    api = connect(laptop)
    answer = api.publish("lesson-1", "Flyer as a web page")
    assert answer.status_code == 403
    assert "has not agreed to share lessons" in answer.json()["detail"]
    assert "Flyer as a web page" not in {e["title"] for e in api.everything()[0]}

    commons.set_consent(hub.engine, org, True)
    assert api.publish("lesson-1", "Flyer as a web page").status_code == 200
    commons.set_consent(hub.engine, org, False)  # withdrawn: nothing new, what was published stays
    assert api.publish("lesson-2", "Second lesson").status_code == 403
    assert "Flyer as a web page" in [e["title"] for e in api.everything()[0]]


@pytest.mark.parametrize("licence", ["MIT", "CC-BY-NC-4.0", "cc-by-4.0", "", "All rights reserved"])
def test_a_licence_outside_the_three_open_ones_is_refused(hub, org, laptops, connect, licence):
    api = connect(_org_laptop(hub, laptops, org))
    answer = api.publish("lesson-1", "Flyer", licence=licence)
    assert answer.status_code == 422 and "licence" in answer.json()["detail"]
    for kept in ("CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0"):
        assert api.publish(f"lesson-{kept}", "Flyer", licence=kept).status_code == 200


@pytest.mark.parametrize("authors", [[], [""], ["   "]])
def test_a_lesson_without_authors_to_credit_is_refused(hub, org, laptops, connect, authors):
    api = connect(_org_laptop(hub, laptops, org))
    assert api.publish("lesson-1", "Flyer", authors=authors).status_code == 422


def test_text_that_is_not_a_lesson_is_refused_with_the_parsers_reason(hub, org, laptops, connect):
    api = connect(_org_laptop(hub, laptops, org))
    answer = api.publish("lesson-1", "Flyer", text="Just some words, no lesson details.")
    assert answer.status_code == 422 and "cannot be read" in answer.json()["detail"]


def test_a_published_versions_licence_and_authors_stay_and_a_new_version_may_change_them(hub, org, laptops, connect):
    api = connect(_org_laptop(hub, laptops, org))
    first = api.published("lesson-1", "Flyer", licence="CC-BY-4.0", authors=["Ana Souza"])
    # The same version sent again (a retry) is the same version, not a second one.
    assert api.published("lesson-1", "Flyer", licence="CC-BY-4.0", authors=["Ana Souza"]) == first
    second = api.published("lesson-1", "Flyer", licence="CC0-1.0", authors=["Ana Souza", "Bo Chen"])
    assert second["commons_lesson_id"] == first["commons_lesson_id"]
    assert (first["number"], second["number"]) == (1, 2) and second["version_id"] != first["version_id"]

    by_version = {e["version_id"]: e for e in api.everything()[0]}
    assert (by_version[first["version_id"]]["licence"], by_version[first["version_id"]]["authors"]) == (
        "CC-BY-4.0",
        ["Ana Souza"],
    )
    assert (by_version[second["version_id"]]["licence"], by_version[second["version_id"]]["authors"]) == (
        "CC0-1.0",
        ["Ana Souza", "Bo Chen"],
    )
    # There is no route that changes a version: the API takes publish and unpublish only.
    paths = hub_paths(api)
    assert {p for p in paths if p.startswith("/v1/commons")} == {
        "/v1/commons/publish",
        "/v1/commons/unpublish",
        "/v1/commons/catalogue",
        "/v1/commons/usage",
    }


def hub_paths(api: Commons) -> set[str]:
    return set(api.http.get("/openapi.json").json()["paths"])


def test_a_remix_of_a_share_alike_lesson_is_published_only_under_share_alike(hub, org, laptops, connect):
    api = connect(_org_laptop(hub, laptops, org))
    original = api.published("lesson-1", "Flyer", licence="CC-BY-SA-4.0")
    ancestry = {"source_version_id": original["version_id"], "parent_version_id": original["version_id"]}
    refused = api.publish("remix-1", "Flyer, remixed", licence="CC-BY-4.0", **ancestry)
    assert refused.status_code == 422 and "same licence" in refused.json()["detail"]
    assert api.publish("remix-1", "Flyer, remixed", licence="CC-BY-SA-4.0", **ancestry).status_code == 200
    unknown = api.publish("remix-2", "Flyer", source_version_id="no-such-version", parent_version_id=None)
    assert unknown.status_code == 422


def test_unpublishing_takes_a_lesson_out_of_the_catalogue_but_not_out_of_a_laptops_copy(hub, laptops, connect, org):
    salon = _org_laptop(hub, laptops, f"{org} salon")
    union_hall = _org_laptop(hub, laptops, f"{org} union", consent=False)
    publisher, reader = connect(salon), connect(union_hall)
    published = publisher.published("flyer", "Flyer as a web page")
    entries, _removed, cursor = reader.everything()
    entry = next(e for e in entries if e["version_id"] == published["version_id"])
    copy_id = take_copy(union_hall, entry)
    assert union_hall.sync().rejected == 0

    other = reader.unpublish(published["commons_lesson_id"])  # another organisation's lesson: not found
    assert other.status_code == 404
    assert publisher.unpublish(published["commons_lesson_id"]).status_code == 200
    assert publisher.unpublish(published["commons_lesson_id"]).status_code == 200  # again: nothing more

    _new, removed, _cursor = reader.everything(cursor)
    assert removed == [published["commons_lesson_id"]]  # told at its next page
    fresh, _removed, _last = reader.everything()
    assert published["commons_lesson_id"] not in {e["commons_lesson_id"] for e in fresh}  # new laptops never see it

    assert union_hall.sync().rejected == 0
    from desktop.models.entities import Lesson, LessonLineage

    with union_hall.db.transaction() as s:
        lesson, lineage = s.get(Lesson, copy_id), s.get(LessonLineage, copy_id)
        assert lesson is not None and not lesson.deleted and lesson.title == "Flyer as a web page"
        assert lineage is not None and lineage.parent_licence == "CC-BY-4.0" and lineage.parent_authors == ["Ana Souza"]

    # Published again from the same lesson: back in the catalogue, as its next version.
    again = publisher.published("flyer", "Flyer as a web page, revised")
    assert again["commons_lesson_id"] == published["commons_lesson_id"] and again["number"] == 2
    assert again["version_id"] in {e["version_id"] for e in reader.everything(cursor)[0]}


def test_the_catalogue_is_read_in_pages_from_its_cursor_with_nothing_twice_and_nothing_skipped(
    hub, org, laptops, connect
):
    publisher = connect(_org_laptop(hub, laptops, f"{org} a"))
    reader = connect(_org_laptop(hub, laptops, f"{org} b", consent=False))
    _entries, _removed, start = reader.everything()  # what other tests published before
    made = [publisher.published(f"lesson-{i}", f"Lesson {i}") for i in range(23)]

    seen: list[str] = []
    removed: list[str] = []
    after, pages = start, 0
    while True:
        page = reader.page(after, limit=5)
        pages += 1
        assert all(after < e["seq"] <= page["last_seq"] for e in page["entries"])
        assert [e["seq"] for e in page["entries"]] == sorted(e["seq"] for e in page["entries"])
        seen += [e["version_id"] for e in page["entries"]]
        removed += page["removed"]
        after = page["last_seq"]
        if pages == 2:  # changes while a laptop is half-way: a new version, a new lesson, an unpublishing
            made.append(publisher.published("lesson-0", "Lesson 0, revised"))
            made.append(publisher.published("lesson-late", "A late lesson"))
            assert publisher.unpublish(made[1]["commons_lesson_id"]).status_code == 200
        if not page["more"]:
            break
    assert len(seen) == len(set(seen))  # nothing twice
    # Nothing skipped: every version published is seen, but for one unpublished before the reader reached it.
    assert set(seen) | {made[1]["version_id"]} == {m["version_id"] for m in made}
    assert removed == [made[1]["commons_lesson_id"]]
    assert pages >= 5
    nothing_new = reader.page(after)
    assert nothing_new == {"entries": [], "removed": [], "last_seq": after, "more": False}


def test_an_organisation_that_chose_not_to_receive_the_commons_gets_nothing(hub, org, laptops, connect):
    publisher = connect(_org_laptop(hub, laptops, f"{org} a"))
    quiet_org = f"{org} quiet"
    quiet = connect(_org_laptop(hub, laptops, quiet_org, consent=False))
    publisher.published("lesson-1", "Flyer")
    commons.set_receiving(hub.engine, quiet_org, False)

    assert quiet.page(0) == {"entries": [], "removed": [], "last_seq": 0, "more": False}
    answer = quiet.usage()
    assert answer.status_code == 200 and answer.json() == {"lessons": {}}

    commons.set_receiving(hub.engine, quiet_org, True)  # changed its mind: everything, from where it was
    assert "Flyer" in {e["title"] for e in quiet.everything(0)[0]}


def test_usage_counts_sessions_and_organisations_and_a_rating_only_from_five_cards_never_people_or_places(
    hub, org, laptops, connect
):
    salon_org, hall_org, library_org = f"{org} salon", f"{org} hall", f"{org} library"
    salon = _org_laptop(hub, laptops, salon_org)
    hall = _org_laptop(hub, laptops, hall_org, consent=False)
    library = _org_laptop(hub, laptops, library_org, consent=False)
    publisher, hall_api, library_api = connect(salon), connect(hall), connect(library)

    salon_lesson = own_lesson(salon, "Flyer as a web page")
    published = publisher.published(salon_lesson, "Flyer as a web page")
    lesson_key = published["commons_lesson_id"]
    entry = next(e for e in hall_api.everything()[0] if e["version_id"] == published["version_id"])
    hall_copy, library_copy = take_copy(hall, entry), take_copy(library, entry)

    hold_session(salon, salon_lesson, venue="Curl Up Salon", people=["Zoë Williams"], ratings=[3])
    hold_session(hall, hall_copy, venue="Local 1199 Hall", people=["José García", "Олена Коваленко"], ratings=[3, 2])
    hold_session(hall, hall_copy, venue="Local 1199 Annex", people=["Siobhán O'Brien"], ratings=[])
    for laptop in (salon, hall, library):
        assert laptop.sync().rejected == 0

    answer = library_api.usage()
    assert answer.status_code == 200
    etag = answer.headers["ETag"]
    assert answer.json()["lessons"][lesson_key] == {"sessions": 3, "organisations": 2, "rating": None}  # 3 cards
    assert library_api.usage(etag).status_code == 304

    # Two more cards at another organisation (five in all), and a session planned but never held.
    hold_session(library, library_copy, venue="Eastside Library", people=["Nguyễn Thị Hoa"], ratings=[1, 3])
    from desktop.models import TasterSession

    with library.db.transaction() as s:
        s.add(
            TasterSession(venue_id=_any_venue(library), starts_at=datetime(2026, 5, 1, 18), lesson_ids=[library_copy])
        )
    assert library.sync().rejected == 0
    changed = library_api.usage(etag)
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    body = changed.text
    assert changed.json()["lessons"][lesson_key] == {"sessions": 4, "organisations": 3, "rating": 2.4}
    for private in ("Zoë", "José", "Олена", "Siobhán", "Nguyễn", "Curl Up", "Local 1199", "Eastside", "Main Street"):
        assert private not in body
    for session_or_lesson in (hall_copy, library_copy, salon_lesson):
        assert session_or_lesson not in body
    # Only the three aggregates, per lesson: nothing per session, per venue or per organisation.
    assert all(
        set(figures) == {"sessions", "organisations", "rating"} for figures in changed.json()["lessons"].values()
    )


def _any_venue(laptop: Laptop) -> str:
    from desktop.models import Venue

    with laptop.db.transaction() as s:
        return s.query(Venue.id).first()[0]
