"""Keeping the translation catalogs up to date (``make translations``). Needs Babel (a dev tool).

Each feature has its own catalog, so features are translated independently;
``CATALOGS`` says which source files feed which catalog. ``update`` extracts
the strings, merges them into ``locale/<lang>/LC_MESSAGES/<catalog>.po`` and
compiles the ``.mo`` files the app loads.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent  # the desktop package
LOCALE = ROOT / "locale"
TARGET_LANGUAGES = ("es",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "translate_in": (2,), "ngettext_in": (2, 3), "nt": (1, 2)}

# catalog name -> globs relative to the desktop package ("../" for the rest of the repository)
CATALOGS: dict[str, tuple[str, ...]] = {
    "handouts": ("handouts/*.py", "ui/handouts/*.py"),
    "core": ("*.py", "models/*.py", "reports/*.py", "ui/*.py", "ui/today/*.py", "ui/reports/*.py"),
    "lessons": ("lessons/*.py", "ui/lessons/*.py", "commons/*.py"),
    "signin": ("signin/*.py", "sessions/*.py", "ui/signin/*.py", "ui/signin/kiosk/*.py", "ui/sessions/*.py"),
    "about": ("about/*.py",),
    "pairing": ("pairing/*.py", "ui/pairing/*.py"),
    "sync": ("sync/*.py", "ui/sync/*.py"),
    # The hub's web pages: their routes, page data, templates, and the account messages they show.
    "hub": ("../hub/web/**/*.py", "../hub/boards/*.py", "../hub/accounts.py", "../hub/web/templates/*.html"),
}
# How strings are found in files that are not Python: Jinja2 templates by Jinja2's own Babel extractor.
EXTRACTORS = {".py": "python", ".html": "jinja2.ext:babel_extract"}


def catalog_files(name: str) -> list[Path]:
    files: set[Path] = set()
    for pattern in CATALOGS[name]:
        base, glob = ROOT, pattern
        while glob.startswith("../"):
            base, glob = base.parent, glob[3:]
        files.update(p for p in base.glob(glob) if p.name != "i18n_tools.py")
    return sorted(files)


def extract(name: str) -> dict[str, tuple[str, list[tuple[str, int]]]]:
    """msgid -> (plural or "", locations)."""
    from babel.messages.extract import extract_from_file

    found: dict[str, tuple[str, list[tuple[str, int]]]] = {}
    for path in catalog_files(name):
        method = EXTRACTORS[path.suffix]
        for lineno, message, _comments, _context in extract_from_file(method, str(path), keywords=KEYWORDS):
            msgid, plural = (message[0], message[1]) if isinstance(message, tuple) else (message, "")
            if not msgid:
                continue
            entry = found.setdefault(msgid, (plural, []))
            entry[1].append((str(path.relative_to(ROOT.parent)), lineno))
    return found


def po_path(language: str, name: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{name}.po"


def update(name: str, language: str) -> tuple[int, int]:
    """Merge extracted strings into the .po file and compile it. Returns (total, untranslated)."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po, write_po

    path = po_path(language, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        with path.open("rb") as fh:
            old = read_po(fh, locale=language)
    else:
        old = Catalog(locale=language)
    new = Catalog(locale=language, project="On-Ramp", domain=name, charset="utf-8")
    for msgid, (plural, locations) in extract(name).items():
        key = (msgid, plural) if plural else msgid
        new.add(key, _carried_over(old.get(msgid), bool(plural)), locations=locations)
    with path.open("wb") as fh:
        write_po(fh, new, width=100, sort_output=True)
    with path.with_suffix(".mo").open("wb") as fh:
        write_mo(fh, new)
    untranslated = sum(1 for m in new if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string))))
    return len(new), untranslated


def _carried_over(previous: Any, plural: bool) -> str | tuple[str, str]:
    """The translation a string keeps: when a string gains or loses its plural form, its old
    singular translation is kept and the form it lacks is left empty, for a translator to fill."""
    string = previous.string if previous is not None else ""
    if plural:
        if isinstance(string, tuple):
            return (string[0], string[1] if len(string) > 1 else "")
        return (string, "")
    return string[0] if isinstance(string, tuple) else string


def fill(name: str, language: str, table_path: Path) -> list[str]:
    """Set translations from a JSON object {msgid: msgstr or [singular, plural]}; returns what is still missing."""
    import json

    from babel.messages.pofile import read_po, write_po

    table = json.loads(table_path.read_text(encoding="utf-8"))
    path = po_path(language, name)
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    missing: list[str] = []
    for m in catalog:
        if not m.id:
            continue
        plural = isinstance(m.id, (list, tuple))  # as babel's Message.pluralizable
        key = m.id if isinstance(m.id, str) else m.id[0]
        if key in table:
            m.string = tuple(table[key]) if plural else table[key]
            m.flags.discard("fuzzy")
        elif not m.string or (isinstance(m.string, tuple) and not all(m.string)):
            missing.append(key)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_output=True)
    update(name, language)
    return missing


USAGE = """usage: python -m desktop.i18n_tools update
       python -m desktop.i18n_tools fill CATALOG LANGUAGE TABLE.json"""


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if args[:1] == ["fill"] and len(args) == 4:
        missing = fill(args[1], args[2], Path(args[3]))
        for msgid in missing:
            print(f"untranslated: {msgid!r}")
        return 0
    if args[:1] != ["update"]:
        print(USAGE, file=sys.stderr)
        return 2
    for language in TARGET_LANGUAGES:
        for name in CATALOGS:
            total, untranslated = update(name, language)
            print(f"{language}/{name}: {total} strings, {untranslated} untranslated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
