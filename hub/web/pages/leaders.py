"""The leaders page (/leaders): the ladder across chapters, who is ready or stalled, and each host's load.

Figures come from ``hub.boards.leaders``; this module turns them into captioned tables of text and a
chart of the same numbers (``hub.web.charts``). Names appear only for a viewer whose Scope may see
them (an organisation admin, a coordinator); a hub admin reads counts; a funder gets 404.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from desktop.i18n import N_, _
from desktop.reports import definitions as d
from desktop.reports.filters import PRESET_LABELS, Preset, preset_range
from desktop.reports.ladder import STAGE_NAMES, ReadyPerson, ready_rule
from desktop.reports.tables import TextTable, day_text
from desktop.vocabulary import PATHWAY_STAGES
from hub.boards import leaders as lead
from hub.boards.leaders import FunnelRow, HostLoad, OrgLeaders
from hub.scope import NotFound
from hub.store import reading
from hub.web.auth import Viewer, engine_of, for_roles
from hub.web.charts import BarChart, bar_chart
from hub.web.nav import RECORD_READERS
from hub.web.render import render

router = APIRouter()
ReaderDep = Annotated[Viewer, Depends(for_roles(RECORD_READERS))]

LAST_12_MONTHS = "last_12_months"
PERIODS: dict[str, str] = {
    LAST_12_MONTHS: N_("The last 12 months"),
    **{
        p.value: PRESET_LABELS[p] for p in (Preset.THIS_YEAR, Preset.THIS_QUARTER, Preset.LAST_QUARTER, Preset.ALL_TIME)
    },
}


def period_range(period: str, today: date) -> tuple[date | None, date]:
    """[start, end] of a period (start None: since the first record); an unknown period is not a page."""
    if period == LAST_12_MONTHS:
        return today - timedelta(days=364), today
    if period not in PERIODS:
        raise NotFound
    start, end = preset_range(Preset(period), today)
    return start, end or today


def stage_headers() -> tuple[str, ...]:
    return tuple(_(STAGE_NAMES[s]) for s in PATHWAY_STAGES)


def _counts(row: FunnelRow) -> tuple[str, ...]:
    return (*(str(row.people[s]) for s in PATHWAY_STAGES), str(sum(row.people.values())))


def place_name(row: FunnelRow) -> str:
    if row.kind == "total":
        return _("All the venues shown")
    if row.kind == "chapter":
        return _("Chapter: {name}").format(name=row.label or _(lead.NO_CHAPTER))
    chapter = row.chapter or _(lead.NO_CHAPTER)
    if row.label.endswith(f"({chapter})"):  # already told apart from a venue called alike by its chapter
        return row.label
    return _("{venue} ({chapter})").format(venue=row.label, chapter=chapter)


def funnel_table(org: OrgLeaders) -> TextTable:
    caption = _("{organisation}: people at each step of the ladder, by chapter and venue").format(organisation=org.name)
    headers = (_("Chapter or venue"), *stage_headers(), _("All people"))
    rows = tuple((place_name(row), *_counts(row)) for row in [org.total, *org.funnel])
    return TextTable(caption, headers, rows)


def funnel_chart(org: OrgLeaders) -> BarChart:
    """The table's first row (every venue shown) as bars, one per step."""
    title = _("{organisation}: people at each step of the ladder").format(organisation=org.name)
    bars = [(_(STAGE_NAMES[s]), org.total.people[s]) for s in PATHWAY_STAGES]
    return bar_chart(f"funnel-{org.org_id}", title, bars)


def people_table(caption: str, people: list[ReadyPerson]) -> TextTable:
    headers = (_("Name"), _("Step now"), _("Ready for"), _("Why"))
    rows = tuple((p.full_name, p.stage_name, p.next_step_name, p.reason) for p in people)
    return TextTable(caption, headers, rows)


def ready_table(org: OrgLeaders) -> TextTable:
    return people_table(_("{organisation}: ready for the next step").format(organisation=org.name), org.ready)


def stalled_table(org: OrgLeaders) -> TextTable:
    caption = _("{organisation}: stalled for {days} days or more").format(
        organisation=org.name, days=lead.STALLED_AFTER_DAYS
    )
    return people_table(caption, org.stalled)


def flag_words(load: HostLoad) -> str:
    return _("Yes: far more than the others") if load.overloaded else _("No")


def hosts_table(org: OrgLeaders) -> TextTable:
    caption = _("{organisation}: sessions each host ran").format(organisation=org.name)
    headers = (_("Host"), _("Sessions run"), _("Far more than the others?"))
    rows = tuple((load.name, str(load.sessions), flag_words(load)) for load in org.hosts)
    return TextTable(caption, headers, rows)


def hosts_chart(org: OrgLeaders) -> BarChart:
    title = _("{organisation}: sessions each host ran").format(organisation=org.name)
    return bar_chart(f"hosts-{org.org_id}", title, [(load.name, load.sessions) for load in org.hosts])


def counts_table(org: OrgLeaders) -> TextTable:
    """For a viewer who may not see names: how many, never who."""
    caption = _("{organisation}: leaders in numbers").format(organisation=org.name)
    rows = (
        (_("People ready for the next step"), str(org.ready_count)),
        (_("Of them, stalled"), str(org.stalled_count)),
        (_("Hosts who ran a session in this period"), str(org.host_count)),
        (_("The most sessions one host ran"), str(org.busiest)),
        (_("Hosts who ran far more than the others"), str(org.overloaded_count)),
    )
    return TextTable(caption, (_("What"), _("Number")), rows)


def rules() -> list[str]:
    return [
        _(d.STAGE),
        ready_rule(),
        _(lead.STALLED_RULE).format(days=lead.STALLED_AFTER_DAYS),
        _(lead.OVERLOAD_RULE).format(least=lead.OVERLOAD_AT_LEAST, times=lead.OVERLOAD_TIMES),
    ]


def period_words(start: date | None, end: date) -> str:
    if start is None:
        return _("Every session up to {end}.").format(end=day_text(end))
    return _("Sessions from {start} to {end}.").format(start=day_text(start), end=day_text(end))


@router.get("/leaders")
def leaders_page(request: Request, who: ReaderDep, period: str = LAST_12_MONTHS) -> Response:
    today = date.today()
    start, end = period_range(period, today)
    with reading(engine_of(request)) as conn:
        orgs = lead.leaders_board(conn, who.scope, start=start, end=end, today=today)
    names = who.scope.may_see_names
    sections = [
        {
            "org": org,
            "anyone_came": any(org.total.people.values()),
            "funnel_chart": funnel_chart(org),
            "funnel": funnel_table(org),
            "ready": ready_table(org) if names else None,
            "stalled": stalled_table(org) if names else None,
            "hosts_chart": hosts_chart(org) if names and org.hosts else None,
            "hosts": hosts_table(org) if names else None,
            "overloaded": [load for load in org.hosts if load.overloaded],
            "counts": None if names else counts_table(org),
        }
        for org in orgs
    ]
    return render(
        request,
        "leaders.html",
        who,
        title=_("Leaders"),
        sections=sections,
        rules=rules(),
        periods=[(key, _(label)) for key, label in PERIODS.items()],
        period=period,
        period_words=period_words(start, end),
        names=names,
    )
