"""Signing in and out, accepting an invite, the viewer's language, and People and access (accounts admin)."""

from __future__ import annotations

import os
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from desktop.i18n import LANGUAGES, _
from hub import accounts
from hub.admin import AdminError
from hub.boards import people
from hub.scope import NotFound, id_asked
from hub.store import reading
from hub.web.auth import (
    CSRF_FIELD,
    FORM_COOKIE,
    SESSION_COOKIE,
    CsrfRefused,
    CsrfViewerDep,
    Viewer,
    engine_of,
    for_roles,
    is_https,
    safe_next,
    signed_in_of,
)
from hub.web.nav import ADMINS
from hub.web.render import render

router = APIRouter()
AdminDep = Annotated[Viewer, Depends(for_roles(ADMINS))]


def _set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    # A browser-session cookie: closing the browser on a shared computer ends it too.
    response.set_cookie(name, value, httponly=True, samesite="lax", secure=is_https(request), path="/")


def _form_token(request: Request) -> str:
    return request.cookies.get(FORM_COOKIE) or secrets.token_urlsafe(32)


def _check_form_token(request: Request, sent: str) -> None:
    """The signed-out forms' CSRF check: the hidden field must match the cookie set with the form."""
    kept = request.cookies.get(FORM_COOKIE, "")
    if not kept or not secrets.compare_digest(kept.encode(), sent.encode()):
        raise CsrfRefused


def _signed_out_form(request: Request, template: str, *, status: int = 200, **context) -> Response:
    token = _form_token(request)
    response = render(request, template, None, status=status, csrf_token=token, **context)
    if request.cookies.get(FORM_COOKIE) != token:
        _set_cookie(request, response, FORM_COOKIE, token)
    return response


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# Signing in and out -----------------------------------------------------------------------------


@router.get("/sign-in")
def sign_in_form(request: Request, next: str = "/") -> Response:
    if signed_in_of(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _signed_out_form(request, "sign_in.html", title=_("Log in"), next=safe_next(next), errors=[], email="")


@router.post("/sign-in")
def sign_in(
    request: Request,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    _check_form_token(request, csrf_token)
    errors: list[tuple[str, str]] = []  # (field id, message): the summary links each to its field
    if not email.strip():
        errors.append(("email", _("Enter your email address.")))
    if not password:
        errors.append(("password", _("Enter your password.")))
    status = 200
    if not errors:
        try:
            done = accounts.sign_in(engine_of(request), email, password, _client(request))
        except accounts.TooManyAttempts:
            errors.append(
                ("email", _("Too many attempts to log in. Wait 15 minutes, or ask your hub admin for a new invite."))
            )
            status = 429
        else:
            if done is not None:
                _signed, token = done
                response = RedirectResponse(safe_next(next), status_code=303)
                _set_cookie(request, response, SESSION_COOKIE, token)
                response.delete_cookie(FORM_COOKIE, path="/")
                return response
            errors.append(("email", _("The email address or the password is not right.")))
            status = 400
    if status == 200:
        status = 400
    return _signed_out_form(
        request,
        "sign_in.html",
        status=status,
        title=_("Log in"),
        next=safe_next(next),
        errors=errors,
        email=email,
    )


@router.post("/sign-out")
def sign_out(request: Request, who: CsrfViewerDep) -> Response:
    accounts.sign_out(engine_of(request), who.signed_in.session_id)
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/language")
def choose_language(
    request: Request,
    who: CsrfViewerDep,
    lang: Annotated[str, Form()] = "en",
    next: Annotated[str, Form()] = "/",
) -> Response:
    if lang in LANGUAGES:
        accounts.set_language(engine_of(request), who.user.id, lang)
    return RedirectResponse(safe_next(next), status_code=303)


# Accepting an invite ----------------------------------------------------------------------------


def _invite_gone(request: Request) -> Response:
    return render(
        request,
        "error.html",
        None,
        status=404,
        title=_("This link has been used or has expired"),
        message=_("Each link works once. Ask the person who invited you for a new one."),
    )


@router.get("/invite/{token}")
def invite_form(request: Request, token: str) -> Response:
    invited = accounts.invited_user(engine_of(request), token)
    if invited is None:
        return _invite_gone(request)
    return _signed_out_form(request, "invite.html", title=_("Choose your password"), invited=invited, errors=[])


@router.post("/invite/{token}")
def accept_invite(
    request: Request,
    token: str,
    password: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
) -> Response:
    _check_form_token(request, csrf_token)
    engine = engine_of(request)
    invited = accounts.invited_user(engine, token)
    if invited is None:
        return _invite_gone(request)
    errors: list[tuple[str, str]] = []
    problem = accounts.password_problem(password)
    if problem:
        errors.append(("password", problem))
    elif password != confirm:
        errors.append(("confirm", _("The two passwords are not the same. Type the same password twice.")))
    if not errors:
        try:
            accounts.accept_invite(engine, token, password)
        except AdminError:
            return _invite_gone(request)
        done = accounts.sign_in(engine, invited.email, password, _client(request))
        response = RedirectResponse("/", status_code=303)
        if done is not None:
            _set_cookie(request, response, SESSION_COOKIE, done[1])
        response.delete_cookie(FORM_COOKIE, path="/")
        return response
    return _signed_out_form(
        request, "invite.html", status=400, title=_("Choose your password"), invited=invited, errors=errors
    )


# People and access ------------------------------------------------------------------------------


def role_name(role: str) -> str:
    names = {
        "hub_admin": _("Hub admin"),
        "org_admin": _("Organisation admin"),
        "coordinator": _("Coordinator"),
        "funder": _("Funder"),
    }
    return names.get(role, role)


@router.get("/users")
def users_page(request: Request, who: AdminDep) -> Response:
    return _users(request, who)


def _users(
    request: Request,
    who: Viewer,
    *,
    invite_link: str = "",
    invited_email: str = "",
    done: str = "",
    new_account: bool = False,
) -> Response:
    with reading(engine_of(request)) as conn:
        listed = accounts.accounts_in_scope(conn, who.scope)
    return render(
        request,
        "users.html",
        who,
        title=_("People and access"),
        accounts=listed,
        role_name=role_name,
        invite_link=invite_link,
        invited_email=invited_email,
        new_account=new_account,
        done=done,
    )


def _invite_form(
    request: Request, who: Viewer, choices: people.Choices, asked: people.Invitation, *, status: int = 200
) -> Response:
    return render(
        request,
        "users_new.html",
        who,
        status=status,
        title=_("Invite someone"),
        choices=choices,
        asked=asked,
        errors=asked.errors,
        role_name=role_name,
        role_hint=role_hint,
        one_org=not who.scope.is_hub_admin,
    )


def role_hint(role: str) -> str:
    hints = {
        "coordinator": _("Sees the venues of the chapters you choose below, names of people included."),
        "org_admin": _("Sees all of the organisation's venues and manages its people and access."),
        "funder": _("Sees only counts shared with their funder, never a person."),
        "hub_admin": _("Manages the whole hub: every organisation, funder and account."),
    }
    return hints.get(role, "")


@router.get("/users/new")
def invite_someone_form(request: Request, who: AdminDep) -> Response:
    with reading(engine_of(request)) as conn:
        choices = people.choices_for(conn, who.scope)
    return _invite_form(request, who, choices, people.Invitation(language=who.user.language))


def _optional_id(text: str) -> int | None:
    return id_asked(text) if text.strip() else None


@router.post("/users/new")
def invite_someone(
    request: Request,
    who: CsrfViewerDep,
    email: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    org: Annotated[str, Form()] = "",
    funder: Annotated[str, Form()] = "",
    chapter: Annotated[list[str] | None, Form()] = None,
    language: Annotated[str, Form()] = "en",
) -> Response:
    _require_admin(who)
    engine = engine_of(request)
    asked = people.Invitation(
        email.strip(),
        name.strip(),
        role,
        _optional_id(org),
        _optional_id(funder),
        tuple(id_asked(c) for c in chapter or []),
        language,
    )
    with reading(engine) as conn:
        choices = people.choices_for(conn, who.scope)
        people.check(conn, who.scope, choices, asked)
    if not asked.errors:
        token = people.invite(engine, who.scope, who.user.id, asked, choices)
        if token:
            return _users(
                request,
                who,
                invite_link=f"{_public_url(request)}/invite/{token}",
                invited_email=accounts.normalise_email(asked.email),
                new_account=True,
            )
    return _invite_form(request, who, choices, asked, status=400)


def _target(request: Request, who: Viewer, user_id: int) -> accounts.User:
    with reading(engine_of(request)) as conn:
        found = accounts.user_by_id(conn, user_id)
    if found is None:
        raise NotFound
    return who.scope.require_manageable(found)


def _public_url(request: Request) -> str:
    """The address people reach the hub at: as the command line's links (ONRAMP_HUB_PUBLIC_URL), else this request's."""
    return (os.environ.get("ONRAMP_HUB_PUBLIC_URL") or str(request.base_url)).rstrip("/")


@router.post("/users/{user_id}/disable")
def disable_user(request: Request, user_id: int, who: CsrfViewerDep) -> Response:
    _require_admin(who)
    target = _target(request, who, user_id)
    accounts.set_disabled(engine_of(request), target.email, True, actor_id=who.user.id)
    return _users(request, who, done=_("{email} can no longer log in.").format(email=target.email))


@router.post("/users/{user_id}/enable")
def enable_user(request: Request, user_id: int, who: CsrfViewerDep) -> Response:
    _require_admin(who)
    target = _target(request, who, user_id)
    accounts.set_disabled(engine_of(request), target.email, False, actor_id=who.user.id)
    return _users(request, who, done=_("{email} can log in again.").format(email=target.email))


@router.post("/users/{user_id}/invite")
def invite_user(request: Request, user_id: int, who: CsrfViewerDep) -> Response:
    _require_admin(who)
    target = _target(request, who, user_id)
    token = accounts.invite_again(engine_of(request), target.email, actor_id=who.user.id)
    return _users(request, who, invite_link=f"{_public_url(request)}/invite/{token}", invited_email=target.email)


def _require_admin(who: Viewer) -> None:
    if who.user.role not in ADMINS:
        raise NotFound
