"""A schema-driven fuzz of the hub's published API (schemathesis), against a real hub process.

Requests are made from the hub's own OpenAPI document: boundary and missing values, methods a
path does not take (schemathesis's coverage phase), and generated data valid by the document and
not, sent with an enrolled device's token and without one. Every answer must be documented
(status, content type, headers, body schema), never a server error; a request valid by the
document is accepted, one invalid by it refused. Bounded and derandomised: the same requests
every run.
"""

from __future__ import annotations

import uuid

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

# The builder schemathesis's own pytest integration uses (its lazy ``parametrize`` does not run on
# pytest 9): one Hypothesis test per operation, with the coverage phase's cases as explicit examples.
from schemathesis.generation.hypothesis.builder import HypothesisTestConfig, HypothesisTestMode, create_test
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from tests.hubtools import HubProcess

EXAMPLES = 25  # generated requests per operation and run, beside the coverage phase's fixed set
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    positive_data_acceptance,
    negative_data_rejection,
    unsupported_method,
]


def _enrol(hub: HubProcess, org: str) -> str:
    response = httpx.post(hub.url + "/v1/enrol", json={"code": hub.code(org), "device_id": f"d-{uuid.uuid4()}"})
    assert response.status_code == 200, response.text
    return response.json()["token"]


def _push(hub: HubProcess, token: str, *ops: dict) -> None:
    response = httpx.post(
        hub.url + "/v1/sync/push", json={"ops": list(ops)}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200 and {r["status"] for r in response.json()["results"]} <= {"applied", "conflict"}


def _op(table: str, row_id: str, op: str = "insert", base: str = "", **fields: object) -> dict:
    return {
        "op_id": str(uuid.uuid4()),
        "table": table,
        "row_id": row_id,
        "op": op,
        "fields": fields,
        "base_version": base,
        "version": "1767225600000-000001-fuzz",
    }


@pytest.fixture(scope="module")
def token(hub: HubProcess) -> str:
    """A device of an organisation whose pulls hold real rows, nested options and a field conflict."""
    org = hub.org(f"Fuzz {uuid.uuid4()}")
    first, second = _enrol(hub, org), _enrol(hub, org)
    venue = str(uuid.uuid4())
    _push(
        hub,
        first,
        _op("venues", venue, name="Community centre", languages=["es", "en"]),
        _op(
            "pairing_rounds",
            str(uuid.uuid4()),
            session_id=str(uuid.uuid4()),
            options={"locked": [["a", "b"]], "weights": {"mix": 2, "spread": [1, 0.5]}},
        ),
    )
    page = httpx.get(hub.url + "/v1/sync/pull", headers={"Authorization": f"Bearer {first}"}).json()
    seen = next(c["version"] for c in page["changes"] if c["row_id"] == venue)
    _push(hub, first, _op("venues", venue, "update", seen, name="Community centre, side hall"))
    _push(hub, second, _op("venues", venue, "update", seen, name="Library"))  # the same field two ways
    return first


@pytest.fixture(scope="module", params=["enrolled-token", "no-token"])
def enrolled(request: pytest.FixtureRequest) -> bool:
    return request.param == "enrolled-token"


@pytest.fixture(scope="module")
def headers(enrolled: bool, token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if enrolled else {}


@pytest.fixture(scope="module")
def api(hub: HubProcess, enrolled: bool) -> schemathesis.BaseSchema:
    # A request valid by the document may still meet a refusal that is no fault of its form: a
    # code never issued (403), an op_id used twice in one batch or history the hub lacks (409), no token (401),
    # a commons lesson that is not the device's organisation's (404).
    accepted = ["2xx", "403", "404", "409"] + ([] if enrolled else ["401"])
    config = schemathesis.Config.from_dict(
        {
            "generation": {"mode": "all"},
            "checks": {"positive_data_acceptance": {"expected-statuses": accepted}},
        }
    )
    return schemathesis.openapi.from_url(hub.url + "/openapi.json", config=config)


@pytest.mark.slow
def test_generated_requests_get_only_documented_answers_and_never_a_server_error(hub, api, headers):
    failures: list[str] = []
    tried: list[str] = []
    for result in api.get_all_operations():
        operation = result.ok()

        def call(case: schemathesis.Case) -> None:
            case.call_and_validate(base_url=hub.url, headers=headers, checks=CHECKS)

        # The coverage phase's fixed cases (boundaries, missing values, other methods), then generated ones.
        run = create_test(
            operation=operation,
            test_func=call,
            config=HypothesisTestConfig(
                project=api.config,
                modes=[HypothesisTestMode.COVERAGE, HypothesisTestMode.FUZZING],
                settings=settings(
                    max_examples=EXAMPLES,
                    derandomize=True,
                    deadline=None,
                    database=None,
                    suppress_health_check=list(HealthCheck),
                ),
            ),
        )
        try:
            run()
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}")
        tried.append(operation.label)
    assert len(tried) == 8  # enrol, push, pull, health; the commons' publish, unpublish, catalogue, usage
    assert not failures, "\n\n".join(failures)
    assert "Traceback" not in hub.output() and "ERROR" not in hub.output()
