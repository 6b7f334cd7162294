"""The web side as one ASGI app: pages, static files, plain-words error pages, security headers.

``hub.app.create_app`` mounts it at "/" after the API (``web_mount``), so the API's own paths keep
their JSON answers (404, 405 with Allow) and everything else is a page.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import HTTPConnection
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from desktop.i18n import LANGUAGES, N_, _, language
from hub import accounts
from hub.scope import NotFound
from hub.web.auth import LANGUAGE_COOKIE, SESSION_COOKIE, CsrfRefused, SignInRequired, ViewerDep, signed_in_of
from hub.web.nav import pages_for
from hub.web.render import render

log = logging.getLogger("onramp.hub")

STATIC = Path(__file__).resolve().parent / "static"
# Paths the API answers itself (its 404 and 405 in the problem form), never the web side's.
API_PATHS = ("/v1/", "/healthz", "/openapi.json", "/docs", "/redoc")

# No page needs script; styles and images only from this hub; nobody may frame a page.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

ERROR_TITLES = {
    403: N_("This form has expired"),
    404: N_("Page not found"),
    405: N_("That cannot be done here"),
    500: N_("Something went wrong on the hub"),
    503: N_("The hub cannot reach its database just now"),
}
ERROR_TEXTS = {
    403: N_("Nothing was changed. Go back, reload the page and try again."),
    404: N_("If you typed the address, check it is right. If you followed a link, it may be out of date."),
    405: N_("This address does not take that kind of request. Go back and try again from the page."),
    500: N_("Nothing you did caused this. Try again in a minute; if it keeps happening, tell your hub admin."),
    503: N_("Try again in a minute."),
}


class WebContext:
    """For each page request: find the session (once), speak the viewer's language, add the security headers."""

    def __init__(self, app: ASGIApp, engine: Engine) -> None:
        self.app = app
        self.engine = engine

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Cache-Control", "no-store")  # pages hold other people's records
            await send(message)

        if scope["path"].startswith("/static/"):
            await self.app(scope, receive, with_headers)
            return
        connection = HTTPConnection(scope)
        token = connection.cookies.get(SESSION_COOKIE)
        signed_in = await run_in_threadpool(accounts.session_for, self.engine, token) if token else None
        scope.setdefault("state", {})["signed_in"] = signed_in
        asked = connection.query_params.get("lang")
        keep_language = signed_in is None and asked in LANGUAGES and asked != connection.cookies.get(LANGUAGE_COOKIE)
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if keep_language:  # signed out: ?lang= is remembered for the next pages
                    secure = "; Secure" if scope.get("scheme") == "https" else ""
                    cookie = f"{LANGUAGE_COOKIE}={asked}; Path=/; SameSite=Lax; HttpOnly{secure}"
                    MutableHeaders(scope=message).append("set-cookie", cookie)
            await with_headers(message)

        with language(_language_of(connection, signed_in)):
            try:
                await self.app(scope, receive, watched)
            except Exception:
                # Answered here, inside the language and the headers, rather than by Starlette's bare 500.
                log.exception("a page failed: %s", scope["path"])
                if started:
                    raise
                await error_page(Request(scope), 500)(scope, receive, with_headers)


def _language_of(connection: HTTPConnection, signed_in: accounts.SignedIn | None) -> str:
    """The account's language; signed out: ?lang=, else the cookie it left, else the browser's first choice."""
    if signed_in is not None:
        return signed_in.user.language
    asked = connection.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    kept = connection.cookies.get(LANGUAGE_COOKIE)
    if kept in LANGUAGES:
        return kept
    for part in connection.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"


def _wants_html(request: Request) -> bool:
    """A browser (it asks for HTML) gets a page; a program lost on the hub gets the API's problem form."""
    return "text/html" in request.headers.get("accept", "")


def error_page(request: Request, status: int, headers: dict[str, str] | None = None) -> Response:
    code = status if status in ERROR_TITLES else 404 if status < 500 else 500
    response = render(
        request,
        "error.html",
        None,
        status=status,
        title=_(ERROR_TITLES[code]),
        message=_(ERROR_TEXTS[code]),
    )
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def create_web_app(engine: Engine) -> FastAPI:
    from hub.web.pages import account, audit

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.engine = engine

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if not _wants_html(request):
            return JSONResponse({"detail": str(exc.detail), "errors": []}, exc.status_code, headers=exc.headers)
        return error_page(request, exc.status_code, dict(exc.headers or {}))

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, _exc: NotFound) -> Response:
        return error_page(request, 404)

    @app.exception_handler(CsrfRefused)
    async def _csrf(request: Request, _exc: CsrfRefused) -> Response:
        return error_page(request, 403)

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, exc: SignInRequired) -> Response:
        from urllib.parse import urlencode

        target = "/sign-in" if exc.next_path in ("", "/") else "/sign-in?" + urlencode({"next": exc.next_path})
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(OperationalError)
    async def _store_down(request: Request, exc: OperationalError) -> Response:
        log.warning("the hub's database cannot be reached: %s", exc.orig)
        return error_page(request, 503, {"Retry-After": "60"})

    @app.get("/")
    def home(request: Request, who: ViewerDep) -> Response:
        return render(request, "home.html", who, title=_("Your pages"), pages=pages_for(who.user.role))

    app.include_router(account.router)
    app.include_router(audit.router)
    # Each page module adds its router here (one line each).
    from hub.web.pages import funder  # its own import line, so page helpers never edit the same line

    app.include_router(funder.router)

    from hub.web.pages import leaders  # its own import line, as funder's

    app.include_router(leaders.router)

    from hub.web.pages import attention, health  # the health board and needs attention

    app.include_router(health.router)
    app.include_router(attention.router)

    from hub.web.pages import barriers, report  # the report for any dates, and barriers and changes

    app.include_router(report.router)
    app.include_router(barriers.router)

    from hub.web.pages import find  # Find a session: public, no sign-in

    app.include_router(find.router)

    from hub.web.pages import commons  # the lesson commons: public if the hub's admin chose so

    app.include_router(commons.router)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(WebContext, engine=engine)
    return app


class WebMount(Mount):
    """The web side at "/", leaving the API's own paths to the API (so its 405s and 404s stay as they are)."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and scope["path"].startswith(API_PATHS):
            return Match.NONE, {}
        return super().matches(scope)


def web_mount(engine: Engine) -> WebMount:
    return WebMount("", app=create_web_app(engine))


__all__ = ["create_web_app", "error_page", "signed_in_of", "web_mount"]
