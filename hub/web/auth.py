"""Who is asking: the signed-in viewer (their account and Scope), CSRF checks, safe redirects.

The session cookie holds a random token; ``accounts.session_for`` finds its live server-side row on
every request (``app.WebContext`` does it once, before the route), so signing out, disabling an
account or revoking its sessions takes effect on the very next request.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from sqlalchemy import Engine

from hub.accounts import SignedIn, User
from hub.scope import NotFound, Scope, scope_of
from hub.store import reading

SESSION_COOKIE = "onramp_session"
LANGUAGE_COOKIE = "onramp_lang"  # the language of someone not signed in (after ?lang=)
FORM_COOKIE = "onramp_form"  # the sign-in form's double-submit token (no session yet to hold one)
CSRF_FIELD = "csrf_token"


@dataclass(frozen=True)
class Viewer:
    """A signed-in person and what they may see."""

    signed_in: SignedIn
    scope: Scope

    @property
    def user(self) -> User:
        return self.signed_in.user

    @property
    def csrf_token(self) -> str:
        return self.signed_in.csrf_token


class SignInRequired(Exception):
    """Answered with a redirect to the sign-in page, coming back to ``next`` afterwards."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class CsrfRefused(Exception):
    """A form came back without the token this session gave it: refused, nothing changed."""


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def signed_in_of(request: Request) -> SignedIn | None:
    """The session ``WebContext`` found for this request's cookie, if any."""
    return getattr(request.state, "signed_in", None)


def _here(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def viewer(request: Request) -> Viewer:
    """Dependency: the signed-in viewer, their Scope read afresh; signed out → redirect to sign in."""
    signed_in = signed_in_of(request)
    if signed_in is None:
        raise SignInRequired(_here(request))
    with reading(engine_of(request)) as conn:
        scope = scope_of(conn, signed_in.user)
    return Viewer(signed_in, scope)


ViewerDep = Annotated[Viewer, Depends(viewer)]


def for_roles(roles: frozenset[str]):
    """Dependency: the viewer, if their role may open the page; else 404 (as if there were no page)."""

    def allowed(who: ViewerDep) -> Viewer:
        if who.user.role not in roles:
            raise NotFound
        return who

    return allowed


async def csrf_checked(request: Request, who: ViewerDep) -> Viewer:
    """Dependency for every POST of a signed-in form: its ``csrf_token`` must be this session's."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    if not isinstance(sent, str) or not secrets.compare_digest(sent.encode(), who.csrf_token.encode()):
        raise CsrfRefused
    return who


CsrfViewerDep = Annotated[Viewer, Depends(csrf_checked)]


def safe_next(value: str | None) -> str:
    """Where to go after signing in: a path on this site only (no open redirect), else home."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return "/"
    return value


def is_https(request: Request) -> bool:
    """Whether the browser reached us over TLS (directly, or through a proxy with --proxy-headers)."""
    return request.url.scheme == "https"
