"""``onramp enrol URL CODE`` and ``onramp sync``: sync from the command line."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from desktop.cli import fail, with_database
from desktop.i18n import _, ngettext

if TYPE_CHECKING:
    from desktop.models import Database


def register(subparsers: argparse._SubParsersAction) -> None:
    enrol = subparsers.add_parser("enrol", help=_("connect this laptop to a hub with an enrolment code"))
    enrol.add_argument("url", help=_("the hub's address, e.g. https://hub.example.org"))
    enrol.add_argument("code", help=_("the single-use enrolment code from your organiser"))
    enrol.add_argument("--name", default="", help=_("a name for this laptop, shown to the organiser"))
    enrol.set_defaults(handler=_enrol)

    sync = subparsers.add_parser("sync", help=_("send this laptop's changes to the hub and fetch everyone else's"))
    sync.set_defaults(handler=_sync)


@with_database
def _enrol(args: argparse.Namespace, db: Database) -> int:
    from desktop.sync.client import HubError
    from desktop.sync.engine import enrol

    try:
        organisation = enrol(db, args.url, args.code, args.name)
    except ValueError as exc:
        return fail(str(exc))
    except HubError as exc:
        return fail(_("Enrolment failed: {error}").format(error=exc))
    print(
        _("This laptop is now enrolled with {organisation}. Run `onramp sync` to sync now.").format(
            organisation=organisation
        )
    )
    return 0


@with_database
def _sync(args: argparse.Namespace, db: Database) -> int:
    from desktop.sync.client import HubError, NotEnrolled
    from desktop.sync.engine import NotEnrolledYet, overview, sync_once

    try:
        report = sync_once(db)
        with db.transaction() as session:
            state = overview(session)
    except NotEnrolledYet as exc:
        return fail(str(exc) + " " + _("Enrol it with: onramp enrol HUB_URL CODE"), 2)
    except NotEnrolled as exc:
        return fail(_("The hub refused this laptop: {error} Your changes are kept here.").format(error=exc), 3)
    except HubError as exc:
        return fail(_("Sync failed: {error} Your changes are kept here; try again later.").format(error=exc))
    if report.new_identity:
        print(_("This database was copied or restored, so this laptop now syncs under a new identity."))
    print(report.summary())
    if state.rejected:
        print(
            ngettext(
                "{n} change was refused by the hub; see the Sync page for the reason.",
                "{n} changes were refused by the hub; see the Sync page for the reasons.",
                len(state.rejected),
            ).format(n=len(state.rejected))
        )
    if state.open_conflicts:
        print(
            ngettext(
                "{n} field was changed two ways and needs a person to choose.",
                "{n} fields were changed two ways and need a person to choose.",
                state.open_conflicts,
            ).format(n=state.open_conflicts)
        )
    return 0
