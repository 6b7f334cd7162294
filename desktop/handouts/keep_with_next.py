"""Headings stay with what follows them on paper.

reportlab's own ``keepWithNext`` stops at anything it cannot put in a box
(an indent, another kept group), so a heading could still end a page. Here
every flowable that asks to be kept with the next one (headings, box titles,
"Your answer:") is grouped with the weightless things after it (indents,
spaces, conditional breaks) and the first real block. The group moves to a
new page unless the heading fits with the first lines of that block; the
block itself may still split after those lines, so a long paragraph or code
block does not leave half a page empty.

Two more rules a reader expects: a table breaks only with its header and at
least ``TABLE_ROWS`` rows on each side (``RowKeepingTable``, header repeated),
and a block that reads as one piece (a challenge with its answer space) moves
whole to the next page when it fits on one (``KeepWhole``).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, KeepTogether, Paragraph, Spacer, Table
from reportlab.platypus.doctemplate import FrameBreak, Indenter, NullActionFlowable
from reportlab.platypus.flowables import _listWrapOn

FIRST_LINES = 3  # lines of a paragraph or code block that must come with its heading
TABLE_ROWS = 3  # rows of a table (besides its header) that must stay together at a page break
_FUZZ = 1e-3


def keep_with_next(story: Sequence[Flowable]) -> list[Flowable]:
    """``story`` with each kept flowable grouped with the start of what follows it."""
    pending = _flattened(story)
    out: list[Flowable] = []
    i = 0
    while i < len(pending):
        if not _keeps(pending[i]):
            out.append(pending[i])
            i += 1
            continue
        j = i
        while j < len(pending) and (_keeps(pending[j]) or _weightless(pending[j])):
            j += 1
        lead = pending[i:j]
        for f in lead:
            f.__dict__["keepWithNext"] = 0  # kept here, once: the frame must not regroup them whole
        if j == len(pending):
            out.extend(lead)
            break
        out.append(KeepWithStart(lead, pending[j]))
        i = j + 1
    return out


class KeepWithStart(KeepTogether):
    """``lead`` (headings and the like) on the same page as the start of ``follower``."""

    def __init__(self, lead: list[Flowable], follower: Flowable) -> None:
        super().__init__([*lead, follower])
        self.lead, self.follower = lead, follower

    def split(self, aW: float, aH: float) -> list[Flowable]:
        content = list(self._content)
        frame = self._doctemplateAttr("frame")
        if frame is not None and getattr(frame, "_atTop", False):
            return content  # already at the top of a page: moving on would gain nothing
        if self._start_height(aW, getattr(frame, "_height", None)) > aH + _FUZZ:
            return [FrameBreak(), *content]
        return content

    def _start_height(self, aW: float, page_height: float | None = None) -> float:
        """Height of the lead and of as much of the follower as must stay with it."""
        width = aW
        height = 0.0
        gap = 0.0  # space after the previous flowable; the larger of two spaces counts
        floor = 0.0  # a conditional break in the lead asks for that much room from where it stands
        for f in self.lead:
            if isinstance(f, Indenter):
                width -= f.left + f.right
                continue
            if isinstance(f, CondPageBreak):
                floor = max(floor, height + f.height)
                continue
            _w, h = f.wrapOn(self.canv, width, 0xFFFFFF)
            if height:
                height += max(0.0, f.getSpaceBefore() - gap)
            gap = f.getSpaceAfter()
            height += h + gap
        follower = self.follower
        _w, whole = follower.wrapOn(self.canv, width, 0xFFFFFF)
        needed = whole
        if isinstance(follower, KeepTogether):
            # Its wrap asks for everything to force a split; its own height is kept aside. One
            # longer than a page runs on, so only its first block need come with the lead.
            whole = follower._H
            needed = whole if page_height is None or whole <= page_height else follower._H0
        elif isinstance(follower, Paragraph):
            needed = min(whole, FIRST_LINES * follower.style.leading)
        elif isinstance(follower, Table):
            rows = getattr(follower, "_rowHeights", None) or []
            if len(rows) - follower.repeatRows >= 2 * TABLE_ROWS:  # else it cannot break (RowKeepingTable)
                needed = min(whole, sum(rows[: follower.repeatRows + TABLE_ROWS]))
        return max(floor, height + max(0.0, follower.getSpaceBefore() - gap) + needed)


class KeepWhole(KeepTogether):
    """A block that moves whole to the next page when it fits on one; a longer one runs on,
    its own headings still kept with what follows them. Never opened up by ``keep_with_next``."""

    def __init__(self, content: Sequence[Flowable]) -> None:
        super().__init__(keep_with_next(content))

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        width, forced = super().wrap(aW, aH)
        # The groups inside ask for everything too (to be split); measure what they hold instead.
        dims: list[tuple[float, float]] = []
        _w, self._H = _listWrapOn(_opened(self._content), aW, self.canv, dims=dims)
        self._H0 = dims[0][1] if dims else 0
        return width, forced

    def split(self, aW: float, aH: float) -> list[Flowable]:
        parts = super().split(aW, aH)
        if parts and isinstance(parts[0], KeepTogether):
            # The page must take the first piece as it is; a group is only ever split. A no-op
            # in front hands the group back to the page, which splits it.
            parts.insert(0, NullActionFlowable())
        return parts


class RowKeepingTable(Table):
    """A table that breaks across pages only with ``TABLE_ROWS`` rows or more on each side,
    its header rows repeated on the next page."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        header = self.repeatRows
        body = len(self._cellvalues) - header
        first = len(parts[0]._cellvalues) - header
        at_top = getattr(self._doctemplateAttr("frame"), "_atTop", False)
        if body < 2 * TABLE_ROWS or first < TABLE_ROWS:
            # Too few rows to break well: the whole table goes on, unless this is already a fresh page.
            return parts if at_top else []
        if body - first < TABLE_ROWS:
            # Break earlier, so the next page gets enough rows too.
            keep = header + body - TABLE_ROWS
            return super().split(availWidth, sum(self._rowHeights[:keep]) + _FUZZ)
        return parts


def _keeps(f: Flowable) -> bool:
    return bool(f.getKeepWithNext()) and not isinstance(f, KeepTogether)


def _weightless(f: Flowable) -> bool:
    """Things that only move the pen, and a box's closing rule: they belong to what is before them."""
    return isinstance(f, (Indenter, CondPageBreak, Spacer, HRFlowable))


def _opened(content: Sequence[Flowable]) -> list[Flowable]:
    """``content`` with every kept-together group, at any depth, opened up."""
    out: list[Flowable] = []
    for f in content:
        out.extend(_opened(f._content) if isinstance(f, KeepTogether) else [f])
    return out


def _flattened(story: Sequence[Flowable]) -> list[Flowable]:
    """Plain kept-together groups opened up, so a group is never the block a heading waits for."""
    out: list[Flowable] = []
    for f in story:
        if type(f) is KeepTogether:
            out.extend(_flattened(f._content))
        else:
            out.append(f)
    return out
