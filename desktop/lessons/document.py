"""A parsed lesson: its front matter and a tree of blocks.

The parser (``desktop.lessons.parse``) reads Carpentries Workbench episodes
and the older blockquote style into this; the writer turns it back into
Markdown; handouts render it. Markdown inside a block stays Markdown text,
so nothing the author wrote is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
