"""A commons lesson's page in a real browser: no axe violations, nothing sideways at 320 px, in English and
Spanish, opened signed out (the sweep of tests/web/test_every_page.py covers /commons itself)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from hub.commons_store import commons_lessons
from tests.web.conftest import WebHub, browser, signed_out, web_hub  # noqa: F401  (the browser tests' fixtures)
from tests.web.test_every_page import Visit, problems_on

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_commons_lesson_s_page_is_accessible_signed_out(language: str, web_hub: WebHub, signed_out: Any):
    with web_hub.process.engine.connect() as conn:
        lesson_id = conn.execute(select(commons_lessons.c.id)).scalars().first()
    assert lesson_id is not None
    path = f"/commons/{lesson_id}" + ("?lang=es" if language == "es" else "")
    response = signed_out.goto(web_hub.url + path)
    assert response is not None and response.status == 200
    assert signed_out.locator("h1").inner_text() == "Flyer as a web page"
    problems = problems_on(signed_out, Visit(path, "signed out", language))
    assert not problems, f"{path}:\n" + "\n".join(f"- {p}" for p in problems)
