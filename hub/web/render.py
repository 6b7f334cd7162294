"""Drawing a page: a Jinja2 template in the viewer's language, with the menu of their pages.

The language is per request (``desktop.i18n.language``, a ContextVar set by ``app.WebContext``),
so ``_`` in templates and in route code speaks the viewer's language, and two requests in English
and Spanish at the same moment never mix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from desktop.i18n import LANGUAGES, _, current_language, ngettext
from hub.web.auth import CSRF_FIELD, FORM_COOKIE, Viewer, signed_in_of
from hub.web.nav import pages_for

TEMPLATES = Path(__file__).resolve().parent / "templates"

env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "svg", "xml"]),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
# Old-style gettext: ``_("…")`` returns the text, formatted with .format() like the Python code does.
env.install_gettext_callables(_, ngettext, newstyle=False)  # type: ignore[attr-defined]


def render(
    request: Request,
    template: str,
    viewer: Viewer | None = None,
    *,
    status: int = 200,
    title: str = "",
    **context: Any,
) -> HTMLResponse:
    """``template`` drawn for ``viewer`` (None: signed out) as an HTML response.

    ``title`` is the page's h1 and <title> (already translated); templates get ``viewer``,
    ``nav`` (the pages this viewer may open), ``csrf_token`` for POST forms, ``lang`` and ``here``.
    """
    signed_in = viewer.signed_in if viewer is not None else signed_in_of(request)
    role = signed_in.user.role if signed_in is not None else None
    csrf = signed_in.csrf_token if signed_in is not None else request.cookies.get(FORM_COOKIE, "")
    html = env.get_template(template).render(
        request=request,
        viewer=viewer,
        signed_in=signed_in,
        nav=pages_for(role) if role else [],
        csrf_field=CSRF_FIELD,
        csrf_token=context.pop("csrf_token", csrf),
        lang=current_language(),
        languages=LANGUAGES,
        here=request.url.path,
        title=title,
        **context,
    )
    return HTMLResponse(html, status_code=status)
