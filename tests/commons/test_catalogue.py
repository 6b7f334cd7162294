"""The commons catalogue on a laptop: stored page by page with its cursor, browsed and searched offline."""

from __future__ import annotations

import pytest

from desktop.commons import catalogue
from desktop.commons.catalogue import CommonsFilter, browse, search, store_page, store_usage
from desktop.models.local import CommonsEntry, CommonsRemoved
from desktop.sync.client import HubUnreachable
from tests.commons.catalogue_pages import entry, page


def _titles(db, filt: CommonsFilter | None = None) -> list[str]:
    with db.transaction() as s:
        return [x.title for x in (search(s, filt) if filt else browse(s))]


def test_a_page_and_its_cursor_are_stored_together_and_storing_it_twice_changes_nothing(db):
    first = page([entry("v1", seq=1), entry("v2", seq=2, title="Budget sheet")])
    assert store_page(db, first, 0) == 2
    assert store_page(db, first, 0) == 2
    with db.transaction() as s:
        assert catalogue.cursor(s) == 2
        assert s.query(CommonsEntry).count() == 2
    assert _titles(db) == ["Budget sheet", "Flyer as a web page"]


def test_only_the_newest_version_of_a_commons_lesson_is_listed(db):
    store_page(db, page([entry("v1", seq=1, lesson="cl-a", number=1, title="Old title")]), 0)
    store_page(db, page([entry("v2", seq=2, lesson="cl-a", number=2, title="New title")]), 1)
    with db.transaction() as s:
        (only,) = browse(s)
    assert (only.version_id, only.title, only.number) == ("v2", "New title", 2)


def test_an_unpublished_lesson_disappears_from_the_catalogue(db):
    store_page(db, page([entry("v1", seq=1, lesson="cl-a"), entry("v2", seq=2, lesson="cl-b", title="Budget")]), 0)
    store_page(db, {"entries": [], "removed": ["cl-a"], "last_seq": 3, "more": False}, 2)
    assert _titles(db) == ["Budget"]
    with db.transaction() as s:
        assert s.get(CommonsRemoved, "cl-a") is not None
        assert catalogue.cursor(s) == 3


def test_a_lesson_published_again_after_being_unpublished_comes_back(db):
    store_page(db, page([entry("v1", seq=1, lesson="cl-a")], removed=["cl-a"]), 0)
    assert _titles(db) == []
    store_page(db, page([entry("v2", seq=5, lesson="cl-a", number=2, title="Back again")]), 1)
    assert _titles(db) == ["Back again"]


def test_an_entry_the_laptop_cannot_use_is_left_out_and_the_rest_are_stored(db):
    bad_licence = entry("v1", seq=1, licence="All rights reserved")
    bad_number = {**entry("v2", seq=2), "number": "two"}
    fetched = catalogue.Fetched()
    store_page(db, page([bad_licence, bad_number, entry("v3", seq=3, title="Good")]), 0, fetched)
    assert _titles(db) == ["Good"]
    assert len(fetched.skipped) == 2 and "All rights reserved" in fetched.skipped[0]


def test_a_page_that_is_not_a_catalogue_page_is_refused(db):
    with pytest.raises(HubUnreachable):
        store_page(db, {"changes": []}, 0)
    with pytest.raises(HubUnreachable):
        store_page(db, {"entries": [], "removed": []}, 0)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("flyer", ["Flyer as a web page"]),
        ("FOLLETO", ["Folleto de la peluquería"]),
        ("peluqueria", ["Folleto de la peluquería"]),  # without the accent
        ("王芳", ["网页传单"]),  # an author in Chinese
        ("传单", ["网页传单"]),
        ("олена", ["Листівка"]),  # Cyrillic, any case
        ("union hall", ["Budget sheet"]),  # the organisation
        ("spreadsheets", ["Budget sheet"]),  # a topic
        ("cc0", ["Budget sheet"]),  # the licence
        ("salon ana", ["Flyer as a web page", "Folleto de la peluquería"]),  # every word, anywhere
        ("nothing like it", []),
    ],
)
def test_search_finds_lessons_by_title_author_organisation_topic_or_licence_in_any_script(db, query, found):
    store_page(
        db,
        page(
            [
                entry("v1", seq=1, title="Flyer as a web page"),
                entry("v2", seq=2, title="Folleto de la peluquería", language="es", authors=["Ana Ruiz"]),
                entry("v3", seq=3, title="网页传单", language="zh", authors=["王芳"], organisation="社区中心"),
                entry(
                    "v4", seq=4, title="Листівка", language="uk", authors=["Олена Коваль"], organisation="Бібліотека"
                ),
                entry(
                    "v5",
                    seq=5,
                    title="Budget sheet",
                    tags=["spreadsheets"],
                    licence="CC0-1.0",
                    authors=["Bo Lee"],
                    organisation="Union Hall 12",
                ),
            ]
        ),
        0,
    )
    assert sorted(_titles(db, CommonsFilter(query=query))) == sorted(found)


def test_the_filters_narrow_by_level_language_length_licence_and_topic(db):
    store_page(
        db,
        page(
            [
                entry("v1", seq=1, title="A", level="beginner", language="en", minutes=20, tags=["web"]),
                entry("v2", seq=2, title="B", level="intermediate", language="es", minutes=75, licence="CC-BY-SA-4.0"),
                entry("v3", seq=3, title="C", level="beginner", language="es", minutes=45, tags=["money"]),
            ]
        ),
        0,
    )
    assert _titles(db, CommonsFilter(level="beginner")) == ["A", "C"]
    assert _titles(db, CommonsFilter(language="es")) == ["B", "C"]
    assert _titles(db, CommonsFilter(duration="61_to_90")) == ["B"]
    assert _titles(db, CommonsFilter(licence="CC-BY-SA-4.0")) == ["B"]
    assert _titles(db, CommonsFilter(topic="money")) == ["C"]


def test_usage_is_shown_beside_each_lesson_and_replaced_whole(db):
    store_page(db, page([entry("v1", seq=1, lesson="cl-a"), entry("v2", seq=2, lesson="cl-b", title="B")]), 0)
    store_usage(db, {"lessons": {"cl-a": {"sessions": 12, "organisations": 3, "rating": 2.6}}}, '"e1"')
    with db.transaction() as s:
        usage = {x.commons_lesson_id: (x.sessions, x.organisations, x.rating) for x in browse(s)}
    assert usage == {"cl-a": (12, 3, 2.6), "cl-b": (0, 0, None)}
    store_usage(db, {"lessons": {"cl-b": {"sessions": 1, "organisations": 1, "rating": None}}}, '"e2"')
    with db.transaction() as s:
        usage = {x.commons_lesson_id: (x.sessions, x.organisations, x.rating) for x in browse(s)}
    assert usage == {"cl-a": (0, 0, None), "cl-b": (1, 1, None)}


def test_a_lesson_s_detail_names_the_versions_it_descends_from(db):
    store_page(
        db,
        page(
            [
                entry("v1", seq=1, lesson="cl-a", title="Original"),
                entry("v2", seq=2, lesson="cl-b", title="Remix", source="v1", parent="v1"),
            ]
        ),
        0,
    )
    with db.transaction() as s:
        found = catalogue.detail(s, "v2")
    assert found is not None
    assert (found.source_title, found.parent_title, found.summary.is_remix) == ("Original", "Original", True)
    assert "Open the editor" in found.text


def test_a_sync_that_finds_no_catalogue_state_while_another_sync_of_this_laptop_makes_it_goes_on(db):
    """The app's sync and a command-line sync at once: both find no state row, and only one can insert it."""
    import sqlite3

    from sqlalchemy import event

    def another_sync_makes_it(session, _context, _instances) -> None:
        other = sqlite3.connect(db.path, timeout=5)
        with other:
            other.execute(
                "INSERT OR IGNORE INTO commons_state (id, hub_url, cursor, usage_etag) VALUES (1, 'http://hub', 0, '')"
            )
        other.close()

    event.listen(db.session_factory, "before_flush", another_sync_makes_it)
    try:
        assert catalogue._start(db, "http://hub") == (0, "")
    finally:
        event.remove(db.session_factory, "before_flush", another_sync_makes_it)
    assert store_page(db, page([entry("a", seq=1)]), after=0) == 1
    with db.session() as s:
        assert catalogue.cursor(s) == 1
