"""Request size limits: a hub started with a small limit refuses larger bodies with 413."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.hubtools import HubProcess


@pytest.fixture(scope="module")
def small_hub(tmp_path_factory):
    process = HubProcess(f"sqlite:///{tmp_path_factory.mktemp('hub') / 'hub.sqlite3'}", "--max-body-mb", "0.01")
    yield process
    process.stop()


def test_a_body_over_the_limit_gets_413_and_nothing_is_stored(small_hub):
    small_hub.org("Big")
    token = httpx.post(small_hub.url + "/v1/enrol", json={"code": small_hub.code("Big"), "device_id": "d1"}).json()[
        "token"
    ]
    big = {
        "ops": [
            {
                "op_id": str(uuid.uuid4()),
                "table": "lessons",
                "row_id": str(uuid.uuid4()),
                "op": "insert",
                "fields": {"slug": "x", "title": "x", "text": "x" * 20_000},
                "version": "1-0-d1",
            }
        ]
    }
    response = httpx.post(small_hub.url + "/v1/sync/push", json=big, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 413 and "larger" in response.json()["detail"]

    def chunks():
        for _ in range(20):
            yield b" " * 1024

    streamed = httpx.post(
        small_hub.url + "/v1/sync/push",
        content=chunks(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert streamed.status_code == 413
    page = httpx.get(small_hub.url + "/v1/sync/pull", headers={"Authorization": f"Bearer {token}"}).json()
    assert page["changes"] == []
