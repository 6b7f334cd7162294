"""A lesson as HTML, the way a learner or a host sees it (previews; no Qt here).

Boxes are tables with a background colour because Qt's rich-text engine
draws those reliably; labels are in the lesson's own language, whatever the
app's language is.
"""

from __future__ import annotations

import html
from typing import Any

from desktop.i18n import N_, translate_in
from desktop.lessons.box_titles import box_label
from desktop.lessons.document import LEVEL_LABELS, Block, Code, LessonDoc, Markdown
from desktop.lessons.markdown import lesson_markdown

# Light backgrounds: dark text stays readable on every one of them.
DIV_COLOURS = {
    "challenge": "#fff3dc",
    "solution": "#e6f4e6",
    "hint": "#eef0ff",
    "instructor": "#fde8e8",
    "callout": "#e8f1fa",
    "caution": "#fff0d0",
    "objectives": "#f1edf9",
    "questions": "#f1edf9",
    "keypoints": "#f1edf9",
}


def to_html(doc: LessonDoc, *, host: bool) -> str:
    """The whole lesson; ``host=False`` leaves out instructor notes and solutions."""
    shown = doc.shown() if host else doc.shown().learner_copy()
    lang = doc.meta.language
    parts = [f"<h1>{html.escape(doc.meta.title)}</h1>", _facts(doc, host)]
    if host:
        parts.append(_host_facts(doc))
    references = doc.references()  # from the whole file, solutions too: a run is rendered alone
    parts.extend(_block(b, lang, references) for b in shown.body)
    return "\n".join(parts)


def _t(lang: str, message: str) -> str:
    return translate_in(lang, message)


def _facts(doc: LessonDoc, host: bool) -> str:
    m, lang = doc.meta, doc.meta.language
    bits = [
        _t(lang, N_("{minutes} minutes")).format(minutes=m.minutes),
        _t(lang, N_("Works offline")) if m.offline else _t(lang, N_("Needs the internet")),
    ]
    if host and (m.teaching or m.exercises):
        bits.insert(
            1,
            _t(lang, N_("teaching {t} min, exercises {e} min")).format(t=m.teaching, e=m.exercises),
        )
    return f"<p><i>{html.escape(' · '.join(bits))}</i></p>"


def _host_facts(doc: LessonDoc) -> str:
    m, lang = doc.meta, doc.meta.language
    rows = []
    for label, values in (
        (N_("For"), m.audience),
        (N_("Bring"), m.materials),
        (N_("Level"), [_t(lang, LEVEL_LABELS[m.level]) if m.level in LEVEL_LABELS else m.level] if m.level else []),
        (N_("Written by"), m.authors),
        (N_("Licence"), [m.license] if m.license else []),
    ):
        if values:
            rows.append(
                f"<p><b>{html.escape(_t(lang, label))}:</b></p>{_list(values)}"
                if label == N_("Bring")
                else f"<p><b>{html.escape(_t(lang, label))}:</b> {html.escape(', '.join(values))}</p>"
            )
    return "\n".join(rows)


def _list(items: list[Any]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(str(i))}</li>" for i in items) + "</ul>"


def _block(block: Block, lang: str, references: dict[str, Any]) -> str:
    if isinstance(block, Markdown):
        # Qt draws tables without lines unless told; timing tables need them.
        return (
            lesson_markdown()
            .render(block.text, {"references": dict(references)})
            .replace(
                "<table>",
                '<table border="1" cellpadding="4" cellspacing="0" style="border-collapse: collapse;">',
            )
        )
    if isinstance(block, Code):
        label = f"<p><small>{html.escape(block.language)}</small></p>" if block.language else ""
        return (
            f'{label}<table width="100%" cellpadding="6" bgcolor="#f4f4f4"><tr><td>'
            f"<pre>{html.escape(block.text)}</pre></td></tr></table>"
        )
    return _box(block.kind, "\n".join(_block(c, lang, references) for c in block.children), lang)


def _box(kind: str, inner: str, lang: str) -> str:
    name = box_label(kind, lambda message: _t(lang, message))
    colour = DIV_COLOURS.get(kind, "#f2f2f2")
    return (
        f'<table width="100%" cellpadding="8" cellspacing="0" bgcolor="{colour}" '
        f'style="margin-top: 8px; margin-bottom: 8px;"><tr><td>'
        f"<p><b>{html.escape(name)}</b></p>{inner}</td></tr></table>"
    )
