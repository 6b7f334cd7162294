"""What keeps people away: /barriers, barrier rates by venue and by time of day, and the changes chapters made.

The figures come from ``hub.boards.barriers`` (the laptop's definitions over the hub's projection); the
form is the report's (``pages.report.read_form``): organisation, where and a date range, scoped alike.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response

from desktop.i18n import _
from desktop.reports.definitions import BARRIER_RATE
from desktop.reports.interventions import how_we_compared
from hub.boards.barriers import band_words, barriers
from hub.store import reading
from hub.web import wording
from hub.web.auth import engine_of
from hub.web.pages.report import ReaderDep, read_form
from hub.web.render import render

router = APIRouter()


@router.get("/barriers")
def barriers_page(request: Request, who: ReaderDep) -> Response:
    today = date.today()
    with reading(engine_of(request)) as conn:
        asked = read_form(request, conn, who.scope, today)
        found = None
        if asked.org_id is not None and not asked.errors:
            found = barriers(conn, who.scope, asked.org_id, asked.report_filter(), today=today)
    return render(
        request,
        "barriers.html",
        who,
        title=_("What keeps people away"),
        asked=asked,
        whose=wording.heading(who.scope, asked.org_name, place_chosen=asked.place is not None),
        errors=asked.errors,
        presets=asked.presets("/barriers", today),
        found=found,
        bands=band_words(),
        rate_rule=_(BARRIER_RATE),
        compared=how_we_compared(),
    )
