"""A lesson as a form: the fields a host fills in, read from and written back to the lesson's Markdown.

A host who has never seen Markdown edits the title, level, language, timings, objectives,
steps (a heading and its text), challenges (with solution and hints), host notes and
materials. The Markdown stays the one truth: ``form_from_markdown`` reads it with the
product's one parser (``desktop.lessons.markdown``, checked by ``parse_text``) and
``markdown_from_form`` writes it back in the lesson's own style (Workbench fenced divs or
the older ``{: .challenge}`` quotes).

Nothing the form does not model is lost: the writer starts from the text as it was read,
keeps every part whose fields did not change exactly as the author wrote it (unknown
front-matter keys, callouts, code, comments, the blank lines between), and writes only
the parts that changed. Text between the modelled blocks (callouts, code, a discussion)
belongs to the step it follows, as written.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from markdown_it.token import Token

from desktop.lessons.document import FRONT_MATTER_LISTS
from desktop.lessons.markdown import CODE_CLASS, DIV_OPEN, QUOTED, lesson_block_tokens, matching_closes
from desktop.lessons.parse import parse_text
from desktop.lessons.write import write_text

WORKBENCH, OLD = "workbench", "old"  # the two Carpentries styles a lesson can be written in

_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Step:
    """A part of the lesson: its heading ("" for text before the first heading or after a
    challenge) and its text, as Markdown in the lesson's style."""

    heading: str = ""
    body: str = ""
    origin: int | None = field(default=None, compare=False, repr=False)  # where it was read from


@dataclass
class Challenge:
    title: str = ""
    body: str = ""
    solution: str = ""
    hints: list[str] = field(default_factory=list)
    origin: int | None = field(default=None, compare=False, repr=False)


@dataclass
class HostNote:
    """Notes for the host only (an ``instructor`` block), left out of the learners' copy."""

    text: str = ""
    origin: int | None = field(default=None, compare=False, repr=False)


@dataclass
class _Piece:
    """A modelled part of the body as it was read: its place, its source lines and its fields."""

    kind: str  # "step", "challenge", "note", or one of FRONT_MATTER_LISTS
    lead: list[str]  # the blank lines before it
    lines: list[str]  # its source, as written
    item: Any  # what the form read from it (a copy), to tell whether it changed
    parts: dict[str, Any] = field(default_factory=dict)  # sources of its parts, to keep those unchanged


@dataclass
class _Source:
    front: list[str]  # the front matter's YAML lines, without the --- lines
    key_lines: dict[str, tuple[int, int]]  # each top-level key's lines in ``front``
    values: dict[str, Any]  # the modelled front-matter values as read
    pieces: list[_Piece]
    tail: list[str]  # what follows the last piece (the final newline)
    step_level: int  # the heading level that starts a step
    lists_in_front: frozenset[str]  # objectives, questions, keypoints read from the front matter


@dataclass
class LessonForm:
    title: str
    level: str = "beginner"
    language: str = "en"
    teaching: int = 0  # minutes
    exercises: int = 0  # minutes
    objectives: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    keypoints: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    challenges: list[Challenge] = field(default_factory=list)
    notes: list[HostNote] = field(default_factory=list)
    materials: list[str] = field(default_factory=list)
    style: str = field(default=WORKBENCH, compare=False)
    source: _Source | None = field(default=None, compare=False, repr=False)


_ITEM_KINDS = ("step", "challenge", "note")
_FRONT_KEYS = ("title", "teaching", "exercises", "level", "language", "materials")


# Reading ---------------------------------------------------------------------------


@dataclass
class _Unit:
    """A top-level block of a view: lines [start, end) and what it is."""

    start: int
    end: int
    kind: str  # "heading", "div" or "other"
    index: int = -1  # its opening token
    level: int = 0
    title: str = ""


View = tuple[int, list[str]]  # (number of the first line, lines), as parse.py reads a div's inside


def _slice(view: View, start: int, end: int) -> list[str]:
    offset, lines = view
    return lines[start - offset : end - offset]


def form_from_markdown(text: str) -> LessonForm:
    """The form of a lesson. Raises ``LessonError`` (with its line) when the text is not a lesson."""
    doc = parse_text(text)  # the checks and the messages are the reader's
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    tokens = lesson_block_tokens(text)
    closes = matching_closes(tokens)
    lines = text.split("\n")
    front_token = tokens[0]
    assert front_token.map is not None
    front_end = front_token.map[1]
    view: View = (0, lines)
    units = _units(tokens, closes, 1, len(tokens), view, front_end, len(lines))
    style = _style_of(tokens, doc.meta.extra)
    headings = [u.level for u in units if u.kind == "heading"]
    step_level = min(headings, default=2)

    meta = doc.meta
    form = LessonForm(
        title=meta.title,
        level=meta.level,
        language=meta.language,
        teaching=meta.teaching,
        exercises=meta.exercises,
        materials=list(meta.materials),
        style=style,
    )
    in_front: set[str] = set()
    pieces: list[_Piece] = []
    reader = _Reader(tokens, closes, style)
    previous_end = front_end
    step_units: list[_Unit] = []
    step_lead: list[str] = []

    def end_step() -> None:
        if step_units:
            pieces.append(reader.step(step_lead, step_units, view))
            step_units.clear()

    for unit in units:
        lead = lines[previous_end : unit.start]
        previous_end = unit.end
        piece = None
        if unit.kind == "div":
            kind = tokens[unit.index].meta["kind"]
            if kind == "challenge":
                piece = reader.challenge(lead, unit, view)
            elif kind == "instructor":
                piece = reader.note(lead, unit, view)
            elif kind in FRONT_MATTER_LISTS and not any(p.kind == kind for p in pieces):
                piece = reader.listed(lead, unit, view, kind)
        if piece is not None:
            end_step()
            pieces.append(piece)
            continue
        if (unit.kind == "heading" and unit.level <= step_level) or not step_units:
            end_step()
            step_lead = lead
        step_units.append(unit)
    end_step()

    for kind in FRONT_MATTER_LISTS:
        listed = [p.item for p in pieces if p.kind == kind]
        if listed:
            setattr(form, kind, list(listed[0]))
        elif kind in meta.extra:
            setattr(form, kind, _front_list(meta.extra[kind]))
            in_front.add(kind)
    for n, piece in enumerate(pieces):
        if piece.kind in _ITEM_KINDS:
            item = copy.deepcopy(piece.item)
            item.origin = n
            lists: dict[str, list[Any]] = {"step": form.steps, "challenge": form.challenges, "note": form.notes}
            lists[piece.kind].append(item)

    front_lines = lines[1 : front_end - 1]
    form.source = _Source(
        front=front_lines,
        key_lines=_key_lines(front_lines),
        values=_front_values(form),
        pieces=pieces,
        tail=lines[previous_end:],
        step_level=step_level,
        lists_in_front=frozenset(in_front),
    )
    return form


def _style_of(tokens: list[Token], extra: dict[str, Any]) -> str:
    """Old style when any block is a quote with a class or code has a class line, or the
    front matter lists the objectives; otherwise Workbench."""
    for tok in tokens:
        if tok.type == DIV_OPEN and tok.meta.get("style") == QUOTED:
            return OLD
        if tok.type == "fence" and (tok.meta or {}).get(CODE_CLASS) is not None:
            return OLD
    return OLD if any(key in extra for key in FRONT_MATTER_LISTS) else WORKBENCH


def _front_list(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [" ".join(str(item).split()) for item in items if item is not None and str(item).strip()]


def _units(
    tokens: list[Token], closes: list[int], start: int, end: int, view: View, first: int, last: int
) -> list[_Unit]:
    """The blocks of tokens ``start`` to ``end`` at one level, over lines ``first`` to ``last``.
    Lines no token covers (link definitions, stray text) become blocks of their own, so every
    line that is not blank belongs to one."""
    found: list[_Unit] = []
    i = start
    while i < end:
        tok = tokens[i]
        following = closes[i] + 1
        if tok.map is not None:
            begin, stop = tok.map
            if tok.type == "fence" and (tok.meta or {}).get(CODE_CLASS) is not None:
                stop += 1  # the `{: .language-bash}` line belongs to its code
            while stop > begin + 1 and not _slice(view, stop - 1, stop)[0].strip():
                stop -= 1  # a list's blank lines after it separate it from the next block
            if tok.type == DIV_OPEN:
                found.append(_Unit(begin, stop, "div", i))
            elif tok.type == "heading_open":
                title = tokens[i + 1].content if i + 1 < len(tokens) else ""
                found.append(_Unit(begin, stop, "heading", i, int(tok.tag[1:]), " ".join(title.split())))
            else:
                found.append(_Unit(begin, stop, "other", i))
        i = following
    # The lines between blocks that are not blank, each run a block of its own.
    out: list[_Unit] = []
    line = first
    for unit in [*found, _Unit(last, last, "end")]:
        run_start = None
        for n in range(line, unit.start):
            if _slice(view, n, n + 1)[0].strip():
                run_start = n if run_start is None else run_start
                run_end = n + 1
            elif run_start is not None:
                out.append(_Unit(run_start, run_end, "other"))
                run_start = None
        if run_start is not None:
            out.append(_Unit(run_start, run_end, "other"))
        if unit.kind != "end":
            out.append(unit)
            line = max(line, unit.end)
    return out


class _Reader:
    """Fields from the blocks of a lesson, with the sources of their parts."""

    def __init__(self, tokens: list[Token], closes: list[int], style: str) -> None:
        self.tokens = tokens
        self.closes = closes
        self.style = style

    def inside(self, unit: _Unit, view: View) -> tuple[View, list[_Unit], list[str], list[str]]:
        """A div's inside: its view, its blocks, and its opening and closing lines."""
        meta = self.tokens[unit.index].meta
        first, last = meta["content"]
        inner: View = (first, meta["lines"]) if meta["style"] == QUOTED else view
        units = _units(self.tokens, self.closes, unit.index + 1, self.closes[unit.index], inner, first, last)
        opening = _slice(view, unit.start, first) if meta["style"] != QUOTED else []
        closing = _slice(view, last, unit.end)
        return inner, units, opening, closing

    def kind(self, unit: _Unit) -> str:
        return str(self.tokens[unit.index].meta["kind"]) if unit.kind == "div" else ""

    def step(self, lead: list[str], units: list[_Unit], view: View) -> _Piece:
        head = units[0] if units[0].kind == "heading" else None
        rest = units[1:] if head else units
        step = Step(head.title if head else "", _joined(view, rest))
        parts: dict[str, Any] = {"level": head.level if head else 0}
        if head:
            parts["heading"] = _slice(view, head.start, head.end)
            parts["gap"] = _slice(view, head.end, rest[0].start) if rest else [""]
        parts["body"] = _slice(view, rest[0].start, rest[-1].end) if rest else []
        return _Piece("step", lead, _slice(view, units[0].start, units[-1].end), step, parts)

    def challenge(self, lead: list[str], unit: _Unit, view: View) -> _Piece:
        """A challenge, and its source as items in their order (title, runs of text, hints,
        solution), each with the lines before it, as written: an edit rewrites only its item.

        Its text ("body") is every run of text between its title, hints and solution (a second
        solution, a callout, code), joined; each run keeps its own place when written back."""
        inner, units, opening, closing = self.inside(unit, view)
        first, last = self.tokens[unit.index].meta["content"]
        challenge = Challenge()
        parts: dict[str, Any] = {"opening": opening, "closing": closing, "hint_headings": []}
        items: list[tuple[list[str], str, dict[str, Any]]] = []  # (lines before it, kind, its source)
        runs: list[list[_Unit]] = []
        grouped: list[tuple[str, list[_Unit]]] = []
        for n, part in enumerate(units):
            kind = self.kind(part)
            if n == 0 and part.kind == "heading":
                grouped.append(("title", [part]))
            elif kind == "solution" and not any(k == "solution" for k, _u in grouped):
                grouped.append(("solution", [part]))
            elif kind == "hint":
                grouped.append(("hint", [part]))
            elif grouped and grouped[-1][0] == "run":
                grouped[-1][1].append(part)
            else:  # a second solution, a callout, code: the challenge's text, as written
                grouped.append(("run", [part]))
        previous = first
        for kind, group in grouped:
            start, end = group[0].start, group[-1].end
            source: dict[str, Any] = {"raw": _slice(view, start, end)}
            if kind == "title":
                challenge.title = group[0].title
                parts["title"] = _slice(inner, start, end)
                parts["level"] = group[0].level
            elif kind == "run":
                runs.append(group)
                source["inner"] = _slice(inner, start, end)
            else:
                heading, text, source = self.sub(group[0], inner, view)
                if kind == "solution":
                    parts["solution_heading"], challenge.solution = heading, text
                else:
                    parts["hint_headings"].append(heading)
                    challenge.hints.append(text)
            items.append((_slice(view, previous, start), kind, source))
            previous = end
        parts["items"] = items
        parts["trailing"] = _slice(view, previous, last)
        parts["outer_opening"] = _slice(view, unit.start, first)
        parts["outer_closing"] = _slice(view, last, unit.end)
        challenge.body = "\n\n".join(_joined(inner, run) for run in runs)
        return _Piece("challenge", lead, _slice(view, unit.start, unit.end), challenge, parts)

    def sub(self, unit: _Unit, view: View, file: View) -> tuple[list[str], str, dict[str, Any]]:
        """A solution's or hint's heading lines, its text, and its source: the lines before its
        text, the text (as written and as read) and the lines after it."""
        inner, units, _opening, _closing = self.inside(unit, view)
        heading: list[str] = []
        if units and units[0].kind == "heading":
            heading = _slice(inner, units[0].start, units[0].end)
            units = units[1:]
        source: dict[str, Any] = {"raw": _slice(file, unit.start, unit.end)}
        if units:
            start, end = units[0].start, units[-1].end
            source.update(
                head=_slice(file, unit.start, start),
                text=_slice(file, start, end),
                inner=_slice(inner, start, end),
                foot=_slice(file, end, unit.end),
            )
        return heading, _joined(inner, units), source

    def note(self, lead: list[str], unit: _Unit, view: View) -> _Piece:
        inner, units, opening, closing = self.inside(unit, view)
        note = HostNote(_joined(inner, units))
        return _Piece("note", lead, _slice(view, unit.start, unit.end), note, {"opening": opening, "closing": closing})

    def listed(self, lead: list[str], unit: _Unit, view: View, kind: str) -> _Piece | None:
        """Objectives, questions or key points: a div holding one bullet list of plain items;
        anything else in it is not a list the form can show, and stays text."""
        _inner, units, opening, closing = self.inside(unit, view)
        if len(units) != 1 or self.tokens[units[0].index].type != "bullet_list_open":
            return None
        items: list[str] = []
        i = units[0].index + 1
        while i < self.closes[units[0].index]:
            tok = self.tokens[i]
            if tok.type == "list_item_open":
                inside = self.tokens[i + 1 : self.closes[i]]
                kinds = [t.type for t in inside]
                if kinds != ["paragraph_open", "inline", "paragraph_close"]:
                    return None
                items.append(" ".join(inside[1].content.split()))
            i = self.closes[i] + 1
        parts = {"opening": opening, "closing": closing}
        return _Piece(kind, lead, _slice(view, unit.start, unit.end), items, parts)


_Slot = tuple[list[str], str, int, "dict[str, Any] | None"]  # (lines before it, kind, number, its source)


def _slots(challenge: Challenge, was: Challenge, items: list[tuple[list[str], str, dict[str, Any]]]) -> list[_Slot]:
    """The parts of a challenge in the order they are written: those it was read with, where
    they were (``source`` set), then any it did not have: a title first, text after the title,
    hints after the last hint or before the solution, a solution last."""
    slots: list[_Slot] = []
    counts = {"title": 0, "run": 0, "hint": 0, "solution": 0}
    for gap, kind, source in items:
        slots.append((gap, kind, counts[kind], source))
        counts[kind] += 1
        if kind == "hint" and counts["hint"] == len(was.hints):  # hints added after the last one follow it
            slots.extend(([], "hint", n, None) for n in range(counts["hint"], len(challenge.hints)))
    kinds = [slot[1] for slot in slots]
    if not counts["title"]:
        slots.insert(0, ([], "title", 0, None))
        kinds.insert(0, "title")
    if not counts["run"]:
        slots.insert(1, ([], "run", 0, None))
        kinds.insert(1, "run")
    if not counts["hint"]:
        at = kinds.index("solution") if "solution" in kinds else len(slots)
        slots[at:at] = [([], "hint", n, None) for n in range(len(challenge.hints))]
    if not counts["solution"]:
        slots.append(([], "solution", 0, None))
    return slots


def _split_runs(runs: list[str], body: str) -> list[str]:
    """The text of a challenge's runs after the host edited ``body`` (the runs joined by a blank
    line): the runs it still starts and ends with are kept; what is between them replaces the
    runs it took the place of, written where the first of them was ("" drops a run)."""
    if not runs:
        return [body]
    if body == "\n\n".join(runs):
        return list(runs)
    n = len(runs)
    kept_first, start = 0, 0
    while kept_first < n - 1 and body.startswith(runs[kept_first] + "\n\n", start):
        start += len(runs[kept_first]) + 2
        kept_first += 1
    kept_last, end = 0, len(body)
    while kept_first + kept_last < n - 1:
        run = runs[n - 1 - kept_last]
        if not body.endswith("\n\n" + run, 0, end) or end - len(run) - 2 < start - 2:
            break
        end -= len(run) + 2
        kept_last += 1
    middle = body[start:end] if end > start else ""
    replaced = n - kept_first - kept_last
    return [*runs[:kept_first], middle, *[""] * (replaced - 1), *runs[n - kept_last :]]


def _joined(view: View, units: Sequence[_Unit]) -> str:
    return "\n".join(_slice(view, units[0].start, units[-1].end)) if units else ""


def _key_lines(front: list[str]) -> dict[str, tuple[int, int]]:
    """The lines of each top-level key of the front matter, from the parsed YAML's marks."""
    try:
        node = yaml.compose("\n".join(front), Loader=_Loader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    starts: list[tuple[str, int, int]] = []
    for key_node, value_node in node.value:
        mark = value_node.end_mark
        end = mark.line + (1 if mark.column > 0 else 0)
        starts.append((str(key_node.value), key_node.start_mark.line, end))
    out: dict[str, tuple[int, int]] = {}
    for n, (key, start, end) in enumerate(starts):
        limit = starts[n + 1][1] if n + 1 < len(starts) else len(front)
        out[key] = (start, min(max(end, start + 1), limit))  # a key given twice: YAML reads the last
    return out


def _front_values(form: LessonForm) -> dict[str, Any]:
    values = {key: copy.deepcopy(getattr(form, key)) for key in _FRONT_KEYS}
    values.update({key: list(getattr(form, key)) for key in FRONT_MATTER_LISTS})
    return values


# Writing -------------------------------------------------------------------------------


def markdown_from_form(form: LessonForm, style: str | None = None, *, keep_unchanged: bool = True) -> str:
    """The lesson's Markdown, in ``style`` (by default the lesson's own). What did not change
    is written as it was read; ``keep_unchanged=False`` writes every modelled part afresh."""
    if style is not None and style != form.style:
        if style != WORKBENCH:
            raise ValueError(f"cannot write a {form.style} lesson in the {style} style")
        return write_text(parse_text(markdown_from_form(form, keep_unchanged=keep_unchanged)))
    source = form.source or _Source([], {}, {}, [], [""], 2, frozenset())
    writer = _Writer(form, source, keep_unchanged)
    front = _write_front(form, source, keep_unchanged)
    body = writer.body()
    return "\n".join(["---", *front, "---", *body, *source.tail])


def _write_front(form: LessonForm, source: _Source, keep: bool) -> list[str]:
    front = list(source.front)
    lists = FRONT_MATTER_LISTS if form.style == OLD else tuple(source.lists_in_front)
    changes: list[tuple[str, Any]] = []
    for key in (*_FRONT_KEYS, *lists):
        value = getattr(form, key)
        if keep and key in source.values and source.values[key] == value:
            continue  # as it was read, present or not
        empty = value in ([], "") and key != "title"
        if empty and key not in source.key_lines:
            continue
        changes.append((key, None if empty else value))
    # From the bottom up, so the line numbers of those above still hold.
    placed = sorted((c for c in changes if c[0] in source.key_lines), key=lambda c: -source.key_lines[c[0]][0])
    for key, value in placed:
        start, end = source.key_lines[key]
        front[start:end] = (
            _list_lines(key, value, source.values.get(key), front[start:end]) if value is not None else []
        )
    for key, value in changes:
        if key not in source.key_lines and value is not None:
            front.extend(_yaml_lines(key, value))
    return front


def _list_lines(key: str, value: Any, was: Any, lines: list[str]) -> list[str]:
    """A key's lines; for a list written one item a line, the items the host left as they were
    keep their lines (quotation marks and all)."""
    fresh = _yaml_lines(key, value)
    if not (isinstance(value, list) and isinstance(was, list) and len(lines) == len(was) + 1):
        return fresh
    if len(fresh) != len(value) + 1 or not all(line.startswith("-") for line in lines[1:]):
        return fresh
    out = [lines[0]]
    matcher = difflib.SequenceMatcher(None, was, value, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        out.extend(lines[1 + i1 : 1 + i2] if op == "equal" else fresh[1 + j1 : 1 + j2])
    return out


def _yaml_lines(key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = " ".join(value.split())
    text = yaml.dump({key: value}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)
    return text.rstrip("\n").split("\n")


def _text_lines(text: str) -> list[str]:
    """Text typed in a field as lines, without blank lines around it. Spaces at a line's end
    stay: two of them are a line break in Markdown."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def _joined_parts(parts: list[list[str]]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if part:
            out.extend([""] if out else [])
            out.extend(part)
    return out


def _quote(lines: list[str]) -> list[str]:
    return [f"> {line}" if line else ">" for line in lines]


class _Writer:
    def __init__(self, form: LessonForm, source: _Source, keep: bool) -> None:
        self.form = form
        self.source = source
        self.keep = keep
        self.quoted = form.style == OLD

    def div(self, kind: str, inner: list[str], parts: dict[str, Any] | None = None) -> list[str]:
        parts = parts or {}
        if self.quoted:
            return [*_quote(inner), *(parts.get("closing") or [f"{{: .{kind}}}"])]
        opening = parts.get("opening") or [f"::: {kind}"]
        closing = parts.get("closing") or [":::"]
        return [*opening, "", *inner, "", *closing] if inner else [*opening, *closing]

    def original(self, item: Any) -> _Piece | None:
        origin = getattr(item, "origin", None)
        pieces = self.source.pieces
        return pieces[origin] if origin is not None and 0 <= origin < len(pieces) else None

    def unchanged(self, piece: _Piece | None, item: Any) -> bool:
        return self.keep and piece is not None and piece.item == item

    def step(self, step: Step) -> list[str]:
        piece = self.original(step)
        if self.unchanged(piece, step):
            assert piece is not None
            return piece.lines
        parts = piece.parts if piece else {}
        heading = " ".join(step.heading.split())
        head: list[str] = []
        if heading:
            same = self.keep and piece is not None and piece.item.heading == heading and parts.get("heading")
            level = parts.get("level") or self.source.step_level
            head = list(parts["heading"]) if same else ["#" * level + " " + heading]
        body = self.rewrite({"raw": parts.get("body", [])}, step.body, 0) if self.keep else _text_lines(step.body)
        if head and body:
            gap: list[str] = parts.get("gap", [""]) if self.keep else [""]
            return [*head, *gap, *body]
        return head or body

    def challenge(self, challenge: Challenge) -> list[str]:
        piece = self.original(challenge)
        if self.unchanged(piece, challenge):
            assert piece is not None
            return piece.lines
        parts = piece.parts if piece else {}
        was: Challenge = piece.item if piece else Challenge()
        slots = _slots(challenge, was, parts.get("items", []))
        if self.keep and piece is not None:
            return self.edited_challenge(challenge, piece, slots)
        inner = [self.fresh_part(challenge, parts, kind, n) for _gap, kind, n, _source in slots]
        return self.div("challenge", _joined_parts(inner), parts)

    def fresh_part(self, challenge: Challenge, parts: dict[str, Any], kind: str, n: int) -> list[str]:
        """One part of a challenge written afresh, at the challenge's own level."""
        if kind == "title":
            title = " ".join(challenge.title.split())
            return ["#" * (parts.get("level") or 2) + " " + title] if title else []
        if kind == "run":
            runs = [source for _gap, k, source in parts.get("items", []) if k == "run"]
            return _text_lines(_split_runs(["\n".join(run["inner"]) for run in runs], challenge.body)[n])
        if kind == "hint":
            if n >= len(challenge.hints) or not _text_lines(challenge.hints[n]):
                return []
            headings = parts.get("hint_headings", [])
            heading = headings[n] if n < len(headings) else []
            return self.div("hint", _joined_parts([heading, _text_lines(challenge.hints[n])]))
        if not _text_lines(challenge.solution):
            return []
        heading = parts.get("solution_heading") or (["## Solution"] if self.quoted else [])
        return self.div("solution", _joined_parts([heading, _text_lines(challenge.solution)]))

    def edited_challenge(self, challenge: Challenge, piece: _Piece, slots: list[_Slot]) -> list[str]:
        """A challenge read from the lesson with some of its fields edited: each part (title,
        run of text, hint, solution) stays where it was, and only the edited ones are written
        again; the lines between them, and every line the host left as it was, stay as written."""
        was: Challenge = piece.item
        parts = piece.parts
        title = " ".join(challenge.title.split())
        runs = [source for _gap, kind, source in parts["items"] if kind == "run"]
        new_runs = _split_runs(["\n".join(run["inner"]) for run in runs], challenge.body)
        blank = [">"] if self.quoted else [""]
        out: list[tuple[list[str], list[str]]] = []  # (the lines before it, its lines)
        for gap, kind, n, source in slots:
            if source is None:  # a part the challenge did not have
                out.append((blank, self.fresh(self.fresh_part(challenge, parts, kind, n), 1)))
            elif kind == "title":
                same = title == was.title
                out.append((gap, source["raw"] if same else self.fresh(self.fresh_part(challenge, parts, kind, n), 1)))
            elif kind == "run":
                out.append((gap, self.rewrite(source, new_runs[n], 1)))
            elif kind == "hint":
                out.append((gap, self.edited_sub(challenge.hints, was.hints, n, source, parts, kind, challenge)))
            else:
                out.append(
                    (gap, self.edited_sub([challenge.solution], [was.solution], 0, source, parts, kind, challenge))
                )
        # What is left out goes with the lines before it (the first keeps its own).
        kept = [(gap, lines) for gap, lines in out if lines]
        if kept and out and kept[0] is not out[0]:
            kept[0] = (out[0][0], kept[0][1])
        body: list[str] = list(parts["outer_opening"])
        for gap, lines in kept:
            body.extend(gap)
            body.extend(lines)
        trailing: list[str] = parts["trailing"]
        if not trailing and not self.quoted and body and body[-1].strip() and not body[-1].lstrip().startswith(":::"):
            trailing = [""]  # text written last is kept apart from the ::: that closes the challenge
        return [*body, *trailing, *parts["outer_closing"]]

    def edited_sub(
        self,
        now: list[str],
        was: list[str],
        n: int,
        source: dict[str, Any],
        parts: dict[str, Any],
        kind: str,
        challenge: Challenge,
    ) -> list[str]:
        """A hint or solution: as written while unchanged; an edited text is written in its place,
        between its heading and its closing as they were."""
        if n >= len(now) or not _text_lines(now[n]):
            return []
        if n < len(was) and now[n] == was[n]:
            return list(source["raw"])
        if "text" not in source:
            return self.fresh(self.fresh_part(challenge, parts, kind, n), 1)
        return [*source["head"], *self.rewrite(source, now[n], 2), *source["foot"]]

    def fresh(self, lines: list[str], depth: int) -> list[str]:
        """Lines written afresh at a depth of quoting (old style: ``> `` per level)."""
        if self.quoted:
            for _level in range(depth):
                lines = _quote(lines)
        return lines

    def rewrite(self, source: dict[str, Any], text: str, depth: int) -> list[str]:
        """``text`` in place of the lines ``source`` was read from: the lines the host left as
        they were keep their bytes (tabs after ``>``, trailing spaces), the others are new."""
        old_raw: list[str] = source.get("text", source.get("raw", []))
        old: list[str] = source.get("inner", old_raw)
        new = _text_lines(text)
        if "\n".join(old) == text:
            return list(old_raw)
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        out: list[str] = []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            out.extend(old_raw[i1:i2] if op == "equal" else self.fresh(new[j1:j2], depth))
        return out

    def note(self, note: HostNote) -> list[str]:
        piece = self.original(note)
        if self.unchanged(piece, note):
            assert piece is not None
            return piece.lines
        return self.div("instructor", _text_lines(note.text), piece.parts if piece else None)

    def listed(self, kind: str, piece: _Piece | None) -> list[str]:
        items: list[str] = [" ".join(item.split()) for item in getattr(self.form, kind) if item.strip()]
        if self.keep and piece is not None and piece.item == items:
            return piece.lines
        return self.div(kind, [f"- {item}" for item in items], piece.parts if piece else None)

    def render(self, item: Any) -> list[str]:
        if isinstance(item, Step):
            return self.step(item)
        if isinstance(item, Challenge):
            return self.challenge(item)
        return self.note(item)

    def body(self) -> list[str]:
        form, pieces = self.form, self.source.pieces
        lists_as_divs = self.form.style == WORKBENCH
        out: list[tuple[list[str], list[str]]] = []

        def emit(lead: list[str], lines: list[str]) -> None:
            if lines:
                out.append((lead, lines))

        placed: dict[int, list[Any]] = {}
        orphans: dict[str, list[Any]] = {}
        for kind, items in (("step", form.steps), ("challenge", form.challenges), ("note", form.notes)):
            _place(kind, items, pieces, placed, orphans)
        had = {p.kind for p in pieces}
        if lists_as_divs:
            for kind in ("questions", "objectives"):
                if kind not in had and getattr(form, kind):
                    emit([""], self.listed(kind, None))
        at_top = True
        ending = [*orphans.get("step", []), *orphans.get("challenge", [])]
        for n, piece in enumerate(pieces):
            if at_top and piece.kind not in ("questions", "objectives"):
                at_top = False
                for note in orphans.get("note", []):
                    emit([""], self.render(note))
            if piece.kind == "keypoints" and ending:
                for item in ending:
                    emit([""], self.render(item))
                ending = []
            if piece.kind in FRONT_MATTER_LISTS:
                if getattr(form, piece.kind):
                    emit(piece.lead, self.listed(piece.kind, piece))
                continue
            for k, item in enumerate(placed.get(n, [])):
                emit(piece.lead if k == 0 else [""], self.render(item))
        if at_top:
            for note in orphans.get("note", []):
                emit([""], self.render(note))
        for item in ending:
            emit([""], self.render(item))
        if lists_as_divs and "keypoints" not in had and form.keypoints:
            emit([""], self.listed("keypoints", None))
        lines: list[str] = []
        for lead, block in out:
            lines.extend(lead)
            lines.extend(block)
        return lines


def _place(
    kind: str, items: list[Any], pieces: list[_Piece], placed: dict[int, list[Any]], orphans: dict[str, list[Any]]
) -> None:
    """Where each item of a list goes. Items still in the form keep the places such items had,
    in the form's order (moving a challenge up swaps the two); a new item follows the one
    before it in the list; with none before it, it goes first; with none of its kind left,
    to its usual place (``orphans``)."""
    kept = {item.origin for item in items if item.origin is not None}
    slots = [n for n, p in enumerate(pieces) if p.kind == kind and n in kept]
    k = 0
    current: int | None = None
    first: list[Any] = []
    for item in items:
        if item.origin in slots and k < len(slots):
            current = slots[k]
            k += 1
            placed.setdefault(current, []).append(item)
        elif current is None:
            first.append(item)
        else:
            placed[current].append(item)
    if slots:
        placed[slots[0]] = [*first, *placed.get(slots[0], [])]
    elif first:
        orphans[kind] = first
