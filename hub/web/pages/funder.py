"""The funder view: /funder (the suppressed tables, a date-range form, how we counted) and /funder.csv.

Only funders open it (anyone else gets 404, as if there were no page). Both the page and the CSV take
their figures from one ``boards.funder.funder_figures`` call; the CSV is its tidy rows, the page its
tables, so they hold the same values. Every CSV download is written to the audit log, once for each
organisation in it, so each organisation's admins see their figures left.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from desktop.export import as_text
from desktop.i18n import _, ngettext
from desktop.reports.tables import day_text
from hub import accounts
from hub.boards.funder import (
    GROUPINGS,
    MONTH,
    MOST_PERIODS,
    QUARTER,
    funder_figures,
    funder_orgs,
    how_we_counted,
    periods,
)
from hub.scope import id_asked
from hub.store import reading, writing
from hub.web.auth import Viewer, engine_of, for_roles
from hub.web.forms import form_day
from hub.web.nav import FUNDERS
from hub.web.render import render

router = APIRouter()
FunderDep = Annotated[Viewer, Depends(for_roles(FUNDERS))]


def default_range(today: date) -> tuple[date, date]:
    """The last twelve months, this one included."""
    eleven_back = today.year * 12 + today.month - 1 - 11
    following = today.year * 12 + today.month  # the month after this one, counted the same way
    return (
        date(eleven_back // 12, eleven_back % 12 + 1, 1),
        date(following // 12, following % 12 + 1, 1) - timedelta(days=1),
    )


@dataclass
class Asked:
    """What the form asked for, as typed (to show back), and what it means once checked."""

    start_text: str
    end_text: str
    grouping: str
    org_id: int | None
    start: date | None = None
    end: date | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field id, message) for the error summary

    def query(self) -> str:
        params = {"start": self.start_text, "end": self.end_text, "by": self.grouping}
        if self.org_id is not None:
            params["org"] = str(self.org_id)
        return urlencode(params)


def read_form(request: Request, today: date) -> Asked:
    """The range and grouping from the query string, checked; an organisation id that is not a number is
    no page at all (404)."""
    q = request.query_params
    first, last = default_range(today)
    org_text = q.get("org", "")
    org_id = id_asked(org_text) if org_text else None
    grouping = q.get("by", MONTH) if q.get("by") in GROUPINGS else MONTH
    asked = Asked(q.get("start", first.isoformat()), q.get("end", last.isoformat()), grouping, org_id)
    asked.start, asked.end = form_day(asked.start_text), form_day(asked.end_text)
    if asked.start is None:
        asked.errors.append(("start", _("Enter the first day as a date, for example 2026-01-01")))
    if asked.end is None:
        asked.errors.append(("end", _("Enter the last day as a date, for example 2026-12-31")))
    if asked.start and asked.end and asked.end < asked.start:
        asked.errors.append(("end", _("The last day must be the same as or after the first day")))
    if not asked.errors and asked.start and asked.end and len(periods(asked.start, asked.end, grouping)) > MOST_PERIODS:
        message = (
            _("Choose a shorter range, or count quarter by quarter: at most {n} months at a time")
            if grouping == MONTH
            else _("Choose a shorter range: at most {n} quarters at a time")
        )
        asked.errors.append(("end", message.format(n=MOST_PERIODS)))
    return asked


def range_words(start: date, end: date, grouping: str, organisations: int) -> str:
    """ "From 1 January 2026 to 31 March 2026, month by month, for 2 organisations." """
    count = ngettext("{n} organisation", "{n} organisations", organisations).format(n=organisations)
    return _("From {start} to {end}, {grouping}, for {organisations}.").format(
        start=day_text(start), end=day_text(end), grouping=_(GROUPINGS[grouping]).lower(), organisations=count
    )


@router.get("/funder")
def funder_page(request: Request, who: FunderDep) -> Response:
    asked = read_form(request, date.today())
    with reading(engine_of(request)) as conn:
        every_org = funder_orgs(conn, who.scope)
        figures = None
        if not asked.errors and asked.start and asked.end and every_org:
            org_ids = None if asked.org_id is None else [asked.org_id]
            figures = funder_figures(conn, who.scope, asked.start, asked.end, asked.grouping, org_ids)
        elif asked.org_id is not None:
            funder_orgs(conn, who.scope, [asked.org_id])  # 404 for an organisation not theirs, errors or not
    return render(
        request,
        "funder.html",
        who,
        title=_("Figures shared with you"),
        asked=asked,
        errors=asked.errors,
        groupings=[(key, _(name)) for key, name in GROUPINGS.items()],
        every_org=every_org,
        figures=figures,
        tables=figures.text_tables() if figures else [],
        words=range_words(figures.start, figures.end, figures.grouping, len(figures.organisations)) if figures else "",
        csv_href="/funder.csv?" + asked.query(),
        how=how_we_counted(),
    )


def csv_bytes(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> bytes:
    """UTF-8 with a BOM (spreadsheet apps read accents right), every cell formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([as_text(h) for h in headers])
    writer.writerows([as_text(c) for c in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


@router.get("/funder.csv")
def funder_csv(request: Request, who: FunderDep) -> Response:
    asked = read_form(request, date.today())
    if asked.errors or asked.start is None or asked.end is None:
        return RedirectResponse("/funder?" + asked.query(), status_code=303)  # the page says what is wrong
    org_ids = None if asked.org_id is None else [asked.org_id]
    with writing(engine_of(request)) as conn:
        figures = funder_figures(conn, who.scope, asked.start, asked.end, asked.grouping, org_ids)
        included = funder_orgs(conn, who.scope, org_ids)
        detail = f"funder figures {asked.start} to {asked.end} by {asked.grouping}"
        for org_id, _name in included:
            accounts.audit(conn, who.user.id, "CSV exported", detail, org_id)
    by = "quarterly" if asked.grouping == QUARTER else "monthly"
    filename = f"funder-figures-{asked.start}-to-{asked.end}-{by}.csv"
    return Response(
        csv_bytes(figures.csv_headers(), figures.csv_rows()),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )
