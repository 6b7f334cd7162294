"""lesson_import: import a folder of 200 lesson files into a fresh library, against reading the same
files and YAML-parsing their front matter (the floor), in the same run.

Target: ratio <= 3.0 (medians). A second figure checks the same files without storing them
(``onramp lessons check``), to show how the import's time splits between reading and storing:
storing writes each lesson's text four times (lesson, first version, and their sync outbox entries).
A third figure, for context, sets the check beside markdown-it's own block parse of the same files
(a plain CommonMark parser, no plugins) plus the front matter: the part of the check that is the
Markdown library's, which our own code cannot make faster.
"""

from __future__ import annotations

import re
import statistics
import tempfile
from pathlib import Path

import yaml

from benchmarks.harness import Figure, median_time

FILES = 200
ROUNDS = 5
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def make_folder(folder: Path, count: int = FILES) -> list[Path]:
    """``count`` lesson files made from the starter lessons, each with its own id."""
    from desktop.paths import bundled_lessons_dir

    sources = sorted(p for p in bundled_lessons_dir().rglob("*.md") if p.name.lower() != "readme.md")
    written = []
    for i in range(count):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        text = re.sub(r"^id: .*$", f"id: bench-lesson-{i:03d}", text, count=1, flags=re.M)
        path = folder / f"{i:03d}-lesson.md"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def read_and_parse_yaml(files: list[Path]) -> int:
    """The floor: what any importer must do — read each file, parse its front matter."""
    titles = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        _, front, _body = text.split("---\n", 2)
        titles += bool(yaml.load(front, Loader=_Loader).get("title"))
    return titles


def read_yaml_and_markdown_blocks(files: list[Path]) -> int:
    """The floor plus a plain markdown-it CommonMark block parse of each body."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    blocks = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        yaml.load(front, Loader=_Loader)
        tokens: list = []
        md.block.parse(body, md, {}, tokens)
        blocks += len(tokens)
    return blocks


def run() -> list[Figure]:
    from desktop.lessons.library import import_paths
    from desktop.lessons.parse import parse_file
    from desktop.models import open_database

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "lessons"
        folder.mkdir()
        files = make_folder(folder)
        counter = iter(range(1000))

        def import_once() -> None:
            db = open_database(root / f"db-{next(counter)}" / "onramp.sqlite3")
            try:
                start = _now()
                with db.transaction() as session:
                    report = import_paths(session, [folder])
                _timings.append(_now() - start)
                assert len(report.added) == FILES, report
            finally:
                db.close()

        _timings: list[float] = []
        floors: list[float] = []
        checks: list[float] = []
        markdown: list[float] = []
        # Interleaved, so a busy machine slows ours and the floor alike.
        for _ in range(ROUNDS + 1):
            import_once()  # opening a new database each time is not part of the figure
            floors.append(median_time(lambda: read_and_parse_yaml(files), repeat=1, warmup=0))
            checks.append(median_time(lambda: [parse_file(p) for p in files], repeat=1, warmup=0))
            markdown.append(median_time(lambda: read_yaml_and_markdown_blocks(files), repeat=1, warmup=0))
        ours, floor, check, library = (statistics.median(t[1:]) for t in (_timings, floors, checks, markdown))
    ratio = ours / floor
    return [
        Figure(
            f"check {FILES} lesson files (no storing)",
            check * 1000,
            "ms",
            "reading the same files and YAML-parsing their front matter",
            floor * 1000,
            "ratio <= 3.0",
            check / floor <= 3.0,
        ),
        Figure(
            f"import {FILES} lesson files",
            ours * 1000,
            "ms",
            "reading the same files and YAML-parsing their front matter",
            floor * 1000,
            "ratio <= 3.0",
            ratio <= 3.0,
        ),
        Figure(
            f"check {FILES} lesson files, beside markdown-it's own parse (context)",
            check * 1000,
            "ms",
            "reading the same files, YAML front matter and a plain markdown-it CommonMark block parse",
            library * 1000,
            "",
            None,
        ),
    ]


def _now() -> float:
    import time

    return time.perf_counter()
