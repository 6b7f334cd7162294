"""The health board page (/health): each organisation, chapter and venue the viewer may read, in words.

Its figures come from ``hub.boards.health``; this module only turns them into captioned tables of
text (status in words, never colour alone; every rate with the counts behind it). ``?org=`` shows one
organisation; another organisation's id answers 404, as if it did not exist.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Connection, select

from desktop.i18n import _, ngettext
from desktop.reports.interventions import Rate
from desktop.reports.tables import TextTable, day_text, rate_text
from hub.boards import health as h
from hub.boards.health import ChapterHealth, Health, LaptopSync, OrgHealth
from hub.scope import Scope, id_asked
from hub.store import organisations, reading, utcnow
from hub.web import wording
from hub.web.auth import Viewer, engine_of, for_roles
from hub.web.nav import RECORD_READERS
from hub.web.render import render

router = APIRouter()
ReaderDep = Annotated[Viewer, Depends(for_roles(RECORD_READERS))]


def when_words(at: datetime | None, now: datetime) -> str:
    """ "3 days ago (27 June 2026)", "today (30 June 2026)", or "never"."""
    if at is None:
        return _("Never")
    days = (now.date() - at.date()).days
    if days <= 0:
        ago = _("today")
    elif days == 1:
        ago = _("yesterday")
    else:
        ago = ngettext("{n} day ago", "{n} days ago", days).format(n=days)
    return _("{ago} ({day})").format(ago=ago, day=day_text(at.date()))


def status_words(health: Health) -> str:
    return _(h.STATUS_LABELS[health.status])


def _row(label: str, health: Health) -> tuple[str, ...]:
    last = day_text(health.last_session_at.date()) if health.last_session_at else _("None yet")
    return (
        label,
        status_words(health),
        _("At risk") if health.at_risk else _("No"),
        last,
        str(health.sessions_held),
        str(health.people),
        str(health.first_timers),
        rate_text(Rate(health.returners, health.people), hide_small=False),
    )


def _headers(first: str) -> tuple[str, ...]:
    return (
        first,
        _("Status"),
        _("At risk?"),
        _("Latest session held"),
        _("Sessions held"),
        _("People"),
        _("First-timers"),
        _("Return rate (returners of people)"),
    )


def chapter_name(chapter: ChapterHealth) -> str:
    return chapter.name or _("Venues in no chapter")


def chapters_table(board: OrgHealth, scope: Scope) -> TextTable:
    rows = [_row(wording.everywhere(scope), board.health)]
    rows += [_row(chapter_name(c), c.health) for c in board.chapters]
    if wording.sees_part(scope):  # a coordinator's board: their chapters, not the organisation
        caption = _("{organisation}: your venues and chapters").format(organisation=board.name)
    else:
        caption = _("{organisation}: the organisation and its chapters").format(organisation=board.name)
    return TextTable(caption, _headers(_("Chapter")), tuple(rows))


def venues_table(board: OrgHealth, chapter: ChapterHealth) -> TextTable:
    caption = _("{organisation}, {chapter}: venues").format(organisation=board.name, chapter=chapter_name(chapter))
    rows = tuple(_row(v.name, v.health) for v in chapter.venues)
    return TextTable(caption, _headers(_("Venue")), rows)


def laptops_table(board: OrgHealth, laptops: list[LaptopSync], now: datetime) -> TextTable:
    caption = _("{organisation}: when each laptop last synced").format(organisation=board.name)
    rows = tuple(
        (laptop.name or _("A laptop with no name"), when_words(laptop.last_seen_at, now)) for laptop in laptops
    )
    return TextTable(caption, (_("Laptop"), _("Last synced")), rows)


def rules() -> list[str]:
    """Each rule of the board in words, as it is applied."""
    return [
        _(h.STATUS_RULE).format(quiet=h.QUIET_AFTER_MONTHS, dormant=h.DORMANT_AFTER_MONTHS),
        _(h.AT_RISK_RULE).format(recent=h.RECENT_MONTHS, fewest=h.FEWEST_TO_COMPARE),
        _(h.COUNTS_RULE).format(months=h.COUNTED_MONTHS),
    ]


def organisation_choices(conn: Connection, scope: Scope) -> list[tuple[int, str]]:
    """(id, name) of the organisations the viewer may read, by name: the filter's choices."""
    found = conn.execute(
        select(organisations.c.id, organisations.c.name).where(organisations.c.id.in_(sorted(scope.orgs)))
    ).all()
    return sorted(((i, n) for i, n in found), key=lambda c: c[1].casefold())


def chosen_org(asked: str | None, scope: Scope) -> int | None:
    """The organisation ``?org=`` names (None: all); NotFound for one the viewer may not read."""
    if not asked:
        return None
    return scope.require_org(id_asked(asked))


@router.get("/health")
def health_page(request: Request, who: ReaderDep, org: str | None = None) -> Response:
    org_id = chosen_org(org, who.scope)
    now, synced_now = datetime.now(), utcnow()
    with reading(engine_of(request)) as conn:
        choices = organisation_choices(conn, who.scope)
        names = dict(choices)
        if org_id is None:
            boards = h.health_board(conn, who.scope, now=now)
        else:
            boards = [h.org_health(conn, who.scope, org_id, names[org_id], now=now)]
    sections = [
        {
            "board": board,
            "chapters": chapters_table(board, who.scope),
            "venues": [venues_table(board, c) for c in board.chapters if c.venues],
            "laptops": laptops_table(board, board.laptops, synced_now),
        }
        for board in boards
    ]
    return render(
        request,
        "health.html",
        who,
        title=_("Health board"),
        sections=sections,
        rules=rules(),
        choices=choices,
        chosen=org_id,
    )
