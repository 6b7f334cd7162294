"""A parsed lesson: its front matter and a tree of blocks.

The parser (``desktop.lessons.parse``) reads Carpentries Workbench episodes
and the older blockquote style into this; the writer turns it back into
Markdown; handouts render it. Markdown inside a block stays Markdown text,
so nothing the author wrote is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.i18n import N_

# A lesson's level as stored in its front matter, and its name for people (translate with _()).
LEVEL_LABELS = {"beginner": N_("Beginner"), "intermediate": N_("Intermediate"), "advanced": N_("Advanced")}

# Fenced-div kinds we know. Any other kind is kept as it is.
KNOWN_DIVS = (
    "objectives",
    "questions",
    "keypoints",
    "instructor",
    "challenge",
    "solution",
    "hint",
    "callout",
    "prereq",
    "discussion",
    "checklist",
    "caution",
    "testimonial",
    "spoiler",
)
# Left out of the learner's copy.
HOST_ONLY_DIVS = frozenset({"instructor", "solution"})
# Older Carpentries lessons list these in the front matter instead of in divs.
FRONT_MATTER_LISTS = ("questions", "objectives", "keypoints")


@dataclass
class LessonMeta:
    title: str
    teaching: int = 0  # minutes
    exercises: int = 0  # minutes
    id: str = ""
    level: str = "beginner"
    language: str = "en"
    audience: list[str] = field(default_factory=list)
    materials: list[str] = field(default_factory=list)
    offline: bool = True
    license: str = "CC-BY-4.0"
    authors: list[str] = field(default_factory=list)
    version: str = "1"
    tags: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown front-matter keys, kept
    # What was read all the same but may be a mistake ("Line 16: “keypoints” is given twice …").
    warnings: list[str] = field(default_factory=list, compare=False)

    @property
    def minutes(self) -> int:
        return self.teaching + self.exercises


@dataclass
class Markdown:
    """A run of ordinary Markdown: headings, paragraphs, lists, images, tables."""

    text: str
    line: int = field(default=0, compare=False)  # where it starts in its file, for messages


@dataclass
class Code:
    """A fenced code block; ``language`` is "" when none was given.

    ``info`` keeps the whole info string when it says more than the language
    (R Markdown chunk options such as ``{r, echo=FALSE}``), so it is written back as it was.
    """

    text: str
    language: str = ""
    line: int = field(default=0, compare=False)
    info: str = ""


@dataclass
class Div:
    """A fenced div (``::: challenge``) or an old-style blockquote ({: .challenge})."""

    kind: str
    children: list[Block] = field(default_factory=list)
    title: str = ""  # the first heading inside, where there is one
    line: int = field(default=0, compare=False)
    attrs: str = ""  # pandoc attributes beyond the kind ("{.callout #setup}"), written back as they were


Block = Markdown | Code | Div


@dataclass
class LessonDoc:
    meta: LessonMeta
    body: list[Block] = field(default_factory=list)
    source: str = field(default="", compare=False)  # the file it came from, for messages

    def learner_copy(self) -> LessonDoc:
        """The same lesson without instructor notes and solutions."""
        return LessonDoc(self.meta, _without(self.body, HOST_ONLY_DIVS), self.source)

    def divs(self, kind: str) -> list[Div]:
        """Every div of ``kind``, at any depth, in document order."""
        found: list[Div] = []

        def walk(blocks: list[Block]) -> None:
            for b in blocks:
                if isinstance(b, Div):
                    if b.kind == kind:
                        found.append(b)
                    walk(b.children)

        walk(self.body)
        return found

    def shown(self) -> LessonDoc:
        """The lesson as it is shown (previews, handouts): an older lesson's front-matter
        questions and objectives become divs at the top and its key points a div at the end,
        as a Workbench lesson has them, unless the body already has such a div."""
        top: list[Block] = []
        end: list[Block] = []
        for kind in FRONT_MATTER_LISTS:
            items = self.meta.extra.get(kind)
            if isinstance(items, str):
                items = [items]
            if not isinstance(items, list) or not items or self.divs(kind):
                continue
            text = "".join(f"- {' '.join(str(item).split())}\n" for item in items if str(item).strip())
            (end if kind == "keypoints" else top).append(Div(kind, [Markdown(text)]))
        if not top and not end:
            return self
        return LessonDoc(self.meta, [*top, *self.body, *end], self.source)

    def references(self) -> dict[str, Any]:
        """The lesson's link reference definitions (``[rm]: https://…``), wherever in the file
        they are, in markdown-it's ``env["references"]`` form: each Markdown run is rendered
        alone, so it is given these to resolve ``[text][rm]``. The first definition of a label wins."""
        from desktop.lessons.markdown import lesson_markdown  # the data model needs no parser otherwise

        md = lesson_markdown()
        env: dict[str, Any] = {"references": {}}

        def walk(blocks: list[Block]) -> None:
            for b in blocks:
                if isinstance(b, Markdown):
                    md.block.parse(b.text, md, env, [])
                elif isinstance(b, Div):
                    walk(b.children)

        walk(self.body)
        return dict(env["references"])


def _without(blocks: list[Block], kinds: frozenset[str]) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Div):
            if b.kind in kinds:
                continue
            out.append(Div(b.kind, _without(b.children, kinds), b.title, b.line, b.attrs))
        else:
            out.append(b)
    return out
