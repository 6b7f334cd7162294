"""The one timing plan a host copy shows.

When the author wrote their own timings (a table whose first column is the
minutes, "0–10 | Welcome"), those are the plan: the author knows where the
time goes. Otherwise the plan is computed: the lesson's teaching minutes
shared among its parts by length, its exercise minutes among its challenges.
Never both, so the host never sees two tables that disagree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from desktop.lessons.document import Block, Div, LessonDoc, Markdown

# First-column headers that mark a table as the author's timings.
_MINUTE_HEADERS = ("minutes", "minute", "mins", "min", "minutos", "minuto", "time", "tiempo", "when", "cuando")
# "0–10", "10 - 25 min", "0:45–1:00"
_RANGE = re.compile(r"^\s*(\d{1,3}(?::\d\d)?)\s*(?:–|—|-|to|a)\s*(\d{1,3}(?::\d\d)?)\s*(?:min\w*\.?)?\s*$", re.I)


@dataclass(frozen=True)
class Slot:
    """One row of the plan: minutes from the start of the session."""

    label: str  # "" for a computed part without a heading: the writer names it
    start: float
    end: float

    @property
    def minutes(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class PartSize:
    """How much of the lesson one part is, for sharing out the minutes."""

    title: str
    chars: int
    challenges: int


@dataclass(frozen=True)
class TimingPlan:
    by_author: bool
    slots: tuple[Slot, ...]  # empty: the lesson gives no minutes at all
    teaching: int = 0
    exercises: int = 0


def timing_plan(doc: LessonDoc, parts: Sequence[PartSize]) -> TimingPlan:
    """The author's own timings when the lesson has them, otherwise the computed ones."""
    own = author_timings(doc)
    if own:
        return TimingPlan(True, own)
    teaching, exercises = max(0, doc.meta.teaching), max(0, doc.meta.exercises)
    return TimingPlan(False, computed_slots(teaching, exercises, parts), teaching, exercises)


def computed_slots(teaching: int, exercises: int, parts: Sequence[PartSize]) -> tuple[Slot, ...]:
    """Teaching minutes shared by length, exercise minutes by challenges (all to the last part if none),
    in whole minutes that add up to the lesson's: a part is printed as "About 4 min", never "0 min",
    while the lesson has at least a minute for each part."""
    if not parts or not (teaching or exercises):
        return ()
    total_chars = sum(p.chars for p in parts) or 1
    total_challenges = sum(p.challenges for p in parts)
    shares: list[float] = []
    for n, part in enumerate(parts, start=1):
        minutes = teaching * part.chars / total_chars
        if total_challenges:
            minutes += exercises * part.challenges / total_challenges
        elif n == len(parts):
            minutes += exercises
        shares.append(minutes)
    slots: list[Slot] = []
    clock = 0
    for part, minutes in zip(parts, whole_minutes(shares, teaching + exercises), strict=True):
        slots.append(Slot(part.title, clock, clock + minutes))
        clock += minutes
    return tuple(slots)


def whole_minutes(shares: Sequence[float], total: int) -> list[int]:
    """``shares`` as whole minutes adding up to ``total``, by the largest remainders (so rounding each
    part alone can neither lose nor add minutes); then a part left at 0 takes one from the longest,
    while there are minutes enough for one each."""
    scale = total / (sum(shares) or 1)
    exact = [share * scale for share in shares]
    whole = [int(x) for x in exact]
    by_remainder = sorted(range(len(shares)), key=lambda i: exact[i] - whole[i], reverse=True)
    for i in by_remainder[: total - sum(whole)]:
        whole[i] += 1
    if total >= len(whole):
        for i in [i for i, w in enumerate(whole) if w == 0]:
            whole[max(range(len(whole)), key=whole.__getitem__)] -= 1
            whole[i] = 1
    return whole


def author_timings(doc: LessonDoc) -> tuple[Slot, ...]:
    """The first table in the lesson (host notes included) that lists minutes and what happens."""
    for header, rows in _tables(doc.body):
        if not header or _folded(header[0]) not in _MINUTE_HEADERS or not rows:
            continue
        slots = []
        for row in rows:
            found = _RANGE.match(row[0]) if row else None
            if found is None:
                break
            label = " · ".join(cell for cell in row[1:] if cell)
            slots.append(Slot(_plain(label), _minutes(found.group(1)), _minutes(found.group(2))))
        else:
            return tuple(slots)
    return ()


def _tables(blocks: Sequence[Block]) -> Iterator[tuple[list[str], list[list[str]]]]:
    """(header cells, body rows) of every Markdown table, in document order."""
    from desktop.lessons.markdown import lesson_markdown

    for block in blocks:
        if isinstance(block, Div):
            yield from _tables(block.children)
        elif isinstance(block, Markdown):
            header: list[str] = []
            rows: list[list[str]] = []
            in_table = in_head = False
            for tok in lesson_markdown().parse(block.text):
                if tok.type in ("table_open", "table_close"):
                    if tok.type == "table_close":
                        yield header, rows
                    header, rows, in_table = [], [], tok.type == "table_open"
                elif tok.type in ("thead_open", "thead_close"):
                    in_head = tok.type == "thead_open"
                elif tok.type == "tr_open" and in_table and not in_head:
                    rows.append([])
                elif tok.type == "inline" and in_table:
                    (header if in_head else rows[-1]).append(tok.content.strip())


def _minutes(text: str) -> float:
    if ":" in text:
        hours, minutes = text.split(":")
        return int(hours) * 60 + int(minutes)
    return float(text)


def _plain(markdown: str) -> str:
    """A table cell without its Markdown marks: links keep their text."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"(\*\*|__|`)", "", text).strip()


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", _plain(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()
