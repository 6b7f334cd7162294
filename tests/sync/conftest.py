"""Fixtures: a hub per module (SQLite, and PostgreSQL where it can be had), organisations, laptops."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hubtools import HubProcess, Laptop, pg_unavailable, postgres_cluster

_names = itertools.count(1)


def _hub_for(kind: str, tmp_path_factory: pytest.TempPathFactory, *extra: str) -> HubProcess:
    if kind == "postgresql":
        cluster = postgres_cluster()
        if cluster is None:
            pytest.skip(pg_unavailable())
        url = cluster.new_database()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('hub') / 'hub.sqlite3'}"
    return HubProcess(url, *extra)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """A real hub on SQLite, shared by a test module (each test makes its own organisation)."""
    process = _hub_for("sqlite", tmp_path_factory)
    yield process
    process.stop()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_hub(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """The same tests against a hub on SQLite and on PostgreSQL."""
    process = _hub_for(request.param, tmp_path_factory)
    yield process
    process.stop()


@pytest.fixture
def org(request: pytest.FixtureRequest) -> str:
    return f"Org {next(_names)} {request.node.name[:60]}"


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[callable]:
    """``laptops(n)`` -> n fresh laptops (closed after the test)."""
    made: list[Laptop] = []

    def make(n: int = 1, prefix: str = "laptop") -> list[Laptop]:
        fresh = [
            Laptop.open(tmp_path / f"{prefix}-{len(made) + i}", name=f"{prefix} {len(made) + i}") for i in range(n)
        ]
        made.extend(fresh)
        return fresh

    yield make
    for laptop in made:
        laptop.close()


def enrolled(hub: HubProcess, org: str, laptops: list[Laptop]) -> list[Laptop]:
    if org not in _orgs_made:
        hub.org(org)
        _orgs_made.add(org)
    for laptop in laptops:
        laptop.enrol(hub.url, hub.code(org))
    return laptops


_orgs_made: set[str] = set()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Show what the hub printed when a test against it fails."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        for name in ("hub", "any_hub"):
            process = item.funcargs.get(name)
            if isinstance(process, HubProcess):
                report.sections.append((f"hub output ({name})", process.output()[-8000:]))
