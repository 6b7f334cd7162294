"""The hub's HTTP API against a real hub process, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from hub.store import devices, op_log, organisations, rows


def _enrol(hub, org: str) -> str:
    response = httpx.post(hub.url + "/v1/enrol", json={"code": hub.code(org), "device_id": str(uuid.uuid4())})
    assert response.status_code == 200, response.text
    return response.json()["token"]


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _op(table: str = "venues", row_id: str | None = None, op: str = "insert", **fields) -> dict:
    if op == "insert" and table == "venues":
        fields.setdefault("name", "Curl Up & Dye Salon")
    return {
        "op_id": str(uuid.uuid4()),
        "table": table,
        "row_id": row_id or str(uuid.uuid4()),
        "op": op,
        "fields": fields,
        "base_version": "",
        "version": "1767225600000-000000-laptop",
    }


def _stored(hub, org: str) -> tuple[int, int]:
    """(rows, op log entries) the hub holds for ``org``."""
    with hub.engine.connect() as conn:
        org_id = conn.execute(select(organisations.c.id).where(organisations.c.name == org)).scalar_one()
        n_rows = conn.execute(select(func.count()).select_from(rows).where(rows.c.org_id == org_id)).scalar_one()
        n_ops = conn.execute(select(func.count()).select_from(op_log).where(op_log.c.org_id == org_id)).scalar_one()
    return n_rows, n_ops


@pytest.fixture
def token(any_hub, org):
    any_hub.org(org)
    return _enrol(any_hub, org)


def test_health_and_the_openapi_description_are_published(any_hub):
    assert httpx.get(any_hub.url + "/healthz").json()["status"] == "ok"
    spec = httpx.get(any_hub.url + "/openapi.json").json()
    assert {"/v1/enrol", "/v1/sync/push", "/v1/sync/pull", "/healthz"} <= set(spec["paths"])
    assert "PushRequest" in spec["components"]["schemas"]


def test_an_enrolment_code_works_once(any_hub, org):
    any_hub.org(org)
    code = any_hub.code(org)
    first = httpx.post(any_hub.url + "/v1/enrol", json={"code": code, "device_id": "laptop-1"})
    again = httpx.post(any_hub.url + "/v1/enrol", json={"code": code, "device_id": "laptop-2"})
    assert first.status_code == 200 and first.json()["organisation"] == org
    assert again.status_code == 403 and "already been used" in again.json()["detail"]


def test_an_expired_or_unknown_code_is_refused_with_a_reason(any_hub, org):
    any_hub.org(org)
    old = any_hub.code(org, valid_for=timedelta(seconds=-1))
    expired = httpx.post(any_hub.url + "/v1/enrol", json={"code": old, "device_id": "laptop-1"})
    unknown = httpx.post(any_hub.url + "/v1/enrol", json={"code": "AAAA-BBBB-CCCC", "device_id": "laptop-1"})
    assert expired.status_code == 403 and "expired" in expired.json()["detail"]
    assert unknown.status_code == 403 and "not known" in unknown.json()["detail"]


def test_tokens_are_stored_only_as_hashes(any_hub, org, token):
    with any_hub.engine.connect() as conn:
        stored = [r.token_hash for r in conn.execute(select(devices.c.token_hash))]
    assert token not in stored
    assert all(len(h) == 64 for h in stored)
    if any_hub.database_url.startswith("sqlite"):
        path = any_hub.database_url.split("///", 1)[1]
        raw = b"".join(Path(p).read_bytes() for p in (path, path + "-wal") if Path(p).exists())
        assert token.split(".", 1)[1].encode() not in raw


@pytest.mark.parametrize("header", [None, "Bearer nope", "Basic abc", "Bearer"])
def test_no_valid_token_no_access(any_hub, header):
    headers = {"Authorization": header} if header else {}
    assert httpx.get(any_hub.url + "/v1/sync/pull", headers=headers).status_code == 401
    push = httpx.post(any_hub.url + "/v1/sync/push", json={"ops": []}, headers=headers)
    assert push.status_code == 401 and "enrol" in push.json()["detail"].lower()


def test_a_revoked_token_gets_401(any_hub, org, token):
    from hub import admin

    assert httpx.get(any_hub.url + "/v1/sync/pull", headers=_auth(token)).status_code == 200
    admin.revoke(any_hub.engine, token.split(".", 1)[0])
    assert httpx.get(any_hub.url + "/v1/sync/pull", headers=_auth(token)).status_code == 401
    push = httpx.post(any_hub.url + "/v1/sync/push", json={"ops": [_op()]}, headers=_auth(token))
    assert push.status_code == 401
    assert _stored(any_hub, org) == (0, 0)


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b"{not json", "application/json", "not valid JSON"),
        (b"", "application/json", ""),
        (b'{"ops": "many"}', "application/json", "ops"),
        (b'{"ops": [{"table": "venues"}]}', "application/json", "op_id"),
        (b'{"ops": [], "extra": 1}', "application/json", "extra"),
        (b"[" * 100_000 + b"]" * 100_000, "application/json", ""),
        (
            b'{"ops": [{"op_id": "a\\u0000b", "table": "venues", "row_id": "r", "op": "insert", "version": "1-0-x"}]}',
            "application/json",
            "op_id",
        ),
        (b"\xff\xfe\x00garbage", "application/octet-stream", ""),
    ],
)
def test_malformed_pushes_get_a_clear_4xx_and_store_nothing(any_hub, org, token, body, content_type, expected):
    response = httpx.post(
        any_hub.url + "/v1/sync/push", content=body, headers={**_auth(token), "Content-Type": content_type}
    )
    assert 400 <= response.status_code < 500, response.text
    detail = response.json()["detail"]
    assert detail and expected in json.dumps(response.json())
    assert _stored(any_hub, org) == (0, 0)


@pytest.mark.parametrize("query", ["since=-1", "since=abc", "limit=0", "limit=999999", "since=99999999999999999999"])
def test_bad_pull_parameters_get_422(any_hub, token, query):
    response = httpx.get(any_hub.url + "/v1/sync/pull?" + query, headers=_auth(token))
    assert response.status_code == 422 and response.json()["detail"]


def test_the_same_op_id_with_a_different_payload_is_a_409_and_nothing_in_the_push_is_stored(any_hub, org, token):
    op = _op(name="Greater Hope Baptist Church")
    assert httpx.post(any_hub.url + "/v1/sync/push", json={"ops": [op]}, headers=_auth(token)).status_code == 200
    before = _stored(any_hub, org)
    other = _op()
    changed = {**op, "fields": {**op["fields"], "name": "Iglesia Nueva Vida"}}
    response = httpx.post(any_hub.url + "/v1/sync/push", json={"ops": [other, changed]}, headers=_auth(token))
    assert response.status_code == 409
    assert response.json()["op_ids"] == [op["op_id"]]
    assert _stored(any_hub, org) == before
    same = httpx.post(any_hub.url + "/v1/sync/push", json={"ops": [op]}, headers=_auth(token))
    assert same.json()["results"][0]["status"] == "duplicate"


def test_one_bad_op_in_a_batch_is_rejected_alone(any_hub, org, token):
    good_before, good_after = _op(name="Before"), _op(name="After")
    bad = [
        _op(table="venues", name=42),
        _op(table="no_such_table"),
        _op(table="venues", colour="teal"),
        _op(op="merge"),
        {**_op(), "version": "yesterday"},
        _op(table="exit_cards", session_id="s", rating="great"),
        _op(table="sessions", venue_id="v"),  # no start time
    ]
    response = httpx.post(
        any_hub.url + "/v1/sync/push", json={"ops": [good_before, *bad, good_after]}, headers=_auth(token)
    )
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["applied"] + ["rejected"] * len(bad) + ["applied"]
    assert all(r["reason"] for r in results[1:-1])
    page = httpx.get(any_hub.url + "/v1/sync/pull", headers=_auth(token)).json()
    assert sorted(c["fields"]["name"] for c in page["changes"]) == ["After", "Before"]


def test_organisation_a_can_neither_read_nor_write_organisation_b_rows(any_hub, org):
    org_a, org_b = any_hub.org(org + " A"), any_hub.org(org + " B")
    token_a, token_b = _enrol(any_hub, org_a), _enrol(any_hub, org_b)
    venue = _op(name="A's venue")
    httpx.post(any_hub.url + "/v1/sync/push", json={"ops": [venue]}, headers=_auth(token_a))
    # B sees nothing of A's, and "changing" A's row only makes a row of B's own.
    assert httpx.get(any_hub.url + "/v1/sync/pull", headers=_auth(token_b)).json()["changes"] == []
    hijack = _op(row_id=venue["row_id"], op="update", name="B was here")
    hijack["base_version"] = "1767225600000-000000-hub:1"
    httpx.post(any_hub.url + "/v1/sync/push", json={"ops": [hijack]}, headers=_auth(token_b))
    # Reusing A's op_id is not even noticed across organisations.
    reuse = {**venue, "fields": {"name": "copy"}}
    assert httpx.post(any_hub.url + "/v1/sync/push", json={"ops": [reuse]}, headers=_auth(token_b)).status_code == 200
    a_rows = httpx.get(any_hub.url + "/v1/sync/pull", headers=_auth(token_a)).json()["changes"]
    assert [c["fields"]["name"] for c in a_rows] == ["A's venue"]
    b_rows = httpx.get(any_hub.url + "/v1/sync/pull", headers=_auth(token_b)).json()["changes"]
    # B's own row: its update arrived before its create, so the update's name stands.
    assert [(c["row_id"], c["fields"]["name"]) for c in b_rows] == [(venue["row_id"], "B was here")]


def test_pull_pages_follow_the_cursor_without_gaps(any_hub, org, token):
    ops = [_op(name=f"Venue {i}") for i in range(25)]
    httpx.post(any_hub.url + "/v1/sync/push", json={"ops": ops}, headers=_auth(token))
    seen, since, pages = [], 0, 0
    while True:
        page = httpx.get(any_hub.url + f"/v1/sync/pull?since={since}&limit=10", headers=_auth(token)).json()
        seen += [c["fields"]["name"] for c in page["changes"]]
        since, pages = page["cursor"], pages + 1
        if not page["more"]:
            break
    assert seen == [f"Venue {i}" for i in range(25)] and pages == 3


def test_the_same_fields_in_another_order_are_the_same_op(any_hub, org, token):
    op = _op(name="Union Hall 1199", notes="Side door")
    assert httpx.post(any_hub.url + "/v1/sync/push", json={"ops": [op]}, headers=_auth(token)).status_code == 200
    reordered = {**op, "fields": dict(reversed(list(op["fields"].items())))}
    again = httpx.post(any_hub.url + "/v1/sync/push", json={"ops": [reordered]}, headers=_auth(token))
    assert again.json()["results"][0]["status"] == "duplicate"


def test_numbers_beyond_64_bits_in_a_free_form_field_are_kept_exactly(any_hub, org, token):
    options = {"seed": 2**70 + 1, "weights": [-(2**65), 3], "share": 0.25}
    first = _op(table="pairing_rounds", session_id="s1", options=options)
    body = json.dumps({"ops": [first]}).encode()
    response = httpx.post(
        any_hub.url + "/v1/sync/push", content=body, headers={**_auth(token), "Content-Type": "application/json"}
    )
    assert response.json()["results"][0]["status"] == "applied"
    again = httpx.post(
        any_hub.url + "/v1/sync/push", content=body, headers={**_auth(token), "Content-Type": "application/json"}
    )
    assert again.json()["results"][0]["status"] == "duplicate"
    # A later change to the same row reads the stored text back and writes it again.
    later = _op(table="pairing_rounds", row_id=first["row_id"], op="update", score=7)
    later["base_version"] = "1767225600000-000000-hub:1"
    httpx.post(any_hub.url + "/v1/sync/push", json={"ops": [later]}, headers=_auth(token))
    page = json.loads(httpx.get(any_hub.url + "/v1/sync/pull", headers=_auth(token)).content)
    assert page["changes"][0]["fields"]["options"] == options
    assert page["changes"][0]["fields"]["score"] == 7
