"""What every kiosk screen shares: its base class, its labels and buttons, and the wording of
choices that several screens (and the host's pages) show."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_
from desktop.languages import LANGUAGES
from desktop.ui.wrapping_layout import WrappingLayout

HEARD_LABELS = {
    "place_of_worship": N_("My church or place of worship"),
    "salon": N_("A salon"),
    "barbershop": N_("A barbershop"),
    "friend": N_("A friend or family member"),
    "flyer": N_("A flyer or poster"),
    "union": N_("My union"),
    "online": N_("Online"),
    "other": N_("Somewhere else"),
}
# Languages are offered in their own names, so everyone can find theirs: every language the app
# knows (desktop.languages, the one list), not a shorter copy of it.
LANGUAGE_NAMES = tuple((lang.code, lang.endonym) for lang in LANGUAGES)


def label(role: str = "", wrap: bool = True) -> QLabel:
    widget = QLabel()
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    return widget


def button(secondary: bool = False, checkable: bool = False) -> QPushButton:
    widget = QPushButton()
    widget.setProperty("secondary", "true" if secondary else "false")
    widget.setCheckable(checkable)
    widget.setAutoDefault(True)  # Enter presses the focused button
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


def choice(exclusive: bool) -> QPushButton:
    """A big tile to tap. One-of tiles (``exclusive``, grouped by their parent) report the radio button
    role, move with the arrow keys and take one Tab stop per group; any-of tiles report the check box
    role and each takes a Tab stop. Both say whether they are selected."""
    widget = button(secondary=True, checkable=True)
    widget.setProperty("choice", "true")
    widget.setAutoExclusive(exclusive)
    # Never narrower or shorter than its text: a squeezed tile shows nothing, or "Mavbe" for "Maybe".
    widget.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
    return widget


def clear_choices(buttons: list[QPushButton]) -> None:
    for b in buttons:
        exclusive = b.autoExclusive()
        b.setAutoExclusive(False)  # an exclusive tile cannot otherwise be unticked
        b.setChecked(False)
        b.setAutoExclusive(exclusive)


class TileLayout(WrappingLayout):
    """Equal tiles, as many across as fit the width, wrapping onto more rows as the text grows.

    A grid with a fixed number of columns either overflows a small screen or squeezes its buttons;
    this keeps every tile at least as large as its text and lets the rows grow instead.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 12) -> None:
        super().__init__(parent)
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def _tile(self) -> QSize:
        hints = [item.sizeHint() for item in self._items if not item.isEmpty()]
        return QSize(max((h.width() for h in hints), default=0), max((h.height() for h in hints), default=0))

    def sizeHint(self) -> QSize:
        tile = self._tile()
        n = len([i for i in self._items if not i.isEmpty()])
        return QSize(n * tile.width() + max(0, n - 1) * self.spacing(), tile.height())

    def minimumSize(self) -> QSize:
        tile = self._tile()  # one column: the widest tile
        m = self.contentsMargins()
        return QSize(tile.width() + m.left() + m.right(), tile.height() + m.top() + m.bottom())

    def _arrange(self, rect: QRect, place: bool) -> int:
        items = [item for item in self._items if not item.isEmpty()]
        if not items:
            return 0
        tile, gap = self._tile(), self.spacing()
        m = self.contentsMargins()
        width = max(rect.width() - m.left() - m.right(), tile.width())
        across = max(1, min(len(items), (width + gap) // (tile.width() + gap)))
        cell = (width - (across - 1) * gap) // across
        rows = (len(items) + across - 1) // across
        if place:
            for i, item in enumerate(items):
                row, col = divmod(i, across)
                origin = QPoint(
                    rect.x() + m.left() + col * (cell + gap), rect.y() + m.top() + row * (tile.height() + gap)
                )
                item.setGeometry(QRect(origin, QSize(cell, tile.height())))
        return rows * tile.height() + (rows - 1) * gap + m.top() + m.bottom()


class Tiles(QWidget):
    """A group of choice tiles under one question; the group is named by the question for screen readers.

    A one-of group is a single Tab stop, on its chosen tile (or its first): the arrow keys move
    within it, Tab moves on to the next question, as a screen reader user expects of radio buttons.
    """

    def __init__(self, keys: list, exclusive: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.exclusive = exclusive
        layout = TileLayout(self)
        self.buttons: dict = {}
        for key in keys:
            b = choice(exclusive)
            layout.addWidget(b)
            self.buttons[key] = b
            if exclusive:
                b.toggled.connect(self._rove)
        self._rove()

    def tab_stop(self) -> QPushButton:
        tiles = list(self.buttons.values())
        return next((b for b in tiles if b.isChecked()), tiles[0])

    def _rove(self) -> None:
        if not self.exclusive:
            return
        stop = self.tab_stop()
        for b in self.buttons.values():
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus if b is stop else Qt.FocusPolicy.ClickFocus)

    def checked(self) -> list:
        return [key for key, b in self.buttons.items() if b.isChecked()]

    def clear(self) -> None:
        clear_choices(list(self.buttons.values()))
        self._rove()


class ScrollBody(QScrollArea):
    """The part of a screen that scrolls when large text needs it, while the buttons below stay in view.

    It asks for little height of its own (it takes whatever is left), so the screen around it never
    grows taller than the display and pushes its buttons out of sight.
    """

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumSizeHint().height())


def scroll_body(body: QWidget) -> QScrollArea:
    """A ``ScrollBody`` around ``body``. The frame itself is never a Tab stop (a nameless stop tells a
    screen reader nothing)."""
    area = ScrollBody()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(body)
    return area


def set_text(widget: QWidget, text: str, description: str = "") -> None:
    """Set a control's text and its accessible name together."""
    widget.setText(text)  # type: ignore[attr-defined]
    widget.setAccessibleName(text.replace("&", ""))
    if description:
        widget.setAccessibleDescription(description)


class Screen(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(48, 24, 48, 24)
        self.layout_.setSpacing(18)

    def retranslate(self) -> None:  # pragma: no cover - every screen overrides
        raise NotImplementedError

    def first_focus(self) -> QWidget | None:
        return None

    def reset(self) -> None:
        """Forget what the last person typed."""
