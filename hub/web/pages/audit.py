"""The audit log: every export and every change of who may see what, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from desktop.i18n import N_, _
from desktop.reports.tables import day_text
from hub import accounts
from hub.store import reading
from hub.web.auth import Viewer, engine_of, for_roles
from hub.web.nav import ADMINS
from hub.web.pages.account import role_name
from hub.web.render import render

router = APIRouter()
SHOWN = 500  # the newest entries; the whole log stays in the database

# The log keeps each action's fixed English key (hub.accounts.audit); people read it in words, in their language.
ACTION_WORDS = {
    "user created": N_("Account made"),
    "invite sent": N_("New invite link"),
    "password set": N_("Password chosen"),
    "user disabled": N_("Access stopped"),
    "user enabled": N_("Access restored"),
    "sessions revoked": N_("Signed out everywhere"),
    "chapter created": N_("Chapter made"),
    "funder created": N_("Funder added"),
    "funder opt-in": N_("Figures shared with a funder"),
    "funder opt-out": N_("Figures no longer shared with a funder"),
    "CSV exported": N_("Table downloaded (CSV file)"),
    "sessions published": N_("Upcoming sessions made public"),
    "sessions unpublished": N_("Upcoming sessions no longer public"),
    "commons made public": N_("Lesson commons opened to everyone"),
    "commons made private": N_("Lesson commons for signed-in people only"),
    "commons consent given": N_("Lessons may be published to the commons"),
    "commons consent withdrawn": N_("Lessons may no longer be published to the commons"),
    "commons received": N_("Laptops receive the lesson commons"),
    "commons not received": N_("Laptops no longer receive the lesson commons"),
}
ROLES_IN_DETAIL = ("hub_admin", "org_admin", "coordinator", "funder")


@dataclass(frozen=True)
class AuditRow:
    when: str
    who: str
    organisation: str
    what: str
    detail: str


def audit_row(entry: accounts.AuditEntry) -> AuditRow:
    """One entry in words: the day in words, the action and any role named as people say them."""
    detail = entry.detail
    if entry.action == "user created":  # "someone@example.org as org_admin"
        email, sep, role = detail.rpartition(" as ")
        if sep and role in ROLES_IN_DETAIL:
            detail = _("{email} as {role}").format(email=email, role=role_name(role))
    return AuditRow(
        when=_("{day}, {time}").format(day=day_text(entry.at.date()), time=entry.at.strftime("%H:%M")),
        who=entry.actor or _("command line"),
        organisation=entry.organisation or "—",
        what=_(ACTION_WORDS[entry.action]) if entry.action in ACTION_WORDS else entry.action,
        detail=detail,
    )


@router.get("/audit")
def audit_page(request: Request, who: Annotated[Viewer, Depends(for_roles(ADMINS))]) -> Response:
    with reading(engine_of(request)) as conn:
        entries = accounts.audit_entries(conn, who.scope, limit=SHOWN)
    rows = [audit_row(entry) for entry in entries]
    return render(request, "audit.html", who, title=_("Audit log"), entries=rows, shown=SHOWN)
