"""The audit log: every export and every change of who may see what, newest first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from desktop.i18n import _
from hub import accounts
from hub.store import reading
from hub.web.auth import Viewer, engine_of, for_roles
from hub.web.nav import ADMINS
from hub.web.render import render

router = APIRouter()
SHOWN = 500  # the newest entries; the whole log stays in the database


@router.get("/audit")
def audit_page(request: Request, who: Annotated[Viewer, Depends(for_roles(ADMINS))]) -> Response:
    with reading(engine_of(request)) as conn:
        entries = accounts.audit_entries(conn, who.scope, limit=SHOWN)
    return render(request, "audit.html", who, title=_("Audit log"), entries=entries, shown=SHOWN)
