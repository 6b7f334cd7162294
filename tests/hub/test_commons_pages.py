"""The lesson commons on the hub's web side (/commons), over HTTP against a real hub process: browse and search,
a lesson's page with its versions, licence, credit line and lineage (parent, original, remixes), public only
when the hub's admin turns it on (audited), and an unpublished lesson nowhere."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import select

from hub import admin
from hub.__main__ import main as hub_cli
from hub.accounts_store import audit_log
from hub.commons import Draft, publish, unpublish
from hub.commons_public import commons_is_public, set_commons_public
from hub.store import reading, writing
from tests.hub.test_web_auth import person, signed_in

HTML = {"accept": "text/html"}
_serial = itertools.count(1)


def _text(title: str, body: str = "Open the editor.") -> str:
    return f'---\ntitle: "{title}"\nteaching: 20\n---\n\n## Start\n\n{body}\n'


@dataclass
class World:
    original: str  # commons lesson ids
    remix: str
    gone: str
    original_v1: str  # version ids
    original_v2: str


def _publish(hub, org_id: int, key: str, title: str, authors: list[str], **kw) -> tuple[str, str]:
    with writing(hub.engine) as conn:
        done = publish(
            conn,
            org_id,
            Draft(
                lesson_id=key,
                title=title,
                level=kw.pop("level", "beginner"),
                language=kw.pop("language", "en"),
                minutes=20,
                tags=kw.pop("tags", ["web"]),
                text=_text(title, kw.pop("body", "Open the editor.")),
                licence=kw.pop("licence", "CC-BY-4.0"),
                authors=authors,
                **kw,
            ),
            consent_needed=False,
        )
    return done.commons_lesson_id, done.version_id


@pytest.fixture(scope="module")
def world(hub) -> World:
    n = next(_serial)
    salon = admin.create_org(hub.engine, f"Salon Chapter {n}")
    union = admin.create_org(hub.engine, f"Union Hall {n}")
    original, v1 = _publish(hub, salon, "l1", "Flyer as a web page", ["Ana Ruiz"])
    _, v2 = _publish(hub, salon, "l1", "Flyer as a web page", ["Ana Ruiz", "Bo Chen"], body="Type your name.")
    remix, _v = _publish(
        hub,
        union,
        "u1",
        "Flyer for union halls",
        ["Cy Park"],
        language="es",
        tags=["flyers"],
        source_version_id=v1,
        parent_version_id=v1,
    )
    gone, _v = _publish(hub, union, "u2", "Secret draft 50% done", ["Di Moss"])
    with writing(hub.engine) as conn:
        unpublish(conn, union, gone)
    set_commons_public(hub.engine, True)
    return World(original, remix, gone, v1, v2)


def get(hub, path: str, client: httpx.Client | None = None) -> httpx.Response:
    if client is not None:
        return client.get(path)
    return httpx.get(hub.url + path, headers=HTML)


def test_the_commons_lists_the_published_lessons_and_searches_their_titles_authors_and_organisations(hub, world):
    page = get(hub, "/commons")
    assert page.status_code == 200
    assert "Flyer as a web page" in page.text and "Flyer for union halls" in page.text
    assert "Secret draft" not in page.text  # unpublished: gone for new users
    assert "Licence: CC BY 4.0" in page.text
    found = get(hub, "/commons?q=bo+chen").text
    assert "Flyer as a web page" in found and "Flyer for union halls" not in found
    assert "1 lesson found" in found
    by_language = get(hub, "/commons?language=es").text
    assert "Flyer for union halls" in by_language and "Flyer as a web page" not in by_language
    assert "No lesson in the commons matches" in get(hub, "/commons?q=50%25").text  # "%" is a letter here


def test_a_lesson_page_gives_its_credit_licence_versions_and_remixes(hub, world):
    page = get(hub, f"/commons/{world.original}").text
    assert (
        "&#34;Flyer as a web page&#34; by Ana Ruiz and Bo Chen (Salon Chapter" in page
        or "&quot;Flyer as a web page&quot; by Ana Ruiz and Bo Chen (Salon Chapter" in page
    )
    assert "https://creativecommons.org/licenses/by/4.0/" in page
    assert "as long as they credit the authors" in page
    assert "This is an original lesson" in page
    assert f'href="/commons/{world.remix}"' in page  # its remix, linked
    assert "Version" in page and page.count("/versions/") >= 2  # both versions, each downloadable
    text = get(hub, f"/commons/{world.original}/versions/1.md")
    assert (
        text.status_code == 200
        and "Open the editor." in text.text
        and text.headers["content-type"].startswith("text/markdown")
    )


def test_a_remix_s_page_names_its_parent_and_credits_it(hub, world):
    page = get(hub, f"/commons/{world.remix}").text
    assert "Remixed from:" in page and f'href="/commons/{world.original}"' in page
    assert "remixed from" in page and "Ana Ruiz (Salon Chapter" in page  # in the credit line too


def test_an_unpublished_lesson_s_page_and_text_are_not_found(hub, world):
    assert get(hub, f"/commons/{world.gone}").status_code == 404
    assert get(hub, f"/commons/{world.gone}/versions/1.md").status_code == 404
    assert get(hub, "/commons/no-such-lesson").status_code == 404
    assert get(hub, f"/commons/{world.original}/versions/x.md").status_code == 404


def test_when_the_commons_is_not_public_a_signed_out_visitor_is_sent_to_sign_in_and_anyone_signed_in_sees_it(
    hub, world
):
    assert hub_cli(["--database-url", hub.database_url, "commons", "public", "off"]) == 0
    try:
        with reading(hub.engine) as conn:
            assert not commons_is_public(conn)
            actions = list(conn.execute(select(audit_log.c.action).order_by(audit_log.c.id.desc()).limit(1)).scalars())
        assert actions == ["commons made private"]
        for path in ("/commons", f"/commons/{world.original}", f"/commons/{world.original}/versions/1.md"):
            answer = httpx.get(hub.url + path, headers=HTML, follow_redirects=False)
            assert answer.status_code == 303 and answer.headers["location"].startswith("/sign-in?next="), path
        client = signed_in(hub, person(hub, "hub_admin"))
        assert "Flyer as a web page" in get(hub, "/commons", client).text
    finally:
        assert hub_cli(["--database-url", hub.database_url, "commons", "public", "on"]) == 0
    with reading(hub.engine) as conn:
        assert commons_is_public(conn)
    assert get(hub, "/commons").status_code == 200
