"""Attacks on the lesson commons over HTTP, on a real hub with enrolled laptops of two organisations: what one
organisation can learn of another's, replays and races of publishing, and the catalogue's cursor at its edges."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from hub import commons
from tests.hub.commons_tools import Commons, hold_session, lesson_text, own_lesson
from tests.hubtools import HubProcess, Laptop
from tests.sync.conftest import enrolled


@pytest.fixture(scope="module")
def hub(any_hub: HubProcess) -> HubProcess:
    """Every attack on a hub on SQLite and on PostgreSQL (the races differ)."""
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


def _laptop(hub: HubProcess, laptops, name: str, *, consent: bool = True) -> Laptop:
    (laptop,) = enrolled(hub, name, laptops(1, prefix=name.split()[0].lower()))
    if consent:
        commons.set_consent(hub.engine, name, True)
    return laptop


@pytest.fixture
def two(hub: HubProcess, org: str, laptops, connect) -> tuple[Commons, Commons]:
    return connect(_laptop(hub, laptops, f"{org} A")), connect(_laptop(hub, laptops, f"{org} B"))


def test_another_organisations_lesson_cannot_be_unpublished_and_is_told_apart_from_none(two) -> None:
    a, b = two
    published = a.published("a-1", "Flyers as web pages")
    theirs = b.unpublish(published["commons_lesson_id"])
    nothing = b.unpublish("00000000-0000-0000-0000-000000000000")
    assert theirs.status_code == nothing.status_code == 404
    assert theirs.json()["detail"] == nothing.json()["detail"]
    assert published["commons_lesson_id"] in [e["commons_lesson_id"] for e in b.everything()[0]]


def test_a_cursor_below_zero_not_a_number_or_a_limit_out_of_range_is_refused_and_a_huge_one_is_empty(two) -> None:
    a, _b = two
    a.published("a-1", "Flyers as web pages")
    for params in ({"after": -1}, {"after": "x"}, {"limit": 0}, {"limit": 10**9}, {"after": 2**70}):
        assert a.http.get("/v1/commons/catalogue", params=params).status_code == 422, params
    far = a.page(after=2**62)
    assert far == {"entries": [], "removed": [], "last_seq": 2**62, "more": False}


def test_publishing_again_after_unpublishing_brings_the_lesson_back_as_a_new_version(two) -> None:
    a, b = two
    first = a.published("a-1", "Flyers as web pages")
    _, _, cursor = b.everything()
    assert a.unpublish(first["commons_lesson_id"]).status_code == 200
    entries, removed, cursor2 = b.everything(cursor)
    assert (entries, removed) == ([], [first["commons_lesson_id"]])
    again = a.published("a-1", "Flyers as web pages")
    assert (again["commons_lesson_id"], again["number"]) == (first["commons_lesson_id"], 2)
    entries, removed, _ = b.everything(cursor2)
    assert [e["version_id"] for e in entries] == [again["version_id"]] and removed == []


def test_a_replayed_publish_adds_no_version_and_changed_authors_make_a_new_one(two) -> None:
    a, _b = two
    first = a.published("a-1", "Flyers", authors=["Ana Souza"])
    assert a.published("a-1", "Flyers", authors=["  Ana   Souza "]) == first
    second = a.published("a-1", "Flyers", authors=["Ana Souza", "李小龍"])
    assert second["number"] == 2
    entries = {e["number"]: e for e in a.everything()[0] if e["commons_lesson_id"] == first["commons_lesson_id"]}
    assert entries[1]["authors"] == ["Ana Souza"] and entries[2]["authors"] == ["Ana Souza", "李小龍"]


@pytest.mark.parametrize(
    "authors", [["   "], ["\u00a0"], ["x" * 201], ["Ana"] * 51], ids=["blank", "nbsp", "too-long", "too-many"]
)
def test_authors_that_credit_no_one_or_are_too_long_are_refused(two, authors) -> None:
    a, _b = two
    assert a.publish("a-1", "Flyers", authors=authors).status_code == 422


def test_a_text_larger_than_a_lesson_may_be_is_refused(two) -> None:
    a, _b = two
    answer = a.publish("a-1", "Big", text=lesson_text("Big", "word " * (8 * 1024 * 1024 // 5)))
    assert answer.status_code in (413, 422)


def test_a_share_alike_original_binds_a_remix_that_names_it_only_as_its_source(two) -> None:
    a, b = two
    original = a.published("a-1", "Flyers", licence="CC-BY-SA-4.0")
    remix = b.published(
        "b-1",
        "Flyers remixed",
        licence="CC-BY-SA-4.0",
        source_version_id=original["version_id"],
        parent_version_id=original["version_id"],
    )
    answer = a.publish(
        "a-2",
        "Flyers remixed again",
        licence="CC-BY-4.0",
        source_version_id=original["version_id"],
        parent_version_id=remix["version_id"],
    )
    assert answer.status_code == 422


def test_two_publishes_at_once_of_one_lesson_make_distinct_versions_and_the_catalogue_misses_none(
    two, hub: HubProcess, laptops, connect, org
) -> None:
    a, b = two
    # Several laptops of the same organisation, each with its own connection, publishing the same lesson id.
    extra = [connect(x) for x in enrolled(hub, f"{org} A", laptops(3, prefix="more"))]
    publishers = [a, *extra]
    answers: list[dict] = []
    lock = threading.Lock()

    def publish(client: Commons, n: int) -> None:
        for k in range(5):
            got = client.published("shared", f"Version {n}-{k}")
            with lock:
                answers.append(got)

    threads = [threading.Thread(target=publish, args=(c, n)) for n, c in enumerate(publishers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    numbers = sorted(x["number"] for x in answers)
    assert numbers == list(range(1, len(answers) + 1))
    assert len({x["commons_lesson_id"] for x in answers}) == 1
    entries, _removed, _ = b.everything(limit=3)
    ours = [e["version_id"] for e in entries if e["commons_lesson_id"] == answers[0]["commons_lesson_id"]]
    assert sorted(ours) == sorted(x["version_id"] for x in answers)


def test_usage_of_an_organisation_that_does_not_receive_is_empty_and_its_etag_tells_nothing(
    two, hub: HubProcess, org
) -> None:
    a, b = two
    a.published("a-1", "Flyers")
    commons.set_receiving(hub.engine, f"{org} B", False)
    first = b.usage()
    assert first.json() == {"lessons": {}}
    a.published("a-2", "Posters")
    assert b.usage().headers["ETag"] == first.headers["ETag"]
    assert b.page() == {"entries": [], "removed": [], "last_seq": 0, "more": False}


def test_a_rating_from_a_single_sessions_exit_cards_is_never_shown_to_anyone(
    hub: HubProcess, org: str, laptops, connect
) -> None:
    salon = _laptop(hub, laptops, f"{org} salon")
    reader = connect(_laptop(hub, laptops, f"{org} reader", consent=False))
    lesson = own_lesson(salon, "Flyer as a web page")
    key = connect(salon).published(lesson, "Flyer as a web page")["commons_lesson_id"]
    hold_session(salon, lesson, venue="Curl Up Salon", people=["Zoë Williams"], ratings=[1, 1, 2, 1, 1])
    assert salon.sync().rejected == 0
    # Five cards, all from one session: their mean is that session's own figure.
    assert reader.usage().json()["lessons"][key] == {"sessions": 1, "organisations": 1, "rating": None}
    hold_session(salon, lesson, venue="Curl Up Salon", people=["Ana Souza"], ratings=[3])
    assert salon.sync().rejected == 0
    assert reader.usage().json()["lessons"][key] == {"sessions": 2, "organisations": 1, "rating": 1.5}
