"""The Sessions page's list: one card a session, its when, title and venue each on their own lines.

A table cut the title and venue short ("Gre…") in a narrow list or with large text, so two sessions
at the same minute looked the same. A card wraps them instead: nothing is ever cut short.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.ui.sessions.models import SessionListModel

Index = QModelIndex | QPersistentModelIndex
PADDING = 6  # around a card's text, in pixels
WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignTop)


@dataclass(frozen=True)
class CardLine:
    """One piece of a card as drawn: the model's whole text, wrapped inside ``rect``."""

    text: str
    rect: QRect
    bold: bool
    right: bool = False  # the status, beside the date when both fit on one line


def card_texts(index: Index) -> tuple[str, str, str, str]:
    """When; status and people; the title; the venue."""
    model = index.model()
    row = index.row()

    def cell(column: int) -> str:
        return str(model.data(model.index(row, column)) or "")

    state = " · ".join(
        text for text in (cell(SessionListModel.STATUS_COLUMN), cell(SessionListModel.PEOPLE_COLUMN)) if text
    )
    return cell(0), state, cell(SessionListModel.TITLE_COLUMN), cell(SessionListModel.VENUE_COLUMN)


def _font(font_key: str, bold: bool) -> QFont:
    font = QFont()
    font.fromString(font_key)
    font.setBold(bold)
    return font


@lru_cache(maxsize=4096)
def _wrapped_size(text: str, width: int, font_key: str, bold: bool) -> tuple[int, int]:
    """How wide and tall ``text`` is wrapped at ``width`` (cached: a long list is laid out on every resize)."""
    rect = QFontMetrics(_font(font_key, bold)).boundingRect(QRect(0, 0, max(width, 1), 100000), WRAP, text)
    return rect.width(), rect.height()


def card_lines(index: Index, rect: QRect, font: QFont) -> list[CardLine]:
    """Where each line of a card goes inside ``rect``: the one layout that sizes and draws a card."""
    key = font.toString()
    width = rect.width() - 2 * PADDING
    left, top = rect.left() + PADDING, rect.top() + PADDING
    when, state, title, venue = card_texts(index)
    when_width, when_height = _wrapped_size(when, width, key, True)
    state_width, state_height = _wrapped_size(state, width, key, False)
    gap = QFontMetrics(font).averageCharWidth() * 2
    if when_width + gap + state_width <= width:  # beside the date, at the right edge
        lines = [
            CardLine(when, QRect(left, top, when_width, when_height), True),
            CardLine(state, QRect(left + width - state_width, top, state_width, state_height), False, True),
        ]
        top += max(when_height, state_height)
    else:
        lines = [CardLine(when, QRect(left, top, width, when_height), True)]
        top += when_height
        lines.append(CardLine(state, QRect(left, top, width, state_height), False))
        top += state_height
    for text in (title, venue):
        height = _wrapped_size(text, width, key, False)[1]
        lines.append(CardLine(text, QRect(left, top, width, height), False))
        top += height
    return lines


class SessionCardDelegate(QStyledItemDelegate):
    """Draws a session as a card as wide as the list, as tall as its wrapped text needs."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        width = self.view.viewport().width() - 2 * self.view.spacing()
        lines = card_lines(index, QRect(0, 0, width, 0), option.font)
        return QSize(width, max(line.rect.bottom() for line in lines) + 1 + PADDING)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        option.text = ""  # the panel only: the lines are drawn below
        widget = option.widget
        style = widget.style() if widget is not None else self.view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(palette.color(role))
        rect: QRect = option.rect
        for line in card_lines(index, rect, option.font):
            font = QFont(option.font)
            font.setBold(line.bold)
            painter.setFont(font)
            painter.drawText(line.rect, WRAP, line.text)  # the whole text, wrapped: never cut short
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())  # a rule between cards
        painter.restore()


class SessionListView(QListView):
    """The sessions as cards; arrows, Page Up/Down, Home and End move through them."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # cards wrap to the width
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)  # cards differ in height
        self.setResizeMode(QListView.ResizeMode.Adjust)  # a new width re-wraps every card
        self.setUniformItemSizes(False)
        self.setWordWrap(True)
        self.setItemDelegate(SessionCardDelegate(self))
