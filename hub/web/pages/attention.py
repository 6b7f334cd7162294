"""The needs-attention page (/attention): what is missing and where, per organisation the viewer may read.

Its items come from ``hub.boards.attention``; each row says what is missing, at which venue and when.
No person's name appears. ``?org=`` shows one organisation; another organisation's id answers 404.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response

from desktop.i18n import _
from desktop.reports.tables import TextTable, day_text
from hub.boards import attention as a
from hub.boards.attention import OrgAttention
from hub.store import reading, utcnow
from hub.web.auth import engine_of
from hub.web.pages.health import ReaderDep, chosen_org, organisation_choices, when_words
from hub.web.render import render

router = APIRouter()


def moment_text(at: datetime) -> str:
    """ "6 July 2026, 18:00": a session's day and its venue-local start."""
    return _("{day}, {time}").format(day=day_text(at.date()), time=at.strftime("%H:%M"))


def upcoming_table(found: OrgAttention) -> TextTable:
    caption = _("{organisation}: upcoming sessions missing something").format(organisation=found.name)
    rows = tuple(
        (
            moment_text(gap.starts_at),
            gap.venue_name,
            gap.title or _("A session with no title"),
            "; ".join(_(a.MISSING_LABELS[key]) for key in gap.missing),
        )
        for gap in found.upcoming
    )
    return TextTable(caption, (_("When"), _("Venue"), _("Session"), _("What is missing")), rows)


def laptops_table(found: OrgAttention, now: datetime) -> TextTable:
    caption = _("{organisation}: laptops not synced for {days} days").format(
        organisation=found.name, days=a.QUIET_LAPTOP_DAYS
    )
    rows = tuple(
        (laptop.name or _("A laptop with no name"), when_words(laptop.last_seen_at, now)) for laptop in found.laptops
    )
    return TextTable(caption, (_("Laptop"), _("Last synced")), rows)


def uncounted_table(found: OrgAttention) -> TextTable:
    caption = _("{organisation}: closed sessions with no headcount").format(organisation=found.name)
    rows = tuple(
        (
            moment_text(u.starts_at),
            u.venue_name,
            u.title or _("A session with no title"),
            _("Nobody signed in and no estimate of how many came"),
        )
        for u in found.uncounted
    )
    return TextTable(caption, (_("When"), _("Venue"), _("Session"), _("What is missing")), rows)


@router.get("/attention")
def attention_page(request: Request, who: ReaderDep, org: str | None = None) -> Response:
    org_id = chosen_org(org, who.scope)
    now, synced_now = datetime.now(), utcnow()
    with reading(engine_of(request)) as conn:
        choices = organisation_choices(conn, who.scope)
        if org_id is None:
            found = a.needs_attention(conn, who.scope, now=now)
        else:
            found = [a.org_attention(conn, who.scope, org_id, dict(choices)[org_id], now=now)]
    sections = [
        {
            "found": each,
            "tables": [
                table
                for table in (upcoming_table(each), laptops_table(each, synced_now), uncounted_table(each))
                if table.rows
            ],
        }
        for each in found
    ]
    rules = _(a.RULES).format(upcoming=a.UPCOMING_DAYS, laptops=a.QUIET_LAPTOP_DAYS, uncounted=a.UNCOUNTED_DAYS)
    return render(
        request,
        "attention.html",
        who,
        title=_("Needs attention"),
        sections=sections,
        rules=rules,
        choices=choices,
        chosen=org_id,
    )
