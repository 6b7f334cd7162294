"""The Reports page's own tables as text: attendance, people, comments and each change's before and after.

Ratings, "will you come back" and barriers come from ``desktop.reports.tables`` (the same text the CSV
and the printed report show). Every rate is shown with the counts it is made of: "50% (3 of 6)".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from desktop.i18n import _
from desktop.reports.interventions import InterventionEffect, Rate, Window
from desktop.reports.report import HEADCOUNT_SOURCES, Report
from desktop.reports.series import SOURCE_NAMES, percent
from desktop.reports.tables import TextTable
from desktop.ui.reports.days import format_day
from desktop.vocabulary import BARRIER_LABELS


def rate_text(part: int, whole: int) -> str:
    """ "50% (3 of 6)": the share and the counts behind it; a dash for the share when the whole is 0."""
    if not whole:
        return _("– (0 of 0)")
    return _("{percent} ({part} of {whole})").format(percent=percent(part / whole), part=part, whole=whole)


def attendance_table(report: Report) -> TextTable:
    rows = [(_("Sessions held"), str(report.sessions_held))]
    rows += [(_(SOURCE_NAMES[s]), str(report.headcount_by_source.get(s, 0))) for s in HEADCOUNT_SOURCES]
    return TextTable(_("Sessions and headcount by where it came from"), (_("What"), _("Number")), tuple(rows))


def people_table(report: Report) -> TextTable:
    return TextTable(
        _("Who came"),
        (_("What"), _("Number")),
        (
            (_("Different people"), str(report.people)),
            (_("Visits"), str(report.visits)),
            (_("First-timers"), str(report.first_timers)),
            (_("Returners"), str(report.returners)),
            (_("Return rate (returners out of everyone who came)"), rate_text(report.returners, report.people)),
        ),
    )


def remarks_table(report: Report, names: Mapping[str, str]) -> TextTable:
    """Newest first, what they wrote first. The name column is there only when the domain gave a name
    (a signed card, for the host)."""
    with_names = any(r.name for r in report.remarks)
    something_else = BARRIER_LABELS["other"]
    headers: tuple[str, ...] = (_("What they wrote"), _("Kind"), _("Written"), _("Session"))
    rows = []
    for remark in report.remarks:
        kind = _(something_else) if remark.kind == "other" else _("Comment")
        session = _("{day} at {venue}").format(
            day=format_day(remark.session_starts_at), venue=names.get(remark.venue_id) or _("a venue")
        )
        row = (remark.text, kind, format_day(remark.written_at), session)
        rows.append((*row, remark.name) if with_names else row)
    if with_names:
        headers = (*headers, _("Signed by"))
    return TextTable(_("Comments and “Something else” answers, newest first"), headers, tuple(rows))


def _window_text(window: Window) -> str:
    if window.start is None or window.end is None:
        return _("–")
    return _("{start} to {end}").format(start=format_day(window.start), end=format_day(window.end))


def intervention_caption(effect: InterventionEffect, names: Mapping[str, str]) -> str:
    venue = names.get(effect.venue_id) or _("a venue")
    if effect.ends_on is not None:
        return _("{change} at {venue}, from {start} to {end}").format(
            change=effect.kind_label, venue=venue, start=format_day(effect.starts_on), end=format_day(effect.ends_on)
        )
    return _("{change} at {venue}, from {start}").format(
        change=effect.kind_label, venue=venue, start=format_day(effect.starts_on)
    )


def intervention_table(effect: InterventionEffect, names: Mapping[str, str]) -> TextTable:
    """Before and after, side by side, with the counts behind every rate."""
    b, a = effect.before, effect.after

    def both(pick: Callable[[Window], str]) -> tuple[str, str]:
        return pick(b), pick(a)

    def rate(r: Rate) -> str:
        return rate_text(r.part, r.whole)

    estimate = SOURCE_NAMES["estimate"]
    rows: list[tuple[str, ...]] = [
        (_("Days compared"), *both(_window_text)),
        (_("Sessions held"), *both(lambda w: str(w.sessions_held))),
        (_("Visits"), *both(lambda w: str(w.visits))),
        (_(estimate), *both(lambda w: str(w.estimated))),
        (_("Different people"), *both(lambda w: str(w.people))),
        (_("First-timers"), *both(lambda w: str(w.first_timers))),
        (_("Return rate"), *both(lambda w: rate(w.return_rate))),
    ]
    if effect.barrier_label:
        label = _("Exit cards naming “{barrier}”").format(barrier=effect.barrier_label)
        rows.append((label, *both(lambda w: rate(w.barrier_rate))))
    return TextTable(
        intervention_caption(effect, names), (_("What"), _("Before the change"), _("After the change")), tuple(rows)
    )
