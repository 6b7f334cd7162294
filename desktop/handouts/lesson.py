"""The lesson handout: the learner's copy and the host's copy of any lesson.

The learner's copy has the objectives, the steps, code in monospace and each
challenge with ruled lines to write on; solutions and instructor notes are
left out (``LessonDoc.learner_copy``). The host's copy has everything, with one
timing plan (``desktop.handouts.timing``): the author's own table where the
lesson has one, otherwise the lesson's minutes shared out by part.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, Indenter, Spacer, TableStyle

from desktop.handouts.keep_with_next import KeepWhole, RowKeepingTable, keep_with_next
from desktop.handouts.layout import Meta, Options, Styles, WritingSpace, build_pdf, page_size, para, styles_for
from desktop.handouts.lesson_source import plain
from desktop.handouts.markdown import MarkdownRenderer, code_flowables
from desktop.handouts.timing import PartSize, timing_plan
from desktop.i18n import N_
from desktop.lessons.box_titles import box_heading, box_label
from desktop.lessons.document import Code, Div, LessonDoc, Markdown

WRITING_LINES = 5


@dataclass
class _Part:
    title: str
    flowables: list[Flowable] = field(default_factory=list)
    chars: int = 0
    challenges: int = 0


def lesson_pdf(
    doc: LessonDoc, options: Options, *, host: bool = False, base_dir: Path | None = None, credit: str | None = None
) -> bytes:
    """The learner's copy (default) or the host's copy of ``doc``, as PDF bytes.

    ``credit`` is the credit line a commons lesson's licence asks for (``desktop.commons.updates``), printed
    at the end of both copies."""
    if base_dir is None and doc.source:
        base_dir = Path(doc.source).parent
    shown = doc.shown()
    source = shown if host else shown.learner_copy()
    writer = _LessonWriter(options, host, base_dir, doc.references())
    story = writer.story(source)
    t = options.t
    if credit:
        story += [
            Spacer(1, 6),
            HRFlowable(width="100%", thickness=0.5),
            para(t(N_("Credit: {credit}")).format(credit=credit), writer.styles.small),
        ]
    kind = t(N_("Host copy")) if host else t(N_("Handout"))
    title = f"{doc.meta.title or t('Lesson')} — {kind}"
    return build_pdf(
        story,
        Meta(title=title, author=", ".join(doc.meta.authors) or "On-Ramp", subject=t(N_("Lesson handout"))),
        options,
    )


class _LessonWriter:
    def __init__(self, options: Options, host: bool, base_dir: Path | None, references: dict[str, Any]) -> None:
        self.options, self.host = options, host
        self.references = references  # the whole file's link definitions, for each run
        self.theme = options.theme
        self.styles: Styles = styles_for(self.theme)
        self.width = page_size(options)[0] - 2 * self.theme.margin
        self.md = MarkdownRenderer(options, self.styles, self.width, base_dir)
        self.t, self.nt = options.t, options.nt

    def story(self, doc: LessonDoc) -> list[Flowable]:
        meta, t, st = doc.meta, self.t, self.styles
        out: list[Flowable] = [para(meta.title or t(N_("Lesson")), st.h1)]
        facts = []
        if meta.minutes:
            facts.append(self.nt("About {n} minute", "About {n} minutes", meta.minutes).format(n=meta.minutes))
        if self.host:
            facts.append(t(N_("Host copy: includes solutions and notes for the host")))
        if facts:
            out.append(para(" · ".join(facts), st.small))
        # The objectives go first wherever the author put them: they say why we are here.
        objectives = [d for d in doc.body if isinstance(d, Div) and d.kind == "objectives"]
        rest = [b for b in doc.body if b not in objectives]
        for div in objectives:
            out.extend(self._div(div, _Part("")))
        parts = self._parts(rest)
        if self.host:
            out.extend(self._timings(doc, parts))
        for part in parts:
            out.extend(part.flowables)
        if not doc.body:
            out.append(para(t(N_("This lesson has no steps yet.")), st.body))
        return keep_with_next(out)

    # -- parts and timings ----------------------------------------------------------------
    def _parts(self, blocks: list) -> list[_Part]:
        parts = [_Part("")]
        for block in blocks:
            if isinstance(block, Markdown):
                rendered = self.md.render(block.text, references=self.references)
                cuts = [(i, text) for level, text, i in rendered.headings if level <= 2]
                start = 0
                for index, heading in cuts:
                    parts[-1].flowables.extend(rendered.flowables[start:index])
                    parts.append(_Part(heading))
                    start = index
                parts[-1].flowables.extend(rendered.flowables[start:])
                parts[-1].chars += rendered.chars
            elif isinstance(block, Code):
                parts[-1].flowables.extend(code_flowables(block.text, self.options, self.width))
                parts[-1].chars += min(len(block.text), 2000)
            elif isinstance(block, Div):
                parts[-1].flowables.extend(self._div(block, parts[-1]))
        return [p for p in parts if p.flowables]

    def _timings(self, doc: LessonDoc, parts: list[_Part]) -> list[Flowable]:
        """The computed plan as a table, each part's share under its heading; nothing of our own
        when the author gave timings, since their table is printed where they wrote it."""
        t, st, theme = self.t, self.styles, self.theme
        plan = timing_plan(doc, [PartSize(p.title, p.chars, p.challenges) for p in parts])
        if plan.by_author:
            return []
        if not plan.slots:
            return [para(t(N_("This lesson gives no timings; plan about ten minutes a part.")), st.small)]
        rows = [
            [
                para(t(N_("Part")), st.body, bold=True),
                para(t(N_("Minutes")), st.body, bold=True),
                para(t(N_("Clock")), st.body, bold=True),
            ]
        ]
        for n, (part, slot) in enumerate(zip(parts, plan.slots, strict=True), start=1):
            start, end = _hm(slot.start), _hm(slot.end)
            label = slot.label or (t(N_("Opening")) if n == 1 else t(N_("Part {n}")).format(n=n))
            rows.append(
                [para(label, st.body), para(f"{round(slot.minutes)}", st.body), para(f"{start}–{end}", st.body)]
            )
            if part.title and part.flowables:
                when = t(N_("About {n} min · {start}–{end}")).format(n=round(slot.minutes), start=start, end=end)
                part.flowables.insert(1, _kept_with_next(para(when, st.small)))
        table = RowKeepingTable(rows, colWidths=[self.width * 0.5, self.width * 0.2, self.width * 0.3], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, -1), theme.rule_width, theme.rule),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return [
            para(t(N_("Timings for the host")), st.h2),
            _kept_with_next(
                para(
                    t(N_("{teaching} minutes teaching and {exercises} minutes exercises, shared out by part.")).format(
                        teaching=plan.teaching, exercises=plan.exercises
                    ),
                    st.small,
                )
            ),
            table,
            Spacer(1, st.body.fontSize),
        ]

    # -- divs ------------------------------------------------------------------------------
    def _div(self, div: Div, part: _Part) -> list[Flowable]:
        st, theme = self.styles, self.theme
        label = box_label(div.kind, self.t)
        if div.kind == "challenge":
            part.challenges += 1
        heading = box_heading(div.kind, label, plain(div.title))  # a title's `code` marks do not print
        head = para(heading, self._label_style(div.kind), bold=True)
        body: list[Flowable] = []
        for child in div.children:
            if isinstance(child, Markdown):
                rendered = self.md.render(child.text, skip_heading=div.title, references=self.references)
                body.extend(rendered.flowables)
                part.chars += rendered.chars
            elif isinstance(child, Code):
                body.extend(code_flowables(child.text, self.options, self.width - self._indent))
            elif isinstance(child, Div):
                body.extend(self._div(child, part))
        answer_space = div.kind == "challenge" and not self.host
        if answer_space:
            _keep_last_lines(body)
            body.append(_kept_with_next(para(self.t(N_("Your answer:")), st.small)))
            body.append(WritingSpace(WRITING_LINES, st.body.fontSize * 2.1, theme.rule, theme.rule_width))
        # The box's title stays with its first lines (keep_with_next, over the whole story).
        out: list[Flowable] = [CondPageBreak(st.body.fontSize * 6), head]
        out += [Indenter(left=self._indent), *body, Indenter(left=-self._indent)]
        out.append(
            HRFlowable(
                width="100%",
                thickness=theme.rule_width,
                color=theme.rule,
                spaceBefore=2,
                spaceAfter=st.body.fontSize * 0.6,
            )
        )
        if answer_space:
            # A challenge and its answer space on one page when they fit on one; a longer
            # challenge still keeps "Your answer:" with its lines (keep_with_next).
            return [out[0], KeepWhole(out[1:])]
        return out

    @property
    def _indent(self) -> float:
        return self.styles.body.fontSize * 0.9

    def _label_style(self, kind: str):
        from reportlab.lib.styles import ParagraphStyle

        theme = self.theme
        host_only = kind in ("instructor", "solution")
        return ParagraphStyle(
            f"label-{kind}",
            parent=self.styles.label,
            backColor=theme.tint,
            borderPadding=(3, 4, 3, 4),
            spaceBefore=self.styles.body.fontSize * 0.4,
            spaceAfter=self.styles.body.fontSize * 0.5,
            borderColor=theme.rule if host_only or self.options.large_print else None,
            borderWidth=theme.rule_width if host_only or self.options.large_print else 0,
        )


def _keep_last_lines(body: list[Flowable]) -> None:
    """The last block of a challenge (a paragraph, a list item, code) goes with its answer space."""
    from reportlab.platypus import Paragraph

    for flowable in reversed(body):
        if isinstance(flowable, Paragraph):  # code blocks (XPreformatted) are paragraphs too
            flowable.keepWithNext = 1
            return


def _kept_with_next(flowable: Flowable) -> Flowable:
    flowable.keepWithNext = 1
    return flowable


def _hm(minutes: float) -> str:
    m = round(minutes)
    return f"{m // 60}:{m % 60:02d}"
