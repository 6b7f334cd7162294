"""The sign-in limit over HTTP, in its own module: its own hub, since the limit also counts per client
(every test here comes from 127.0.0.1) and would lock the other web tests out."""

from __future__ import annotations

from hub import accounts
from tests.hub.test_web_auth import PASSWORD, log_in, person


def test_the_sixth_wrong_password_within_15_minutes_is_refused_even_with_the_right_one(hub, org):
    email = person(hub, org=hub.org(org))
    for _ in range(accounts.FAILURE_LIMIT):
        _client, answer = log_in(hub, email, password="not the password")
        assert answer.status_code == 400
    client, answer = log_in(hub, email, password=PASSWORD)
    assert answer.status_code == 429
    assert "Too many attempts to log in" in answer.text
    assert "onramp_session" not in answer.headers.get("set-cookie", "")
    assert client.get("/").status_code == 303
