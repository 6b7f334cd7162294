"""``onramp-hub``: run the hub and administer it.

onramp-hub serve                      # SQLite in the hub's data folder, no setup
onramp-hub --database-url postgresql://user@host/onramp serve --workers 4
onramp-hub org create "Eastside Chapter"
onramp-hub enrol-code --org "Eastside Chapter"
onramp-hub devices --org "Eastside Chapter"
onramp-hub revoke 3f2a9c1e --org "Eastside Chapter"
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

    migrate = sub.add_parser("migrate", help="bring the database schema up to date and exit")
    migrate.set_defaults(handler=_migrate)

    openapi = sub.add_parser("openapi", help="print the OpenAPI description of the API")
    openapi.set_defaults(handler=_openapi)
    return parser


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
        print(str(exc), file=sys.stderr)
        return 1
    except OperationalError as exc:
        print(f"The hub's database cannot be reached: {exc.orig}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
