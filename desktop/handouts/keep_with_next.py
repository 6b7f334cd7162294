"""Headings stay with what follows them on paper.

reportlab's own ``keepWithNext`` stops at anything it cannot put in a box
(an indent, another kept group), so a heading could still end a page. Here
every flowable that asks to be kept with the next one (headings, box titles,
"Your answer:") is grouped with the weightless things after it (indents,
spaces, conditional breaks) and the first real block. The group moves to a
new page unless the heading fits with the first lines of that block; the
block itself may still split after those lines, so a long paragraph or code
block does not leave half a page empty.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table
from reportlab.platypus.doctemplate import FrameBreak, Indenter

FIRST_LINES = 3  # lines of a paragraph or code block that must come with its heading
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
        if self._start_height(aW) > aH + _FUZZ:
            return [FrameBreak(), *content]
        return content

    def _start_height(self, aW: float) -> float:
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
        if isinstance(follower, Paragraph):
            needed = min(whole, FIRST_LINES * follower.style.leading)
        elif isinstance(follower, Table):
            rows = getattr(follower, "_rowHeights", None) or []
            needed = min(whole, sum(rows[: max(1, follower.repeatRows + 1)]))
        return max(floor, height + max(0.0, follower.getSpaceBefore() - gap) + needed)


def _keeps(f: Flowable) -> bool:
    return bool(f.getKeepWithNext()) and not isinstance(f, KeepTogether)


def _weightless(f: Flowable) -> bool:
    """Things that only move the pen: they belong to the heading before them."""
    return isinstance(f, (Indenter, CondPageBreak, Spacer))


def _flattened(story: Sequence[Flowable]) -> list[Flowable]:
    """Plain kept-together groups opened up, so a group is never the block a heading waits for."""
    out: list[Flowable] = []
    for f in story:
        if type(f) is KeepTogether:
            out.extend(_flattened(f._content))
        else:
            out.append(f)
    return out
