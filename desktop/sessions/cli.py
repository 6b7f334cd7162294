"""``onramp sessions list``: the sessions on this laptop, with the ids other commands take.

Sessions under way or to come first (soonest at the top), then past ones (most recent first), the
order of the Sessions page; the one ``--session latest`` means is marked.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from desktop.cli import with_database
from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.models import Database

LATEST_MARK = "*"


def register(subparsers: argparse._SubParsersAction) -> None:
    sessions = subparsers.add_parser("sessions", help=_("the sessions on this laptop"))
    actions = sessions.add_subparsers(dest="sessions_command", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list",
        help=_("print each session's id, time, status, venue and title"),
        description=_("The session marked {mark} is the one `--session latest` means.").format(mark=LATEST_MARK),
    )
    listing.set_defaults(handler=_list)


@with_database
def _list(args: argparse.Namespace, db: Database) -> int:
    from desktop.sessions.planning import latest_session, list_sessions
    from desktop.sessions.wording import STATUS_LABELS

    with db.session() as s:
        rows = list_sessions(s)
        latest = latest_session(s)
    if not rows:
        print(_("No sessions yet. Plan one on the Sessions page of the app."))
        return 0
    table = [("", _("ID"), _("WHEN"), _("STATUS"), _("VENUE"), _("TITLE"))]
    for r in rows:
        mark = LATEST_MARK if latest is not None and r.id == latest.id else ""
        status = _(STATUS_LABELS.get(r.status, r.status))
        table.append((mark, r.id, f"{r.starts_at:%Y-%m-%d %H:%M}", status, r.venue, r.title))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]) - 1)]
    for row in table:
        print("  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]]).rstrip())
    if latest is not None:
        print()
        print(_("{mark} the latest session: the one `--session latest` means.").format(mark=LATEST_MARK))
    return 0
