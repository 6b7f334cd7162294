"""``onramp about``: the version, and where On-Ramp keeps and finds its files."""

from __future__ import annotations

import argparse

from desktop.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    about = subparsers.add_parser("about", help=_("show the version and where On-Ramp keeps and finds its files"))
    about.add_argument("--json", action="store_true", help=_("print the same as JSON"))
    about.set_defaults(handler=_about)


def _about(args: argparse.Namespace) -> int:
    import json

    from desktop import settings as S
    from desktop.about import describe
    from desktop.i18n import set_language

    # In the language the host chose for the app, unless asked for another.
    set_language(args.language or S.Settings(args.data_dir).get(S.LANGUAGE))
    facts = describe(args.data_dir)
    if args.json:
        print(json.dumps(facts.as_dict(), indent=2, ensure_ascii=False))
        return 0
    for line in render(facts):
        print(line)
    return 0


def render(facts) -> list[str]:  # facts: desktop.about.Installation
    from desktop.i18n import LANGUAGES, ngettext

    kind = _("bundled app") if facts.bundled else _("Python install")
    database = facts.database if facts.database_exists else _("{path} (not created yet)").format(path=facts.database)

    def folder(f) -> str:
        if not f.found:
            return _("none found in {path}").format(path=f.path)
        return ngettext("{n} file in {path}", "{n} files in {path}", f.files).format(n=f.files, path=f.path)

    def lessons(f) -> str:
        if not f.found:
            return _("none found in {path}").format(path=f.path)
        return ngettext("{n} lesson in {path}", "{n} lessons in {path}", f.files).format(n=f.files, path=f.path)

    languages = ", ".join(LANGUAGES[code] for code, catalogs in facts.languages.items() if code == "en" or catalogs)
    rows = [
        (_("Data folder"), facts.data_dir),
        (_("Database"), database),
        (_("Starter lessons"), lessons(facts.lessons)),
        (_("Handout fonts"), folder(facts.handout_fonts)),
        (_("Languages"), languages),
    ]
    width = max(len(label) for label, _value in rows) + 2
    return [f"{facts.app} {facts.version} ({kind})"] + [f"{label + ':':<{width}}{value}" for label, value in rows]
