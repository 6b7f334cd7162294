"""Behind a TLS proxy (``serve --proxy-headers``), the hub's cookies are Secure: never sent over plain HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.hub.test_web_auth import PASSWORD, form_token, person
from tests.hubtools import HubProcess


@pytest.fixture(scope="module")
def proxied_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    process = HubProcess(f"sqlite:///{tmp_path_factory.mktemp('hub') / 'hub.sqlite3'}", "--proxy-headers")
    yield process
    process.stop()


def test_cookies_are_secure_when_the_proxy_says_the_browser_came_over_https(proxied_hub):
    email = person(proxied_hub, org=proxied_hub.org("Eastside"))
    # The proxy (on loopback, so trusted) tells the hub the browser used https.
    client = httpx.Client(
        base_url=proxied_hub.url, follow_redirects=False, headers={"x-forwarded-proto": "https", "accept": "text/html"}
    )
    form = client.get("/sign-in")
    # httpx keeps a Secure cookie from going back over this plain-HTTP loopback: hand it back as the browser would.
    kept = form.headers["set-cookie"].split(";", 1)[0]
    answer = client.post(
        "/sign-in",
        data={"email": email, "password": PASSWORD, "csrf_token": form_token(form.text), "next": "/"},
        headers={"cookie": kept},
    )
    assert answer.status_code == 303
    cookies = form.headers.get_list("set-cookie") + answer.headers.get_list("set-cookie")
    session = [c for c in cookies if c.startswith("onramp_session=")]
    assert session and all("Secure" in c for c in session + form.headers.get_list("set-cookie"))
