"""A client's fault is a documented 4xx with a reason, never a 5xx and never a traceback in the hub's log.

Against a real hub process on loopback; the log read is the one that process writes.
"""

from __future__ import annotations

import json
import socket
import uuid

import httpx
import jsonschema_rs
import pytest

from hub.pushbody import FIELD_VALUE_DEPTH, MAX_DEPTH
from tests.helpers import wait_until
from tests.hubtools import HubProcess

GONE = "client went away during upload"


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def token(hub: HubProcess, org: str) -> str:
    hub.org(org)
    response = httpx.post(hub.url + "/v1/enrol", json={"code": hub.code(org), "device_id": f"d-{uuid.uuid4()}"})
    return response.json()["token"]


def _nested(levels: int) -> str:
    """JSON text of objects and arrays nested ``levels`` deep, in turn (built as text: no recursion)."""
    opening = "".join("[" if i % 2 else '{"k":' for i in range(levels))
    return opening + "1" + "".join("]" if i % 2 else "}" for i in reversed(range(levels)))


def _deep_push(levels: int, extra: str = "") -> bytes:
    """A push of one valid pairing round whose free-form ``options`` nests ``levels`` deep.

    The body itself adds four levels: ``{"ops": [{"fields": {"options": ...}}]}``.
    """
    return (
        f'{{"ops": [{{"op_id": "{uuid.uuid4()}", "table": "pairing_rounds", "row_id": "{uuid.uuid4()}", '
        f'"op": "insert", "version": "1767225600000-000000-d1", '
        f'"fields": {{"session_id": "s1", {extra}"options": {_nested(levels)}}}}}]}}'
    ).encode()


def _post_raw(hub: HubProcess, body: bytes, token: str) -> httpx.Response:
    return httpx.post(
        hub.url + "/v1/sync/push", content=body, headers={**_auth(token), "Content-Type": "application/json"}
    )


def _published(hub: HubProcess) -> dict:
    return httpx.get(hub.url + "/openapi.json").json()


def _validator(document: dict, ref: str) -> jsonschema_rs.Validator:
    """A JSON Schema validator for one schema of the hub's OpenAPI document (``#/components/...``)."""
    root = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": ref,
        "components": document["components"],
    }
    return jsonschema_rs.validator_for(root)


# Deep nesting --------------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [FIELD_VALUE_DEPTH + 1, 300, 2000])
@pytest.mark.parametrize("long_number", [False, True], ids=["plain", "with-a-long-number"])
def test_a_push_nested_deeper_than_the_limit_gets_422_and_stores_nothing(hub, token, levels, long_number):
    # 300 is deeper than the hub's JSON parser reads: refused unread, as too deep all the same.
    extra = f'"seed": {2**70}, ' if long_number else ""
    response = _post_raw(hub, _deep_push(levels, extra), token)
    assert response.status_code == 422, response.text
    assert f"nested more than {MAX_DEPTH} levels deep" in response.json()["detail"]
    assert httpx.get(hub.url + "/v1/sync/pull", headers=_auth(token)).json()["changes"] == []
    assert "Traceback" not in hub.output()


def test_a_push_nested_exactly_to_the_limit_is_applied(hub, token):
    response = _post_raw(hub, _deep_push(FIELD_VALUE_DEPTH), token)
    assert response.status_code == 200 and response.json()["results"][0]["status"] == "applied"


def test_the_published_push_schema_refuses_exactly_the_nesting_the_hub_refuses(hub):
    valid = _validator(_published(hub), "#/components/schemas/PushRequest").is_valid
    assert valid(json.loads(_deep_push(FIELD_VALUE_DEPTH)))
    assert not valid(json.loads(_deep_push(FIELD_VALUE_DEPTH + 1)))


# A client that goes away -----------------------------------------------------------------------


def _drop_upload(hub: HubProcess, path: str, headers: str, partial: bytes) -> None:
    """Send a request's headers and part of its body, then close the connection."""
    with socket.create_connection(("127.0.0.1", hub.port)) as s:
        s.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{headers}\r\n".encode()
            + partial
        )


def test_a_client_that_drops_its_upload_is_logged_as_one_info_line(hub, token):
    before = hub.output().count(GONE)
    auth = f"Authorization: Bearer {token}\r\n"
    _drop_upload(hub, "/v1/sync/push", auth + "Content-Length: 5000\r\n", b'{"ops": [')
    _drop_upload(hub, "/v1/sync/push", auth + "Transfer-Encoding: chunked\r\n", b'9\r\n{"ops": [\r\n')
    _drop_upload(hub, "/v1/enrol", "Content-Length: 5000\r\n", b'{"code": "')
    # The hub notices a dropped connection on its own time.
    assert wait_until(lambda: hub.output().count(GONE) >= before + 3, 10), "three log lines"
    assert httpx.get(hub.url + "/healthz").status_code == 200  # and the hub serves on

    log = hub.output()
    assert log.count(GONE) == before + 3
    assert all(line.startswith("INFO:") for line in log.splitlines() if GONE in line)
    assert "Traceback" not in log and "ERROR" not in log


# Methods, paths and documented answers ------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("GET", "/v1/sync/push", {"POST"}),
        ("DELETE", "/v1/sync/pull", {"GET"}),
        ("PUT", "/v1/enrol", {"POST"}),
        ("POST", "/healthz", {"GET"}),
    ],
)
def test_a_method_a_path_does_not_take_gets_405_naming_those_it_takes(hub, method, path, allowed):
    response = httpx.request(method, hub.url + path)
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["Allow"].split(",")} == allowed
    problem = _published(hub)["components"]["responses"]["MethodNotAllowed"]
    assert "Allow" in problem["headers"]
    _validator(_published(hub), "#/components/schemas/Problem").validate(response.json())


def test_an_unknown_path_gets_404_in_the_problem_form(hub):
    response = httpx.get(hub.url + "/v2/nothing-here")
    assert response.status_code == 404
    assert "NotFound" in _published(hub)["components"]["responses"]
    _validator(_published(hub), "#/components/schemas/Problem").validate(response.json())


def test_a_query_parameter_a_path_does_not_take_gets_422_naming_it(hub, token):
    published = _published(hub)
    for path, params, headers in [
        ("/healthz", {"verbose": "1"}, {}),
        ("/v1/sync/pull", {"since": "0", "": "false"}, _auth(token)),
        ("/v1/sync/pull", {"since": "0", "cursor": "5"}, _auth(token)),
    ]:
        response = httpx.get(hub.url + path, params=params, headers=headers)
        assert response.status_code == 422, (path, params, response.text)
        unknown = next(name for name in params if name not in ("since",))
        assert response.json()["errors"][0]["where"] == f"query.{unknown}"
        assert "422" in published["paths"][path]["get"]["responses"]
        _validator(published, "#/components/schemas/Problem").validate(response.json())
    # What the laptop sends is all declared: a pull with every parameter is answered.
    full = {"since": 0, "limit": 10, "mark": "", "pushed": 0, "pushed_mark": ""}
    assert httpx.get(hub.url + "/v1/sync/pull", params=full, headers=_auth(token)).status_code == 200


def test_every_answer_to_a_client_fault_is_documented_for_its_route_with_its_schema(hub, token, org):
    op = {
        "op_id": str(uuid.uuid4()),
        "table": "venues",
        "row_id": str(uuid.uuid4()),
        "op": "insert",
        "fields": {"name": "Library"},
        "version": "1767225600000-000000-d1",
    }
    assert httpx.post(hub.url + "/v1/sync/push", json={"ops": [op]}, headers=_auth(token)).status_code == 200
    clash = {**op, "fields": {"name": "Union hall"}}
    answers = [
        ("post", "/v1/enrol", httpx.post(hub.url + "/v1/enrol", json={"code": "not-a-code", "device_id": "d9"})),
        ("post", "/v1/enrol", httpx.post(hub.url + "/v1/enrol", json={"device_id": "d9"})),
        (
            "post",
            "/v1/enrol",
            httpx.post(hub.url + "/v1/enrol", content=b"{", headers={"Content-Type": "application/json"}),
        ),
        ("post", "/v1/sync/push", httpx.post(hub.url + "/v1/sync/push", json={"ops": []})),
        ("post", "/v1/sync/push", httpx.post(hub.url + "/v1/sync/push", json={"ops": [clash]}, headers=_auth(token))),
        ("post", "/v1/sync/push", httpx.post(hub.url + "/v1/sync/push", content=b"[", headers=_auth(token))),
        ("post", "/v1/sync/push", _post_raw(hub, _deep_push(MAX_DEPTH), token)),
        ("get", "/v1/sync/pull", httpx.get(hub.url + "/v1/sync/pull", headers={"Authorization": "Bearer nope"})),
        ("get", "/v1/sync/pull", httpx.get(hub.url + "/v1/sync/pull?limit=0", headers=_auth(token))),
    ]
    document = _published(hub)
    statuses = set()
    for method, path, response in answers:
        assert 400 <= response.status_code < 500, (path, response.status_code, response.text)
        documented = document["paths"][path][method]["responses"]
        assert str(response.status_code) in documented, (method, path, response.status_code)
        ref = documented[str(response.status_code)]["content"]["application/json"]["schema"]["$ref"]
        _validator(document, ref).validate(response.json())
        statuses.add(response.status_code)
    assert statuses == {401, 403, 409, 422}
