"""Signing in to the hub's web pages, over HTTP against a real hub process: CSRF, cookies, sessions,
invites, safe redirects, and People and access kept to the viewer's organisation."""

from __future__ import annotations

import itertools
import re

import httpx
import pytest
from sqlalchemy import select

from hub import accounts
from hub.accounts_store import audit_log, users
from hub.store import reading

PASSWORD = "correct horse battery"
HTML = {"accept": "text/html"}
_serial = itertools.count(1)


def person(hub, role: str = "org_admin", org: str | None = None, **kw) -> str:
    """A new account with its password set; returns its email."""
    email = f"p{next(_serial)}-{role}@example.org"
    _user_id, token = accounts.create_user(hub.engine, email, role, org=org, **kw)
    accounts.accept_invite(hub.engine, token, PASSWORD)
    return email


def form_token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the page has no CSRF field"
    return found.group(1)


def browser(hub) -> httpx.Client:
    return httpx.Client(base_url=hub.url, follow_redirects=False, headers=HTML)


def log_in(hub, email: str, password: str = PASSWORD, next_path: str = "/") -> tuple[httpx.Client, httpx.Response]:
    client = browser(hub)
    token = form_token(client.get("/sign-in").text)
    answer = client.post(
        "/sign-in", data={"email": email, "password": password, "csrf_token": token, "next": next_path}
    )
    return client, answer


def signed_in(hub, email: str) -> httpx.Client:
    client, answer = log_in(hub, email)
    assert answer.status_code == 303, answer.text
    return client


def user_row(hub, email: str):
    with reading(hub.engine) as conn:
        return conn.execute(select(users).where(users.c.email == email)).one()


def test_a_signed_out_visitor_is_sent_to_sign_in_and_back_to_the_page_after(hub, org):
    email = person(hub, org=hub.org(org))
    client = browser(hub)
    answer = client.get("/audit")
    assert answer.status_code == 303 and answer.headers["location"] == "/sign-in?next=%2Faudit"
    client, answer = log_in(hub, email, next_path="/audit")
    assert answer.headers["location"] == "/audit"
    assert client.get("/audit").status_code == 200


@pytest.mark.parametrize(
    "next_path",
    [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "https:/evil.example",
        "/%0d%0aevil",
        "\t//evil.example",
    ],
)
def test_next_never_leads_off_the_site(hub, org, next_path):
    email = person(hub, org=hub.org(org))
    client, answer = log_in(hub, email, next_path=next_path)
    assert answer.status_code == 303
    assert answer.headers["location"] in ("/", "/%0d%0aevil")
    # Already signed in, the sign-in page sends on at once: the same rule.
    again = client.get("/sign-in", params={"next": next_path})
    assert again.headers["location"] in ("/", "/%0d%0aevil")


def test_cookies_are_httponly_and_samesite(hub, org):
    email = person(hub, org=hub.org(org))
    client = browser(hub)
    form = client.get("/sign-in")
    cookies = [form.headers.get_list("set-cookie")]
    answer = client.post(
        "/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": form_token(form.text), "next": "/"}
    )
    cookies.append(answer.headers.get_list("set-cookie"))
    session = [c for c in cookies[1] if c.startswith("onramp_session=")]
    assert session, cookies
    for cookie in cookies[0] + session:
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("samesite", "SameSite")
        assert "Secure" not in cookie  # plain HTTP on loopback; behind TLS it is Secure


def test_a_post_without_or_with_a_wrong_csrf_token_is_refused_and_changes_nothing(hub, org):
    name = hub.org(org)
    admin_email = person(hub, org=name)
    target = person(hub, "coordinator", org=name)
    target_id = user_row(hub, target).id
    client = signed_in(hub, admin_email)
    for data in ({}, {"csrf_token": "not-the-token"}, {"csrf_token": ""}):
        for path in (f"/users/{target_id}/disable", f"/users/{target_id}/invite", "/sign-out", "/language"):
            answer = client.post(path, data={**data, "lang": "es", "next": "/"})
            assert answer.status_code == 403, (path, data)
    assert user_row(hub, target).disabled_at is None
    assert user_row(hub, admin_email).language == "en"
    assert client.get("/").status_code == 200  # not signed out
    # The sign-in form itself: without the cookie the form came with, no sign-in.
    fresh = browser(hub)
    answer = fresh.post("/sign-in", data={"email": admin_email, "password": PASSWORD, "csrf_token": "x"})
    assert answer.status_code == 403 and "onramp_session" not in answer.headers.get("set-cookie", "")


def test_signing_out_ends_the_session_on_the_hub_not_only_in_the_browser(hub, org):
    client = signed_in(hub, person(hub, org=hub.org(org)))
    cookie = client.cookies["onramp_session"]
    token = form_token(client.get("/").text)
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 303
    replay = browser(hub)
    replay.cookies.set("onramp_session", cookie)
    assert replay.get("/").status_code == 303


def test_a_disabled_or_revoked_accounts_cookie_stops_working_at_once(hub, org):
    email = person(hub, org=hub.org(org))
    client = signed_in(hub, email)
    assert client.get("/").status_code == 200
    accounts.set_disabled(hub.engine, email, True)
    assert client.get("/").status_code == 303
    accounts.set_disabled(hub.engine, email, False)
    assert client.get("/").status_code == 303  # enabling again does not bring the old session back

    client = signed_in(hub, email)
    accounts.revoke_sessions(hub.engine, email)
    assert client.get("/").status_code == 303


def test_an_invite_link_works_once(hub, org):
    _user_id, token = accounts.create_user(
        hub.engine, f"new-{org[:20]}@example.org".replace(" ", ""), "org_admin", org=hub.org(org)
    )
    client = browser(hub)
    form = client.get(f"/invite/{token}")
    assert form.status_code == 200
    csrf = form_token(form.text)
    short = client.post(f"/invite/{token}", data={"password": "short", "confirm": "short", "csrf_token": csrf})
    assert short.status_code == 400 and 'href="#password"' in short.text
    done = client.post(f"/invite/{token}", data={"password": PASSWORD, "confirm": PASSWORD, "csrf_token": csrf})
    assert done.status_code == 303 and done.headers["location"] == "/"
    assert client.get("/").status_code == 200  # signed in by setting the password

    other = browser(hub)
    assert other.get(f"/invite/{token}").status_code == 404
    csrf = form_token(other.get("/sign-in").text)
    again = other.post(
        f"/invite/{token}",
        data={"password": "another long password", "confirm": "another long password", "csrf_token": csrf},
    )
    assert again.status_code == 404
    assert "onramp_session" not in again.headers.get("set-cookie", "")


def test_a_wrong_password_gets_the_error_summary_linking_to_the_field(hub, org):
    email = person(hub, org=hub.org(org))
    _client, answer = log_in(hub, email, password="not the password")
    assert answer.status_code == 400
    assert 'class="error-summary"' in answer.text and 'href="#email"' in answer.text
    assert answer.text.index("error-summary") < answer.text.index("<h1>")


def test_an_org_admins_people_page_never_lists_another_organisations_accounts(hub, org):
    east, west = hub.org(f"{org} East"), hub.org(f"{org} West")
    east_admin = person(hub, org=east)
    east_coordinator = person(hub, "coordinator", org=east)
    west_admin = person(hub, org=west)
    hub_admin = person(hub, "hub_admin")

    page = signed_in(hub, east_admin).get("/users").text
    assert east_admin in page and east_coordinator in page
    assert west_admin not in page and hub_admin not in page
    page = signed_in(hub, hub_admin).get("/users").text
    assert east_admin in page and west_admin in page


def test_an_org_admin_cannot_act_on_another_organisations_account_and_it_is_a_404(hub, org):
    east, west = hub.org(f"{org} East"), hub.org(f"{org} West")
    client = signed_in(hub, person(hub, org=east))
    west_admin = person(hub, org=west)
    token = form_token(client.get("/users").text)
    for action in ("disable", "invite"):
        assert (
            client.post(f"/users/{user_row(hub, west_admin).id}/{action}", data={"csrf_token": token}).status_code
            == 404
        )
    assert client.post("/users/999999/disable", data={"csrf_token": token}).status_code == 404
    assert user_row(hub, west_admin).disabled_at is None


def test_an_org_admin_disables_a_coordinator_and_it_is_audited_for_their_organisation_only(hub, org):
    east, west = hub.org(f"{org} East"), hub.org(f"{org} West")
    east_admin, west_admin = person(hub, org=east), person(hub, org=west)
    coordinator = person(hub, "coordinator", org=east)
    client = signed_in(hub, east_admin)
    token = form_token(client.get("/users").text)
    answer = client.post(f"/users/{user_row(hub, coordinator).id}/disable", data={"csrf_token": token})
    assert answer.status_code == 200 and f"{coordinator} can no longer log in." in answer.text
    assert user_row(hub, coordinator).disabled_at is not None
    invite = client.post(f"/users/{user_row(hub, coordinator).id}/invite", data={"csrf_token": token})
    link = re.search(r"<code>([^<]+/invite/[^<]+)</code>", invite.text).group(1)
    assert link.startswith(hub.url + "/invite/")
    with reading(hub.engine) as conn:
        actors = conn.execute(
            select(audit_log.c.action).where(audit_log.c.actor_id == user_row(hub, east_admin).id)
        ).scalars()
        assert sorted(actors) == ["invite sent", "password set", "user disabled"]
    assert coordinator in client.get("/audit").text
    assert coordinator not in signed_in(hub, west_admin).get("/audit").text


@pytest.mark.parametrize("path", ["/users", "/audit"])
def test_coordinators_and_funders_get_no_admin_pages(hub, org, path):
    name = hub.org(org)
    accounts.create_funder(hub.engine, f"Fund {org}")
    for email in (person(hub, "coordinator", org=name), person(hub, "funder", funder=f"Fund {org}")):
        client = signed_in(hub, email)
        assert client.get(path).status_code == 404
        assert f'href="{path}"' not in client.get("/").text


def test_the_language_is_kept_per_account_and_by_lang_when_signed_out(hub, org):
    assert '<html lang="es">' in browser(hub).get("/sign-in", params={"lang": "es"}).text
    stranger = browser(hub)
    stranger.get("/sign-in", params={"lang": "es"})
    assert '<html lang="es">' in stranger.get("/sign-in").text  # remembered by a cookie

    email = person(hub, org=hub.org(org))
    client = signed_in(hub, email)
    token = form_token(client.get("/").text)
    assert (
        client.post("/language", data={"csrf_token": token, "lang": "es", "next": "/users"}).headers["location"]
        == "/users"
    )
    page = client.get("/users").text
    assert '<html lang="es">' in page and "Personas y acceso" in page
    assert '<html lang="es">' in signed_in(hub, email).get("/").text  # the next sign-in too


def test_every_page_carries_the_security_headers_and_errors_are_pages_in_plain_words(hub, org):
    client = signed_in(hub, person(hub, org=hub.org(org)))
    for path, status in (("/", 200), ("/sign-in", 303), ("/no-such-page", 404), ("/static/hub.css", 200)):
        answer = client.get(path)
        assert answer.status_code == status, path
        csp = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "same-origin"
    missing = client.get("/no-such-page")
    assert "<h1>Page not found</h1>" in missing.text and missing.headers["cache-control"] == "no-store"
    wrong_method = client.put("/users")
    assert wrong_method.status_code == 405 and "<h1>" in wrong_method.text
    # A program lost on the hub still gets the API's problem form.
    assert httpx.get(hub.url + "/v2/nothing-here").json()["detail"] == "Not Found"
