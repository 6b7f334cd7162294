"""``onramp report``: the filtered report as a printable PDF or as a CSV of every table.

onramp report --out FILE.pdf|FILE.csv [--period this-quarter|…] [--from DAY] [--to DAY]
              [--venue NAME_OR_ID]… [--taught-in CODE]… [--large-print] [--paper a4|letter] [--language es]
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.models import Database

PERIODS = ("this-month", "last-month", "this-quarter", "last-quarter", "this-year", "all-time")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "report",
        help=_("write the report (no personal names) as a PDF to print or a CSV of its tables"),
        description=_("The kind of file follows the name given to --out: .pdf or .csv."),
    )
    p.add_argument("--out", required=True, metavar="FILE", help=_("where to write it: a .pdf or a .csv file"))
    p.add_argument("--period", choices=PERIODS, default="all-time", help=_("the sessions' dates (default: all-time)"))
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help=_("the first day (instead of --period)"))
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help=_("the last day (instead of --period)"))
    p.add_argument(
        "--venue", action="append", default=[], metavar="NAME", help=_("only this venue (its name or id; repeatable)")
    )
    p.add_argument(
        "--taught-in", action="append", default=[], metavar="CODE", help=_("only sessions in this language, e.g. es")
    )
    p.add_argument("--large-print", action="store_true", help=_("large print: 18 pt and up, high contrast"))
    p.add_argument("--paper", choices=("a4", "letter"), help=_("paper size (default: from settings)"))
    p.set_defaults(handler=_report)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _report(args: argparse.Namespace) -> int:
    from desktop.cli import fail, with_database

    out = Path(args.out)
    if out.suffix.lower() not in (".pdf", ".csv"):
        return fail(_("Give a file name ending in .pdf or .csv."), 2)
    try:
        start, end = _day(args.start), _day(args.end)
    except ValueError:
        return fail(_("Write days as YYYY-MM-DD, for example 2026-03-01."), 2)
    args.dates = (start, end)
    return with_database(_write)(args)


def _write(args: argparse.Namespace, db: Database) -> int:
    from desktop.cli import fail, write_file
    from desktop.reports.choices import filter_choices
    from desktop.reports.filters import Preset, ReportFilter
    from desktop.reports.tables import collect, csv_bytes

    out = Path(args.out)
    with db.session() as s:
        choices = filter_choices(s)
        venue_ids = []
        for wanted in args.venue:
            found = [i for i, name in choices.venues if wanted in (i, name) or wanted.casefold() == name.casefold()]
            if not found:
                known = ", ".join(name for _i, name in choices.venues) or _("none yet")
                return fail(_("No venue called {name}. Venues: {known}").format(name=wanted, known=known), 2)
            venue_ids += found
        start, end = args.dates
        if start or end:
            report_filter = ReportFilter(start, end, tuple(venue_ids), (), tuple(args.taught_in))
        else:
            preset = Preset(args.period.replace("-", "_"))
            report_filter = ReportFilter.preset(preset, date.today(), venue_ids=venue_ids, languages=args.taught_in)
        data = collect(s, report_filter)
    if out.suffix.lower() == ".csv":
        body = csv_bytes(data)
    else:
        from desktop.handouts.layout import Options
        from desktop.i18n import current_language
        from desktop.reports.printable import report_pdf

        body = report_pdf(data, Options(_paper(args), args.large_print, current_language()), made_on=date.today())
    if (code := write_file(out, body)) is not None:
        return code
    if data.empty:  # still written: an empty period is an answer, but the host should hear it at once
        print(data.note(), file=sys.stderr)
    print(_("Wrote {path}: {sessions}").format(path=out, sessions=data.filter_words))
    return 0


def _paper(args: argparse.Namespace) -> str:
    if args.paper:
        return str(args.paper)
    from desktop.settings import PAPER_SIZE, Settings

    return str(Settings(args.data_dir).get(PAPER_SIZE))
