"""``onramp-hub``: run the hub and administer it.

onramp-hub serve                      # SQLite in the hub's data folder, no setup
onramp-hub --database-url postgresql://user@host/onramp serve --workers 4
onramp-hub org create "Eastside Chapter"
onramp-hub enrol-code --org "Eastside Chapter"
onramp-hub devices --org "Eastside Chapter"
onramp-hub revoke 3f2a9c1e --org "Eastside Chapter"
onramp-hub user create ana@example.org --role org_admin --org "Eastside Chapter"   # prints an invite link
onramp-hub chapter create --org "Eastside Chapter" "North" --venue 7c1e... --venue 9a2b...
onramp-hub funder create "City Fund" && onramp-hub funder opt-in --org "Eastside Chapter" --funder "City Fund"
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import timedelta


def build_parser() -> argparse.ArgumentParser:
    from hub.config import ENV_DATABASE_URL

    parser = argparse.ArgumentParser(prog="onramp-hub", description="The On-Ramp hub: laptops sync through it.")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help=f"SQLAlchemy URL of the hub's database (default: ${ENV_DATABASE_URL}, "
        "else a SQLite file in the hub's data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = sub.add_parser("serve", help="run the hub's HTTP service")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.add_argument("--max-body-mb", type=float, default=8.0, help="largest request accepted, in MB (default 8)")
    serve.add_argument("--proxy-headers", action="store_true", help="trust X-Forwarded-* from a proxy in front")
    serve.set_defaults(handler=_serve)

    org = sub.add_parser("org", help="organisations")
    org_sub = org.add_subparsers(dest="org_command", metavar="ACTION", required=True)
    create = org_sub.add_parser("create", help="create an organisation")
    create.add_argument("name")
    create.set_defaults(handler=_org_create)
    org_list = org_sub.add_parser("list", help="list organisations")
    org_list.set_defaults(handler=_org_list)
    publish = org_sub.add_parser(
        "publish-sessions", help="show (on) or stop showing (off) an organisation's sessions on the public /find page"
    )
    publish.add_argument("--org", required=True)
    publish.add_argument("state", choices=("on", "off"))
    publish.add_argument("--timezone", metavar="ZONE", help="the venues' time zone, e.g. Europe/London (needed once)")
    publish.set_defaults(handler=_org_publish_sessions, error_status=2)

    # The lesson commons: each ACTION adds its own parser to commons_sub.
    commons = sub.add_parser("commons", help="the lesson commons shared by every organisation")
    commons_sub = commons.add_subparsers(dest="commons_command", metavar="ACTION", required=True)
    commons_public = commons_sub.add_parser(
        "public", help="open the /commons pages to anyone (on) or to signed-in people only (off, the default)"
    )
    commons_public.add_argument("state", choices=("on", "off"))
    commons_public.set_defaults(handler=_commons_public)
    _commons_actions(commons_sub)

    code = sub.add_parser("enrol-code", help="make a single-use enrolment code for a laptop")
    code.add_argument("--org", required=True, help="the organisation the laptop will belong to")
    code.add_argument("--hours", type=float, default=24.0, help="how long the code stays valid (default 24)")
    code.set_defaults(handler=_enrol_code)

    devs = sub.add_parser("devices", help="list an organisation's laptops")
    devs.add_argument("--org", required=True)
    devs.set_defaults(handler=_devices)

    revoke = sub.add_parser("revoke", help="revoke a laptop's access (its data on the hub stays)")
    revoke.add_argument("device", help="the device id (see: onramp-hub devices), or its first 8+ characters")
    revoke.add_argument(
        "--org",
        help="the laptop's organisation; needed when the id (or prefix) is found in more than one",
    )
    revoke.set_defaults(handler=_revoke)

    _web_accounts(sub)

    migrate = sub.add_parser("migrate", help="bring the database schema up to date and exit")
    migrate.set_defaults(handler=_migrate)

    openapi = sub.add_parser("openapi", help="print the OpenAPI description of the API")
    openapi.set_defaults(handler=_openapi)
    return parser


ENV_PUBLIC_URL = "ONRAMP_HUB_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8765"


def _web_accounts(sub) -> None:
    """``user``, ``chapter`` and ``funder``: the people who sign in to the web pages and what they may see."""
    from hub.accounts_store import ROLES

    # A refusal from these is one plain line and exit status 2.
    user = sub.add_parser("user", help="accounts for the web pages")
    user_sub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    create = user_sub.add_parser("create", help="create an account and print its single-use invite link")
    create.add_argument("email")
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--org", help="the organisation (organisation admins and coordinators)")
    create.add_argument("--funder", help="the funder (funder accounts)")
    create.add_argument(
        "--chapter", action="append", default=[], metavar="NAME", help="a coordinator's chapter (repeat for more)"
    )
    create.add_argument("--name", default="", help="the person's name, as the pages greet them")
    create.add_argument("--language", default="en", choices=("en", "es"), help="the pages' language (default en)")
    _base_url_option(create)
    create.set_defaults(handler=_user_create, error_status=2)
    invite = user_sub.add_parser("invite", help="print a new single-use invite link (older links stop working)")
    invite.add_argument("email")
    _base_url_option(invite)
    invite.set_defaults(handler=_user_invite, error_status=2)
    for action, disabled, text in (
        ("disable", True, "stop an account logging in (ends its sessions)"),
        ("enable", False, "let a disabled account log in again"),
    ):
        toggle = user_sub.add_parser(action, help=text)
        toggle.add_argument("email")
        toggle.set_defaults(handler=_user_disable, disabled=disabled, error_status=2)
    listing = user_sub.add_parser("list", help="list accounts")
    listing.set_defaults(handler=_user_list, error_status=2)
    out = user_sub.add_parser("sign-out", help="end every session of an account")
    out.add_argument("email")
    out.set_defaults(handler=_user_sign_out, error_status=2)

    chapter = sub.add_parser("chapter", help="chapters: named groups of an organisation's venues")
    chapter_sub = chapter.add_subparsers(dest="chapter_command", metavar="ACTION", required=True)
    made = chapter_sub.add_parser("create", help="create a chapter")
    made.add_argument("--org", required=True)
    made.add_argument("name")
    made.add_argument("--venue", action="append", default=[], metavar="ID", help="a venue id (repeat for more)")
    made.set_defaults(handler=_chapter_create, error_status=2)

    funder = sub.add_parser("funder", help="funders and the organisations that let them see their aggregates")
    funder_sub = funder.add_subparsers(dest="funder_command", metavar="ACTION", required=True)
    fcreate = funder_sub.add_parser("create", help="create a funder")
    fcreate.add_argument("name")
    fcreate.set_defaults(handler=_funder_create, error_status=2)
    for action, opted_in, text in (
        ("opt-in", True, "let a funder see an organisation's aggregates"),
        ("opt-out", False, "stop a funder seeing an organisation's aggregates"),
    ):
        opt = funder_sub.add_parser(action, help=text)
        opt.add_argument("--org", required=True)
        opt.add_argument("--funder", required=True)
        opt.set_defaults(handler=_funder_opt, opted_in=opted_in, error_status=2)


def _base_url_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help=f"the hub's address as people reach it (default: ${ENV_PUBLIC_URL}, else {DEFAULT_PUBLIC_URL})",
    )


def _invite_link(args: argparse.Namespace, token: str) -> str:
    import os

    base = args.base_url or os.environ.get(ENV_PUBLIC_URL) or DEFAULT_PUBLIC_URL
    return f"{base.rstrip('/')}/invite/{token}"


def _user_create(args: argparse.Namespace) -> int:
    from hub import accounts

    _user_id, token = accounts.create_user(
        _engine(args),
        args.email,
        args.role,
        org=args.org,
        funder=args.funder,
        chapter_names=args.chapter,
        display_name=args.name,
        language=args.language,
    )
    print(_invite_link(args, token))
    print(
        f"Send this link to {accounts.normalise_email(args.email)} yourself: it works once, for 7 days.",
        file=sys.stderr,
    )
    return 0


def _user_invite(args: argparse.Namespace) -> int:
    from hub import accounts

    print(_invite_link(args, accounts.invite_again(_engine(args), args.email)))
    print("Any older link for this account stops working.", file=sys.stderr)
    return 0


def _user_disable(args: argparse.Namespace) -> int:
    from hub import accounts

    accounts.set_disabled(_engine(args), args.email, args.disabled)
    email = accounts.normalise_email(args.email)
    print(f"{email} can no longer log in." if args.disabled else f"{email} can log in again.")
    return 0


def _user_list(args: argparse.Namespace) -> int:
    from hub import accounts

    engine = _engine(args)
    found = accounts.list_users(engine)
    if not found:
        print("No accounts yet. Create one with: onramp-hub user create EMAIL --role hub_admin")
    for user in found:
        state = "disabled" if user.disabled else "active"
        print(f"{user.email}\t{user.role}  {state}{'  ' + user.display_name if user.display_name else ''}")
    return 0


def _user_sign_out(args: argparse.Namespace) -> int:
    from hub import accounts

    accounts.revoke_sessions(_engine(args), args.email)
    print(f"Every session of {accounts.normalise_email(args.email)} has ended.")
    return 0


def _chapter_create(args: argparse.Namespace) -> int:
    from hub import accounts

    accounts.create_chapter(_engine(args), args.org, args.name, args.venue)
    print(f"Chapter {args.name.strip()!r} created with {len({v.strip() for v in args.venue if v.strip()})} venue(s).")
    return 0


def _funder_create(args: argparse.Namespace) -> int:
    from hub import accounts

    accounts.create_funder(_engine(args), args.name)
    print(f"Funder {args.name.strip()!r} created.")
    return 0


def _funder_opt(args: argparse.Namespace) -> int:
    from hub import accounts

    accounts.set_funder_opt_in(_engine(args), args.org, args.funder, args.opted_in)
    verb = "now sees" if args.opted_in else "no longer sees"
    print(f"{args.funder.strip()!r} {verb} the aggregates of {args.org.strip()!r}.")
    return 0


def _engine(args: argparse.Namespace):
    from hub.config import database_url
    from hub.store import open_store

    return open_store(database_url(args.database_url))


def _serve(args: argparse.Namespace) -> int:
    import os

    import uvicorn

    from hub.app import create_app, wrap
    from hub.config import ENV_DATABASE_URL, Limits, database_url

    url = database_url(args.database_url)
    engine = _engine(args)  # migrates once, before any worker starts
    limits = Limits(max_body_bytes=int(args.max_body_mb * 1024 * 1024))
    print(
        f"On-Ramp hub on http://{args.host}:{args.port}  (database: {engine.url.render_as_string()})",
        flush=True,
    )
    if args.workers > 1:
        engine.dispose()
        os.environ[ENV_DATABASE_URL] = url
        os.environ["ONRAMP_HUB_MAX_BODY"] = str(limits.max_body_bytes)
        uvicorn.run(
            "hub.app:app_from_environment",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            proxy_headers=args.proxy_headers,
            log_level="warning",
        )
        return 0
    uvicorn.run(
        wrap(create_app(engine, limits), limits),
        host=args.host,
        port=args.port,
        proxy_headers=args.proxy_headers,
        log_level="warning",
    )
    return 0


def _org_create(args: argparse.Namespace) -> int:
    from hub import admin

    admin.create_org(_engine(args), args.name)
    print(
        f"Organisation {args.name.strip()!r} created. Next: onramp-hub enrol-code --org {json.dumps(args.name.strip())}"
    )
    return 0


def _org_publish_sessions(args: argparse.Namespace) -> int:
    from hub.find_store import set_publishing

    zone = set_publishing(_engine(args), args.org, args.state == "on", args.timezone)
    if zone is None:
        print(f"The sessions of {args.org.strip()!r} are no longer on the public page.")
    else:
        print(f"The upcoming sessions of {args.org.strip()!r} are on the public page /find (times in {zone}).")
    return 0


def _commons_public(args: argparse.Namespace) -> int:
    from hub.commons_public import set_commons_public

    set_commons_public(_engine(args), args.state == "on")
    if args.state == "on":
        print("The lesson commons (/commons) is open to anyone, signed in or not.")
    else:
        print("The lesson commons (/commons) is for signed-in people only.")
    return 0


def _commons_actions(commons_sub) -> None:
    """``commons consent``, ``commons receive`` and ``commons import``: an organisation's part in the commons."""
    for action, text in (
        ("consent", "let an organisation's laptops publish lessons to the commons (on) or stop them (off)"),
        ("receive", "give an organisation's laptops the commons' catalogue (on, the default) or not (off)"),
    ):
        setting = commons_sub.add_parser(action, help=text)
        setting.add_argument("--org", required=True)
        setting.add_argument("state", choices=("on", "off"))
        setting.set_defaults(handler=_commons_setting, error_status=2)
    imported = commons_sub.add_parser(
        "import", help="publish a whole Carpentries lesson (its folder, episodes folder or a zip of it), CC BY 4.0"
    )
    imported.add_argument("path", metavar="PATH|ZIP")
    imported.add_argument("--org", required=True, help="the organisation that publishes it")
    imported.add_argument(
        "--author",
        "--authors",
        dest="authors",
        action="append",
        default=[],
        metavar="NAME",
        help="an author to credit, instead of those the lesson names (repeat for more)",
    )
    imported.set_defaults(handler=_commons_import, error_status=2)


def _commons_setting(args: argparse.Namespace) -> int:
    from hub import commons

    on, org = args.state == "on", args.org.strip()
    if args.commons_command == "consent":
        commons.set_consent(_engine(args), org, on)
        print(
            f"The laptops of {org!r} may now publish lessons to the commons."
            if on
            else f"The laptops of {org!r} can no longer publish to the commons; lessons already there stay."
        )
    else:
        commons.set_receiving(_engine(args), org, on)
        print(
            f"The laptops of {org!r} receive the commons at their next sync."
            if on
            else f"The laptops of {org!r} no longer receive the commons."
        )
    return 0


def _commons_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from hub.commons_import import import_lesson

    done = import_lesson(_engine(args), args.org, Path(args.path).expanduser(), args.authors)
    print(
        f"{done.title!r}: {done.added} episode(s) published to the commons for {args.org.strip()!r}"
        + (f", {done.unchanged} already there unchanged" if done.unchanged else "")
        + f"; CC BY 4.0, by {', '.join(done.authors)}."
    )
    return 0


def _org_list(args: argparse.Namespace) -> int:
    from hub import admin

    found = admin.list_orgs(_engine(args))
    if not found:
        print("No organisations yet. Create one with: onramp-hub org create NAME")
    for name, n in found:
        print(f"{name}  ({n} device{'s' if n != 1 else ''})")
    return 0


def _enrol_code(args: argparse.Namespace) -> int:
    from hub import admin

    if not 0 < args.hours <= 24 * 30:
        raise admin.AdminError("A code can be valid for up to 30 days (720 hours).")
    code, expires = admin.make_enrol_code(_engine(args), args.org, timedelta(hours=args.hours))
    print(code)
    print(
        f"Single use; valid until {expires:%Y-%m-%d %H:%M} UTC. On the laptop: onramp enrol HUB_URL {code}",
        file=sys.stderr,
    )
    return 0


def _devices(args: argparse.Namespace) -> int:
    from hub import admin

    found = admin.list_devices(_engine(args), args.org)
    if not found:
        print("No laptops enrolled yet.")
        return 0
    # The full id leads each line, alone before a tab: easy to select and copy into `revoke`.
    for d in found:
        state = f"revoked {d.revoked_at:%Y-%m-%d}" if d.revoked_at else "active"
        seen = f"last seen {d.last_seen_at:%Y-%m-%d %H:%M}" if d.last_seen_at else "never synced"
        line = f"{d.device_id}\t{d.name or '-'}  enrolled {d.created_at:%Y-%m-%d}  {seen}  {state}"
        print(line)
    print(
        f"To revoke one: onramp-hub revoke DEVICE_ID --org {json.dumps(args.org.strip())}",
        file=sys.stderr,
    )
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from hub import admin

    done = admin.revoke(_engine(args), args.device, args.org)
    if done.tokens:
        print(
            f"Revoked {done.device_id} of {done.organisation!r}. Its changes stay on the hub; "
            "it needs a new enrolment code to sync again."
        )
    else:
        print(f"{done.device_id} of {done.organisation!r} was already revoked.")
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from hub.store import HEAD

    _engine(args)
    print(f"Hub database is at schema {HEAD}.")
    return 0


def _openapi(args: argparse.Namespace) -> int:
    from sqlalchemy import create_engine

    from hub.app import create_app

    print(json.dumps(create_app(create_engine("sqlite://")).openapi(), indent=2))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from sqlalchemy.exc import OperationalError

    from hub.admin import AdminError

    try:
        return int(args.handler(args) or 0)
    except AdminError as exc:
        print(" ".join(str(exc).split()), file=sys.stderr)
        return int(getattr(args, "error_status", 1))
    except OperationalError as exc:
        print(f"The hub's database cannot be reached: {exc.orig}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
