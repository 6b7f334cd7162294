"""The one Markdown parser of the product: markdown-it, configured for lessons.

The lesson reader (``desktop.lessons.parse``), the HTML previews
(``desktop.lessons.render``) and the printed handouts (``desktop.handouts.markdown``)
all take their tokens from ``lesson_markdown()``. On top of CommonMark with tables
and strike-through it knows:

- YAML front matter (mdit-py-plugins), at the top of a lesson file only;
- Workbench fenced divs (``::: challenge`` … ``:::``), with any number of colons:
  a bare ``:::`` closes the innermost open div, whatever the colon counts, as in
  pandoc, and a ``:::`` inside a code block closes nothing;
- the older Carpentries style, a blockquote closed by a kramdown class
  (``> ## Challenge`` … ``{: .challenge}``), nested or not.

Both kinds of div become ``lesson_div_open`` / ``lesson_div_close`` tokens whose
``meta`` says the kind (see ``_div_meta``); a ``:::`` that closes nothing becomes a
``lesson_div_stray`` token, so the reader can say so with its line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, blockquote, fence
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.front_matter import front_matter_plugin

DIV_OPEN = "lesson_div_open"
DIV_CLOSE = "lesson_div_close"
DIV_STRAY = "lesson_div_stray"
FENCED, QUOTED = "fenced", "quoted"  # the two styles of div

_LESSON_FILE = "lesson_file"  # env key: the text is a whole lesson file, front matter and all
# Rules that a div line ends, as a fence line ends them: a div needs no blank line before it.
_ENDS = ["paragraph", "reference", "blockquote", "list"]

_DIV_OPENING = re.compile(r"(?P<colons>:{3,})[ \t]*(?P<attrs>[^:\s].*?)[ \t]*:*[ \t]*$")
_DIV_CLOSING = re.compile(r":{3,}[ \t]*$")
_FENCE_OPENING = re.compile(r"(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
IAL = re.compile(r"^ {0,3}\{:[ \t]*\.(?P<cls>[\w-]+)[ \t]*\}[ \t]*$")
# Classes after an old-style code block that say what kind of text it holds.
CODE_CLASSES = {"source": "", "output": "output", "error": "error", "warning": "warning"}
# Classes that make an old-style quote a block of the lesson; any other class after a code
# block (`{: .python}`, `{: .r}`, `{: .sql}`, …) says what that code is.
BLOCK_KINDS = frozenset(
    {
        "callout",
        "caution",
        "challenge",
        "checklist",
        "discussion",
        "hint",
        "instructor",
        "keypoints",
        "objectives",
        "prereq",
        "quotation",
        "solution",
        "spoiler",
        "testimonial",
    }
)
CODE_CLASS = "code_class"  # fence token meta key: the class on the line after the code block


def is_code_class(cls: str) -> bool:
    """Whether a class after a quote names code, not a kind of block: it never makes a div."""
    return cls.startswith("language-") or cls in CODE_CLASSES


def code_language(cls: str) -> str:
    """The language (or kind of output) a class after a code block gives it: ``language-bash`` -> bash,
    ``python`` -> python, ``source`` -> "", ``output`` -> output."""
    return CODE_CLASSES.get(cls, cls.removeprefix("language-"))


@lru_cache(maxsize=1)
def lesson_markdown() -> MarkdownIt:
    """The configured parser. Its configuration never changes, so threads share it."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    plugin_rule = next(rule.fn for rule in md.block.ruler.__rules__ if rule.name == "front_matter")

    def front_matter(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        # A run of Markdown inside a lesson may start with a `---` rule; only a file has front matter.
        return start == 0 and bool(state.env.get(_LESSON_FILE)) and plugin_rule(state, start, end, silent)

    # Front matter is on the first line or nowhere: it never ends another block.
    md.block.ruler.at("front_matter", front_matter, {"alt": []})
    md.block.ruler.before("table", "lesson_div", _colon_fence, {"alt": _ENDS})
    md.block.ruler.before("blockquote", "lesson_quoted_div", _quote_with_class)
    md.block.ruler.at("fence", _fence_with_class, {"alt": ["paragraph", "reference", "blockquote", "list"]})
    # A class line ends the paragraph above it, inside a quote or not: as kramdown reads it, it
    # belongs to the block before it, so it is never a lazy continuation of a quote.
    md.block.ruler.before("paragraph", "lesson_class_line", _class_line_ends, {"alt": _ENDS})
    md.add_render_rule(DIV_OPEN, _render_div_open)
    md.add_render_rule(DIV_CLOSE, lambda *_args: "</div>\n")
    md.add_render_rule(DIV_STRAY, lambda *_args: "")
    return md


def lesson_block_tokens(text: str) -> list[Token]:
    """Block tokens of a whole lesson file (front matter first, if any), without parsing inline
    text: the reader needs only the structure, and leaves Markdown runs as the author wrote them.
    ``text`` has ``\\n`` line ends and no NUL characters."""
    tokens: list[Token] = []
    md = lesson_markdown()
    md.block.parse(text, md, {_LESSON_FILE: True}, tokens)
    return tokens


def matching_closes(tokens: Sequence[Token]) -> list[int]:
    """For each opening token, the index of the token closing it (others: their own index)."""
    closes = list(range(len(tokens)))
    stack: list[int] = []
    for i, tok in enumerate(tokens):
        if tok.nesting == 1:
            stack.append(i)
        elif tok.nesting == -1 and stack:
            closes[stack.pop()] = i
    return closes


# Block rules --------------------------------------------------------------------------


def _line(state: StateBlock, n: int) -> str:
    """Line ``n`` as the current block sees it, without its indent (and without any quote marks)."""
    return state.src[state.bMarks[n] + state.tShift[n] : state.eMarks[n]]


def _colon_fence(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A fenced div, read to the bare ``:::`` that closes it; or a bare ``:::`` that closes nothing."""
    pos = state.bMarks[start] + state.tShift[start]
    if pos >= state.eMarks[start] or state.src[pos] != ":" or state.sCount[start] > state.blkIndent:
        return False
    text = _line(state, start)
    opening = _DIV_OPENING.match(text)
    if opening is None:
        if not _DIV_CLOSING.match(text):
            return False
        if not silent:
            token = state.push(DIV_STRAY, "", 0)
            token.markup, token.map = text.strip(), [start, start + 1]
            state.line = start + 1
        return True
    if silent:
        return True

    close = _closing_line(state, start + 1, end)
    content_end = end if close is None else close
    old_parent, old_max = state.parentType, state.lineMax
    state.parentType = "container"
    state.lineMax = content_end  # no lazy continuation line reaches past the closing fence
    token = state.push(DIV_OPEN, "div", 1)
    token.markup, token.info = opening["colons"], opening["attrs"]
    token.meta = _div_meta(FENCED, opening["attrs"], closed=close is not None, content=(start + 1, content_end))
    token.map = [start, content_end if close is None else close + 1]
    state.md.block.tokenize(state, start + 1, content_end)
    state.push(DIV_CLOSE, "div", -1).markup = opening["colons"]
    state.parentType, state.lineMax = old_parent, old_max
    state.line = token.map[1]
    return True


def _closing_line(state: StateBlock, first: int, end: int) -> int | None:
    """The line of the bare ``:::`` that closes a div whose content starts at ``first``.

    Divs opened on the way nest (each takes one bare ``:::``), and nothing inside a fenced
    code block counts, so `::: challenge` … `::: solution` … `:::` … `:::` nests as pandoc reads it.
    """
    depth = 1
    fence: str | None = None  # the open code fence, while inside one
    src, indent = state.src, state.blkIndent
    for n in range(first, end):
        pos = state.bMarks[n] + state.tShift[n]
        if pos >= state.eMarks[n]:
            continue
        char = src[pos]
        if fence is not None:
            if char == fence[0] and state.sCount[n] - indent < 4:
                text = _line(state, n).rstrip()
                if len(text) >= len(fence) and text == char * len(text):
                    fence = None
        elif char in "`~" and state.sCount[n] - indent < 4:
            found = _FENCE_OPENING.match(_line(state, n))
            if found and not (char == "`" and "`" in found["info"]):
                fence = found["fence"]
        elif char == ":" and state.sCount[n] <= indent:
            text = _line(state, n)
            if _DIV_CLOSING.match(text):
                depth -= 1
                if depth == 0:
                    return n
            elif _DIV_OPENING.match(text):
                depth += 1
    return None


def _fence_with_class(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A code fence, and the ``{: .python}`` line right after it that says what the code is."""
    if not fence(state, start, end, silent):
        return False
    if silent:
        return True
    n = state.line
    if n < end and state.sCount[n] - state.blkIndent < 4:
        ial = IAL.match(_line(state, n))
        if ial is not None and ial["cls"] not in BLOCK_KINDS:
            state.tokens[-1].meta = {CODE_CLASS: ial["cls"]}
            state.line = n + 1
    return True


def _class_line_ends(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Says a ``{: .class}`` line ends a paragraph (or a quote's lazy lines); reads nothing itself."""
    return silent and state.sCount[start] - state.blkIndent < 4 and IAL.match(_line(state, start)) is not None


def _quote_with_class(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """An old-style div: a blockquote (lazy lines and all) followed at once by a line such as
    ``{: .challenge}``; without one it stays the plain blockquote it is."""
    if silent or state.is_code_block(start):
        return False  # as a terminator, the blockquote rule itself answers
    pos = state.bMarks[start] + state.tShift[start]
    if pos >= state.eMarks[start] or state.src[pos] != ">":
        return False
    first = len(state.tokens)
    if not blockquote(state, start, end, False):
        return False
    last = state.line  # a class line ends the quote, at whatever depth it is written
    ial = IAL.match(_line(state, last)) if last < end and state.sCount[last] - state.blkIndent < 4 else None
    if ial is None or is_code_class(ial["cls"]):
        return True
    # The lines as they read inside the quote, for the Markdown kept as written.
    inner = [_unquote(state.src[state.bMarks[n] : state.eMarks[n]]) for n in range(start, last)]
    opening, closing = state.tokens[first], state.tokens[-1]
    opening.type, opening.tag, opening.info = DIV_OPEN, "div", ial["cls"]
    opening.meta = _div_meta(QUOTED, ial["cls"], closed=True, content=(start, last), lines=inner)
    opening.map = [start, last + 1]
    closing.type, closing.tag = DIV_CLOSE, "div"
    state.line = last + 1
    return True


def _unquote(line: str) -> str:
    """One level of blockquote marker off a line: ``> text`` -> ``text``.

    A lazy line (no marker) stays as written, indent and all: ``    ```bash`` after a quoted
    paragraph continues that paragraph, but without its indent it would open a code block.
    """
    stripped = line.lstrip(" ")
    if not stripped.startswith(">"):
        return line
    return stripped[1:].removeprefix(" ")


def _div_meta(
    style: str,
    attrs: str,
    *,
    closed: bool,
    content: tuple[int, int],
    lines: list[str] | None = None,
) -> dict[str, Any]:
    """What the reader needs of a div: ``kind``, ``attrs`` to keep (pandoc attributes beyond the
    kind), ``style``, ``closed``, the ``content`` lines [first, end) and, for a quoted div,
    its ``lines`` without their quote marks."""
    kind, kept = kind_of(attrs) if style == FENCED else (attrs, "")
    return {
        "kind": kind,
        "attrs": kept,
        "style": style,
        "closed": closed,
        "content": content,
        "lines": lines,
    }


def kind_of(attrs: str) -> tuple[str, str]:
    """A div's kind and the attributes to keep: ``challenge`` -> (challenge, ""); ``{.callout #x}`` -> (callout, it)."""
    if attrs.startswith("{"):
        found = re.search(r"\.([\w-]+)", attrs)
        return (found.group(1) if found else ""), attrs
    words = attrs.split()
    return words[0], ("" if len(words) == 1 else attrs)


def _render_div_open(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    kind = (tokens[idx].meta or {}).get("kind", "")
    return f'<div class="{kind}">\n' if re.fullmatch(r"[\w-]+", kind) else "<div>\n"
