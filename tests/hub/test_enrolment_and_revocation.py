"""Only an enrolment code enrols a laptop; revocation reaches every token a device could pass on,
and names exactly one device, in one organisation.

Against a real hub process; the organiser's side through the admin command line (``hub.__main__.main``).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import uuid
from collections.abc import Iterator

import httpx
import pytest
from fastapi.routing import APIRoute
from sqlalchemy import create_engine, func, select

from desktop.models import OutboxEntry, SyncState
from desktop.paths import database_path
from desktop.sync.client import NotEnrolled
from hub import admin
from hub.__main__ import main as hub_admin
from hub.app import create_app, current_device
from hub.store import devices
from tests.hubtools import Laptop, hub_rows
from tests.sync.conftest import enrolled
from tests.sync.scenarios import add_venue


def _device_routes() -> list[tuple[str, str]]:
    """(method, path) of every route of the hub that authenticates a device, found from the app itself,
    so a route added later is covered without touching this test."""

    def needs_device(dependant) -> bool:
        return any(d.call is current_device or needs_device(d) for d in dependant.dependencies)

    app = create_app(create_engine("sqlite://"))
    found = [
        (method, re.sub(r"\{[^}]+\}", "x", route.path))
        for route in app.routes
        if isinstance(route, APIRoute) and needs_device(route.dependant)
        for method in sorted(route.methods)
    ]
    assert {("POST", "/v1/sync/push"), ("GET", "/v1/sync/pull")} <= set(found)
    return found


def _call(hub, method: str, path: str, token: str) -> httpx.Response:
    # A well-formed JSON body: a body that is not JSON is refused before anyone is authenticated.
    body = {} if method in ("POST", "PUT", "PATCH") else None
    return httpx.request(method, hub.url + path, json=body, headers={"Authorization": f"Bearer {token}"})


def _statuses(hub, token: str) -> dict[tuple[str, str], int]:
    return {(m, p): _call(hub, m, p, token).status_code for m, p in _device_routes()}


def _enrol(hub, org: str, device_id: str | None = None) -> str:
    response = httpx.post(
        hub.url + "/v1/enrol",
        json={"code": hub.code(org), "device_id": device_id or str(uuid.uuid4())},
    )
    assert response.status_code == 200, response.text
    return response.json()["token"]


def _live(hub, token: str) -> bool:
    return admin.authenticate(hub.engine, token) is not None


def _run(capsys: pytest.CaptureFixture[str], hub, *argv: str) -> tuple[int, str, str]:
    """``onramp-hub --database-url URL ARGV...``: (exit status, stdout, stderr)."""
    capsys.readouterr()
    status = hub_admin(["--database-url", hub.database_url, *argv])
    out = capsys.readouterr()
    return status, out.out, out.err


def _token_of(laptop: Laptop) -> str:
    with laptop.db.transaction() as s:
        return s.get(SyncState, 1).device_token


def _copy(laptop: Laptop, where) -> Laptop:
    """The database file alone, copied to another laptop (without the marker beside it)."""
    where.mkdir()
    laptop.db.engine.dispose()
    shutil.copy(database_path(laptop.data_dir), database_path(where))
    return Laptop.open(where, name="copy")


@pytest.fixture
def copies(tmp_path) -> Iterator[list[Laptop]]:
    made: list[Laptop] = []
    yield made
    for laptop in made:
        laptop.close()


def _device_count(hub) -> int:
    with hub.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(devices)).scalar_one()


# Enrolment -------------------------------------------------------------------------------------------


def test_a_token_is_never_an_enrolment_credential(hub, org):
    hub.org(org)
    token = _enrol(hub, org)
    before = _device_count(hub)
    minted = httpx.post(hub.url + "/v1/enrol", json={"token": token, "device_id": "copied-laptop"})
    assert minted.status_code == 422 and "does not follow the protocol" in minted.json()["detail"]
    # Not even beside a valid code: the body is refused whole and the code is not spent.
    code = hub.code(org)
    both = httpx.post(hub.url + "/v1/enrol", json={"code": code, "token": token, "device_id": "copied-laptop"})
    assert both.status_code == 422 and "token" in both.json()["detail"]
    no_code = httpx.post(hub.url + "/v1/enrol", json={"device_id": "copied-laptop"})
    assert no_code.status_code == 422 and "code" in no_code.json()["detail"]
    assert _device_count(hub) == before
    spent = httpx.post(hub.url + "/v1/enrol", json={"code": code, "device_id": "copied-laptop"})
    assert spent.status_code == 200


def test_a_code_never_enrols_a_second_device_under_a_live_devices_id_in_its_organisation(hub, org, capsys):
    hub.org(org)
    device_id = str(uuid.uuid4())
    laptop = _enrol(hub, org, device_id)
    code = hub.code(org)

    claimed = httpx.post(hub.url + "/v1/enrol", json={"code": code, "device_id": device_id})

    assert claimed.status_code == 403
    assert claimed.json()["detail"] == (
        "A laptop with this id is already enrolled in this organisation. If this is that laptop being enrolled "
        f'again, ask the organiser to revoke it first: onramp-hub revoke {device_id} --org "{org}"'
    )
    assert _live(hub, laptop) and [d.device_id for d in admin.list_devices(hub.engine, org)] == [device_id]
    # Refused before the code was spent: once the laptop is revoked, the same code enrols the id again.
    status, _out, err = _run(capsys, hub, "revoke", device_id, "--org", org)
    assert status == 0, err
    again = httpx.post(hub.url + "/v1/enrol", json={"code": code, "device_id": device_id})
    assert again.status_code == 200, again.text
    assert _live(hub, again.json()["token"]) and not _live(hub, laptop)


def test_a_copied_laptop_asks_for_a_new_code_and_sends_its_outbox_once_enrolled(hub, org, laptops, copies, tmp_path):
    (original,) = enrolled(hub, org, laptops(1))
    add_venue(original, "Eastside Branch Library")
    original.sync()
    waiting = add_venue(original, "Made before the copy, not yet sent")
    copy = _copy(original, tmp_path / "copy")
    copies.append(copy)
    before = _device_count(hub)

    with pytest.raises(NotEnrolled, match="new enrolment code"):
        copy.sync()
    with copy.db.transaction() as s:
        state = s.get(SyncState, 1)
        assert state.device_token == ""  # the inherited token is gone, never used nor traded
        assert "copied or restored" in state.last_error and "kept" in state.last_error
        assert [e.row_id for e in s.scalars(select(OutboxEntry))] == [waiting]
    assert _device_count(hub) == before  # nothing was minted from it

    copy.enrol(hub.url, hub.code(org))
    copy.sync()
    with copy.db.transaction() as s:
        assert s.scalars(select(OutboxEntry)).all() == []
    assert ("venues", waiting) in hub_rows(hub.engine, org)
    assert not original.sync().new_identity  # the original never noticed


# Revocation --------------------------------------------------------------------------------------------


def test_revoked_laptops_copied_token_gets_401_on_every_route(hub, org, laptops, copies, tmp_path, capsys):
    (laptop,) = enrolled(hub, org, laptops(1))
    laptop.sync()
    stolen = _token_of(laptop)  # the token, copied off the laptop with its database
    copy = _copy(laptop, tmp_path / "copy")
    copies.append(copy)
    assert 401 not in _statuses(hub, stolen).values()  # every route takes it while it is live
    with contextlib.suppress(NotEnrolled):
        copy.sync()  # whatever the copy can get for itself before the revocation...
    held = {stolen, _token_of(copy)} - {""}

    status, out, _err = _run(capsys, hub, "revoke", laptop.db.device_id)  # its id is unique: no --org needed
    assert status == 0 and laptop.db.device_id in out

    for token in held:  # ...is worth nothing after it
        assert set(_statuses(hub, token).values()) == {401}
    with pytest.raises(NotEnrolled):
        laptop.sync()


def test_devices_lists_full_ids(hub, org, capsys):
    hub.org(org)
    first, second = _enrol(hub, org), _enrol(hub, org)
    status, out, err = _run(capsys, hub, "devices", "--org", org)
    assert status == 0
    lines = {line.split("\t", 1)[0]: line for line in out.splitlines()}
    assert set(lines) == {first.split(".")[0], second.split(".")[0]}  # the whole id, alone, first
    assert "onramp-hub revoke DEVICE_ID --org" in err


def test_an_exact_id_wins_over_a_prefix(hub, org, capsys):
    hub.org(org)
    short = _enrol(hub, org, "a1b2c3d4")
    longer = _enrol(hub, org, "a1b2c3d4-5678")
    status, _out, err = _run(capsys, hub, "revoke", "a1b2c3d4")
    assert status == 0, err
    assert not _live(hub, short) and _live(hub, longer)
    # A prefix is compared exactly: another case is another id.
    status, _out, err = _run(capsys, hub, "revoke", "A1B2C3D4-56", "--org", org)
    assert status == 1 and "No device" in err and _live(hub, longer)


def test_a_prefix_never_matches_across_organisations(hub, org, capsys):
    ours, theirs = hub.org(f"{org} ours"), hub.org(f"{org} theirs")
    mine = _enrol(hub, ours, "cafe0001-1111")
    other = _enrol(hub, theirs, "cafe0001-2222")

    # Unscoped and matching in two organisations: nothing changes; both are named to choose from.
    status, _out, err = _run(capsys, hub, "revoke", "cafe0001")
    assert status == 1 and ours in err and theirs in err and "--org" in err
    assert _live(hub, mine) and _live(hub, other)

    # Scoped: the other organisation's device neither blocks it nor is touched.
    status, out, err = _run(capsys, hub, "revoke", "cafe0001", "--org", ours)
    assert status == 0, err
    assert "cafe0001-1111" in out and not _live(hub, mine) and _live(hub, other)


def test_the_same_id_in_two_organisations_is_revoked_only_where_asked(hub, org, capsys):
    ours, theirs = hub.org(f"{org} ours"), hub.org(f"{org} theirs")
    device_id = str(uuid.uuid4())
    mine, other = _enrol(hub, ours, device_id), _enrol(hub, theirs, device_id)

    status, _out, err = _run(capsys, hub, "revoke", device_id)
    assert status == 1 and ours in err and theirs in err
    assert _live(hub, mine) and _live(hub, other)

    status, _out, err = _run(capsys, hub, "revoke", device_id, "--org", theirs)
    assert status == 0, err
    assert _live(hub, mine) and not _live(hub, other)
