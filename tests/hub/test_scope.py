"""What each role may see (scope_of), read from a real SQLite hub store."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hub import accounts, admin
from hub.scope import NotFound, scope_of
from hub.store import open_store, organisations, reading


@pytest.fixture
def engine(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    for name in ("East", "West", "North"):
        admin.create_org(engine, name)
    accounts.create_chapter(engine, "East", "Riverside", ["v1", "v2"])
    accounts.create_chapter(engine, "East", "Hilltop", ["v3"])
    accounts.create_chapter(engine, "West", "Harbour", ["w1"])
    accounts.create_funder(engine, "City Fund")
    accounts.set_funder_opt_in(engine, "East", "City Fund", True)
    accounts.set_funder_opt_in(engine, "West", "City Fund", True)
    accounts.set_funder_opt_in(engine, "West", "City Fund", False)
    yield engine
    engine.dispose()


def _org_ids(engine) -> dict[str, int]:
    with reading(engine) as conn:
        return {row.name: row.id for row in conn.execute(select(organisations.c.name, organisations.c.id))}


def _scope(engine, email, role, **kw):
    user_id, _token = accounts.create_user(engine, email, role, **kw)
    with reading(engine) as conn:
        return scope_of(conn, accounts.user_by_id(conn, user_id))


def test_a_hub_admin_reads_every_organisation_but_no_names(engine):
    scope = _scope(engine, "h@example.org", "hub_admin")
    assert scope.orgs == frozenset(_org_ids(engine).values())
    assert scope.venues is None and not scope.may_see_names and scope.administers


def test_an_org_admin_reads_all_of_their_organisation_and_nothing_of_another(engine):
    ids = _org_ids(engine)
    scope = _scope(engine, "a@example.org", "org_admin", org="East")
    assert scope.orgs == {ids["East"]} and scope.venues is None and scope.may_see_names
    assert scope.require_org(ids["East"]) == ids["East"]
    assert scope.require_venue(ids["East"], "any-venue") == "any-venue"
    with pytest.raises(NotFound):
        scope.require_org(ids["West"])
    with pytest.raises(NotFound):
        scope.require_venue(ids["West"], "w1")
    with pytest.raises(NotFound):
        scope.require_aggregates([ids["East"]])


def test_a_coordinator_reads_only_the_venues_of_their_chapters(engine):
    ids = _org_ids(engine)
    scope = _scope(engine, "c@example.org", "coordinator", org="East", chapter_names=["Riverside"])
    assert scope.orgs == {ids["East"]} and scope.venues == {"v1", "v2"} and scope.may_see_names
    assert scope.venues_in(ids["East"]) == {"v1", "v2"}
    assert scope.allows_venue(ids["East"], "v1") and not scope.allows_venue(ids["East"], "v3")
    with pytest.raises(NotFound):
        scope.require_venue(ids["East"], "v3")
    with pytest.raises(NotFound):
        scope.venues_in(ids["West"])
    assert not scope.administers


def test_a_coordinator_with_no_chapters_reads_no_venue(engine):
    ids = _org_ids(engine)
    scope = _scope(engine, "c@example.org", "coordinator", org="East")
    assert scope.venues == frozenset()
    assert not scope.allows_venue(ids["East"], "v1")


def test_a_funder_reads_no_records_only_aggregates_of_organisations_that_opted_in(engine):
    ids = _org_ids(engine)
    scope = _scope(engine, "f@example.org", "funder", funder="City Fund")
    assert scope.orgs == frozenset() and not scope.may_see_names and scope.is_funder
    assert scope.aggregate_orgs == {ids["East"]}  # West opted out again
    assert scope.require_aggregates([ids["East"]]) == {ids["East"]}
    with pytest.raises(NotFound):
        scope.require_aggregates([ids["East"], ids["West"]])
    with pytest.raises(NotFound):
        scope.require_org(ids["East"])


def test_a_disabled_account_reads_nothing(engine):
    user_id, _token = accounts.create_user(engine, "a@example.org", "org_admin", org="East")
    accounts.set_disabled(engine, "a@example.org", True)
    with reading(engine) as conn:
        scope = scope_of(conn, accounts.user_by_id(conn, user_id))
    assert scope.orgs == frozenset() and scope.aggregate_orgs == frozenset()


def test_an_org_admin_manages_only_their_organisations_admins_and_coordinators(engine):
    scope = _scope(engine, "a@example.org", "org_admin", org="East")
    _scope(engine, "c@example.org", "coordinator", org="East")
    _scope(engine, "w@example.org", "org_admin", org="West")
    _scope(engine, "h@example.org", "hub_admin")
    _scope(engine, "f@example.org", "funder", funder="City Fund")
    with reading(engine) as conn:
        by_email = {u.email: u for u in accounts.list_users(engine)}
        listed = {a.user.email for a in accounts.accounts_in_scope(conn, scope)}
    assert listed == {"a@example.org", "c@example.org"}
    assert scope.require_manageable(by_email["c@example.org"])
    for other in ("a@example.org", "w@example.org", "h@example.org", "f@example.org"):  # self included
        with pytest.raises(NotFound):
            scope.require_manageable(by_email[other])
