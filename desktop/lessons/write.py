"""Writing a lesson back to Markdown, in the Carpentries Workbench style.

Reading what this writes gives the same lesson (``parse_text(write_text(doc)) == doc``),
whichever style the lesson was first written in.
"""

from __future__ import annotations

from typing import Any

import yaml

from desktop.lessons.document import Block, Code, Div, LessonDoc, LessonMeta, Markdown

_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_DEFAULTS = LessonMeta(title="")


def write_text(doc: LessonDoc) -> str:
    """The lesson as Markdown with YAML front matter."""
    front = yaml.dump(
        meta_to_dict(doc.meta),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=4096,
    )
    body = write_blocks(doc.body)
    return f"---\n{front}---\n\n{body}\n" if body else f"---\n{front}---\n"


def meta_to_dict(meta: LessonMeta) -> dict[str, Any]:
    """Front matter in a steady order: the Carpentries keys, then ours where they differ from the defaults."""
    out: dict[str, Any] = {"title": meta.title, "teaching": meta.teaching, "exercises": meta.exercises}
    for key in ("id", "level", "language", "audience", "materials", "offline", "license", "authors", "version", "tags"):
        value = getattr(meta, key)
        if value != getattr(_DEFAULTS, key):
            out[key] = list(value) if isinstance(value, list) else value
    for key, value in meta.extra.items():
        out.setdefault(key, value)
    return out


def write_blocks(blocks: list[Block]) -> str:
    return "\n\n".join(_write_block(b) for b in blocks)


def _write_block(block: Block) -> str:
    if isinstance(block, Markdown):
        return block.text
    if isinstance(block, Code):
        return _write_code(block)
    return _write_div(block)


def _write_code(code: Code) -> str:
    # The fence is longer than any run of back-ticks on a line of its own inside.
    longest = max(
        (len(s) for s in (line.strip() for line in code.text.split("\n")) if s and set(s) == {"`"}),
        default=0,
    )
    fence = "`" * max(3, longest + 1)
    opening = fence + (code.info or code.language)
    return f"{opening}\n{code.text}\n{fence}" if code.text else f"{opening}\n{fence}"


def _write_div(div: Div) -> str:
    # Outer divs get longer fences, as Workbench lessons are written, so the nesting is easy to see.
    colons = ":" * (3 + 2 * _depth(div))
    opening = f"{colons} {div.attrs or div.kind}"
    if not div.children:
        return f"{opening}\n{colons}"
    return f"{opening}\n\n{write_blocks(div.children)}\n\n{colons}"


def _depth(div: Div) -> int:
    return max((1 + _depth(c) for c in div.children if isinstance(c, Div)), default=0)
