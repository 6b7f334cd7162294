"""The sign-in limit under attack, in its own module: its own hub, since the limit also counts per client
(every test here comes from 127.0.0.1) and would lock the other web tests out."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx

from hub import accounts
from tests.hub.test_web_auth import HTML, form_token, person

AT_ONCE = 24


def test_wrong_passwords_sent_all_at_once_are_held_to_the_limit(any_hub, org):
    """Guesses sent together must not all be checked before the first failure is counted."""
    email = person(any_hub, org=any_hub.org(org))
    with httpx.Client(base_url=any_hub.url, headers=HTML) as first:
        token = form_token(first.get("/sign-in").text)
        cookies = dict(first.cookies)

    def guess(n: int) -> int:
        with httpx.Client(base_url=any_hub.url, headers=HTML, cookies=cookies, timeout=120) as client:
            form = {"email": email, "password": f"guess number {n}", "csrf_token": token}
            return client.post("/sign-in", data=form).status_code

    with ThreadPoolExecutor(AT_ONCE) as pool:
        answers = Counter(pool.map(guess, range(AT_ONCE)))
    assert answers[400] <= accounts.FAILURE_LIMIT, answers  # each 400 is a password the hub checked
    assert answers[400] + answers[429] == AT_ONCE, answers
