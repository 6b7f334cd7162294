"""The report for any date range: /report (the tables, a form to choose what they cover) and /report.csv.

The page and the CSV take their tables from one ``RangeReport.tables()``: the template draws them and
``RangeReport.csv_bytes`` writes them, so the CSV is the table on the screen. Every CSV download is
written to the audit log. Names of people never appear: the report is counts only.

The form (``read_form``) is shared with /barriers: an organisation, where (a chapter or a venue the
viewer may see) and a date range, typed or picked from the presets. An organisation, chapter or venue
the viewer may not see answers 404, as if it did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection

from desktop.i18n import _
from desktop.reports.filters import Preset, ReportFilter, preset_range
from hub import accounts
from hub.boards.report import MOST_MONTHS, Place, months_between, organisations_of, places, range_report
from hub.scope import NotFound, Scope, id_asked
from hub.store import reading, writing
from hub.web import wording
from hub.web.auth import Viewer, engine_of, for_roles
from hub.web.forms import form_day
from hub.web.nav import RECORD_READERS
from hub.web.render import render

router = APIRouter()
ReaderDep = Annotated[Viewer, Depends(for_roles(RECORD_READERS))]

PRESETS = (Preset.THIS_MONTH, Preset.LAST_MONTH, Preset.THIS_QUARTER, Preset.LAST_QUARTER, Preset.THIS_YEAR)
DEFAULT = Preset.THIS_YEAR


@dataclass
class Asked:
    """What the form asked for, as typed (to show back), and what it means once checked."""

    org_id: int | None
    org_name: str
    start_text: str
    end_text: str
    where: str  # "" (everywhere the viewer may see), "chapter:<id>" or "venue:<id>"
    orgs: list[tuple[int, str]]
    chapters: list[Place] = field(default_factory=list)
    venues: list[Place] = field(default_factory=list)
    place: Place | None = None
    start: date | None = None
    end: date | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field id, message) for the error summary

    def params(self, start: str | None = None, end: str | None = None) -> dict[str, str]:
        found = {"from": self.start_text if start is None else start, "to": self.end_text if end is None else end}
        if self.org_id is not None:
            found["org"] = str(self.org_id)
        if self.where:
            found["where"] = self.where
        return found

    def query(self) -> str:
        return urlencode(self.params())

    def presets(self, path: str, today: date) -> list[tuple[str, str]]:
        """(label, address) of each preset period, keeping the organisation and place chosen."""
        out = []
        for preset in PRESETS:
            first, last = preset_range(preset, today)
            assert first is not None and last is not None
            out.append((_(preset.label), f"{path}?" + urlencode(self.params(first.isoformat(), last.isoformat()))))
        return out

    def report_filter(self) -> ReportFilter:
        assert self.start is not None and self.end is not None
        return ReportFilter(self.start, self.end, self.place.venue_ids if self.place else ())


def read_form(request: Request, conn: Connection, scope: Scope, today: date) -> Asked:
    """The organisation, place and range from the query string, checked against ``scope`` (NotFound for
    anything the viewer may not see) and for sense (errors to show at the top of the form)."""
    q = request.query_params
    orgs = organisations_of(conn, scope)
    org_text = q.get("org", "")
    if org_text:
        org_id: int | None = scope.require_org(id_asked(org_text))
    else:
        org_id = orgs[0][0] if orgs else None
    first, last = preset_range(DEFAULT, today)
    assert first is not None and last is not None
    asked = Asked(
        org_id,
        dict(orgs).get(org_id, "") if org_id is not None else "",
        q.get("from", first.isoformat()),
        q.get("to", last.isoformat()),
        q.get("where", ""),
        orgs,
    )
    if org_id is not None:
        asked.chapters, asked.venues = places(conn, scope, org_id)
    if asked.where:
        asked.place = next((p for p in (*asked.chapters, *asked.venues) if p.key == asked.where), None)
        if asked.place is None and len(orgs) < 2:
            raise NotFound  # another chapter's or organisation's, or none at all: alike
        if asked.place is None:  # one of the viewer's other organisations' (the form kept it when they switched)
            asked.where = ""
            asked.errors.append(("where", _("Choose where again: that place is not in this organisation")))
    asked.start, asked.end = form_day(asked.start_text), form_day(asked.end_text)
    if asked.start is None:
        asked.errors.append(("from", _("Enter the first day as a date, for example 2026-01-01")))
    if asked.end is None:
        asked.errors.append(("to", _("Enter the last day as a date, for example 2026-12-31")))
    if asked.start and asked.end:
        if asked.end < asked.start:
            asked.errors.append(("to", _("The last day must be the same as or after the first day")))
        elif months_between(asked.start, asked.end) > MOST_MONTHS:
            asked.errors.append(("to", _("Choose a shorter range: at most {n} months at a time").format(n=MOST_MONTHS)))
    return asked


@router.get("/report")
def report_page(request: Request, who: ReaderDep) -> Response:
    today = date.today()
    with reading(engine_of(request)) as conn:
        asked = read_form(request, conn, who.scope, today)
        report = None
        if asked.org_id is not None and not asked.errors:
            report = range_report(conn, who.scope, asked.org_id, asked.report_filter())
    return render(
        request,
        "report.html",
        who,
        title=_("Report"),
        asked=asked,
        whose=wording.heading(who.scope, asked.org_name, place_chosen=asked.place is not None),
        errors=asked.errors,
        presets=asked.presets("/report", today),
        report=report,
        tables=report.tables() if report else [],
        csv_href="/report.csv?" + asked.query(),
    )


@router.get("/report.csv")
def report_csv(request: Request, who: ReaderDep) -> Response:
    with writing(engine_of(request)) as conn:
        asked = read_form(request, conn, who.scope, date.today())
        if asked.errors or asked.org_id is None:
            return RedirectResponse("/report?" + asked.query(), status_code=303)  # the page says what is wrong
        report = range_report(conn, who.scope, asked.org_id, asked.report_filter())
        detail = f"report {asked.start} to {asked.end}" + (f" at {asked.where}" if asked.where else "")
        accounts.audit(conn, who.user.id, "CSV exported", detail, asked.org_id)
    filename = f"report-{asked.start}-to-{asked.end}.csv"
    return Response(
        report.csv_bytes(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )
