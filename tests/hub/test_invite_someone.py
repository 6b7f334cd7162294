"""Inviting a person from the web (/users/new), over HTTP against a real hub process: an organisation admin
invites admins and coordinators of their own organisation only; a hub admin any account; the page shows the
single-use link once; every account made is in the audit log; anything outside the viewer's scope is a 404
and makes nothing."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import func, select

from hub import accounts
from hub.accounts_store import audit_log, chapters, user_chapters, users
from hub.store import organisations, reading
from tests.hub.test_web_auth import form_token, person, signed_in, user_row

INVITE_LINK = re.compile(r"<code>(https?://[^<]+/invite/([^<]+))</code>")


def ids(hub, org: str, chapter: str | None = None) -> tuple[int, int | None]:
    with reading(hub.engine) as conn:
        org_id = conn.execute(select(organisations.c.id).where(organisations.c.name == org)).scalar_one()
        chapter_id = None
        if chapter:
            chapter_id = conn.execute(
                select(chapters.c.id).where(chapters.c.org_id == org_id, chapters.c.name == chapter)
            ).scalar_one()
    return org_id, chapter_id


def accounts_called(hub, email: str) -> int:
    with reading(hub.engine) as conn:
        return conn.execute(select(func.count()).select_from(users).where(users.c.email == email)).scalar_one()


def post_form(client: httpx.Client, **data) -> httpx.Response:
    token = form_token(client.get("/users/new").text)
    return client.post("/users/new", data={"csrf_token": token, "language": "en", **data})


def test_an_org_admin_invites_a_coordinator_of_a_chapter_and_gets_the_link_once(hub, org):
    name = hub.org(org)
    accounts.create_chapter(hub.engine, name, "North", ["v-north"])
    org_id, north = ids(hub, name, "North")
    admin = person(hub, "org_admin", org=name)
    client = signed_in(hub, admin)
    form = client.get("/users/new")
    assert form.status_code == 200
    assert 'for="email"' in form.text and 'id="role-coordinator"' in form.text
    assert 'id="role-hub_admin"' not in form.text and 'id="role-funder"' not in form.text
    assert "onramp-hub user create" not in client.get("/users").text  # no command line to add someone

    done = post_form(client, email="New.Coord@Example.org", name="Nia", role="coordinator", chapter=str(north))
    assert done.status_code == 200, done.text
    link = INVITE_LINK.search(done.text)
    assert link, "the page shows the invite link"
    assert "It works once, and for 7 days" in done.text
    made = user_row(hub, "new.coord@example.org")
    assert (made.role, made.org_id, made.display_name, made.password_hash) == ("coordinator", org_id, "Nia", None)
    with reading(hub.engine) as conn:
        assert conn.execute(select(user_chapters.c.chapter_id).where(user_chapters.c.user_id == made.id)).all() == [
            (north,)
        ]
        audited = conn.execute(
            select(audit_log.c.action, audit_log.c.org_id).where(audit_log.c.actor_id == user_row(hub, admin).id)
        ).all()
    assert ("user created", org_id) in audited
    invited = accounts.invited_user(hub.engine, link.group(2))
    assert invited is not None and invited.email == "new.coord@example.org"
    assert link.group(1) not in client.get("/users").text  # shown once, on the answer to the form only


def test_an_org_admin_cannot_create_a_hub_admin_a_funder_or_an_account_of_another_organisation(hub, org):
    name, other = hub.org(org), hub.org(f"{org} other")
    accounts.create_chapter(hub.engine, other, "Theirs", ["v-theirs"])
    accounts.create_funder(hub.engine, f"Fund {org}")
    other_id, theirs = ids(hub, other, "Theirs")
    client = signed_in(hub, person(hub, "org_admin", org=name))
    tries = [
        {"role": "hub_admin"},
        {"role": "funder"},
        {"role": "org_admin", "org": str(other_id)},
        {"role": "coordinator", "org": str(other_id), "chapter": str(theirs)},
        {"role": "coordinator", "chapter": str(theirs)},
        {"role": "org_admin", "org": "not-a-number"},
    ]
    for n, data in enumerate(tries):
        email = f"sneaky{n}@example.org"
        answer = post_form(client, email=email, **data)
        assert answer.status_code == 404, data
        assert accounts_called(hub, email) == 0, data


def test_coordinators_and_funders_cannot_open_or_post_the_form(hub, org):
    name = hub.org(org)
    accounts.create_chapter(hub.engine, name, "North", ["v-north"])
    accounts.create_funder(hub.engine, f"Fund {org}")
    coordinator = person(hub, "coordinator", org=name, chapter_names=["North"])
    for email in (coordinator, person(hub, "funder", funder=f"Fund {org}")):
        client = signed_in(hub, email)
        assert client.get("/users/new").status_code == 404
        token = form_token(client.get("/").text)
        answer = client.post("/users/new", data={"csrf_token": token, "email": "x@example.org", "role": "coordinator"})
        assert answer.status_code == 404
    assert accounts_called(hub, "x@example.org") == 0


def test_a_form_without_its_csrf_token_makes_nothing(hub, org):
    client = signed_in(hub, person(hub, "org_admin", org=hub.org(org)))
    answer = client.post("/users/new", data={"email": "nocsrf@example.org", "role": "org_admin"})
    assert answer.status_code == 403
    assert accounts_called(hub, "nocsrf@example.org") == 0


def test_a_form_with_problems_says_each_at_the_top_linking_to_its_field(hub, org):
    client = signed_in(hub, person(hub, "org_admin", org=hub.org(org)))
    answer = post_form(client, email="not an address")
    assert answer.status_code == 400
    assert 'class="error-summary"' in answer.text
    assert '<a href="#email">Enter an email address like name@example.org</a>' in answer.text
    assert '<a href="#role-coordinator">Choose what they will do</a>' in answer.text
    assert 'value="not an address"' in answer.text  # what was typed is kept


def test_a_hub_admin_invites_a_funders_account_and_another_hub_admin(hub, org):
    accounts.create_funder(hub.engine, f"Fund {org}")
    client = signed_in(hub, person(hub, "hub_admin"))
    with reading(hub.engine) as conn:
        from hub.accounts_store import funders

        funder_id = conn.execute(select(funders.c.id).where(funders.c.name == f"Fund {org}")).scalar_one()
    missing = post_form(client, email="fund-person@example.org", role="funder")
    assert missing.status_code == 400 and '<a href="#funder">' in missing.text
    done = post_form(client, email="fund-person@example.org", role="funder", funder=str(funder_id))
    assert done.status_code == 200 and INVITE_LINK.search(done.text)
    assert (user_row(hub, "fund-person@example.org").role, user_row(hub, "fund-person@example.org").funder_id) == (
        "funder",
        funder_id,
    )
    again = post_form(client, email="second-hub-admin@example.org", role="hub_admin", language="es")
    assert again.status_code == 200
    made = user_row(hub, "second-hub-admin@example.org")
    assert (made.role, made.org_id, made.language) == ("hub_admin", None, "es")
