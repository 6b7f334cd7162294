"""The projector view: who sits at which table, in type big enough to read from the back of the room.

Only first names and table numbers: nothing else about anyone is shown to the room.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop.i18n import _

HUGE = 2.4  # the title, times the app font; names and numbers grow with the window


def _pixel_font(pixels: int, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    font.setPixelSize(max(12, pixels))
    font.setBold(bold)
    return font


def _font(scale: float, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    return font


class ProjectorView(QWidget):
    """A separate full-screen window; Esc or a click closes it."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(_("Pairs — projector view"))
        self.setAccessibleName(_("Projector view of the pairs"))
        self.setStyleSheet("background: #111; color: #fff;")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 28, 40, 28)
        self.title = QLabel(title or _("Find your table"))
        self.title.setFont(_font(HUGE, True))
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.title)
        self._grid_host = QWidget()
        self.grid = QGridLayout(self._grid_host)
        self.grid.setHorizontalSpacing(36)
        self.grid.setVerticalSpacing(18)
        outer.addWidget(self._grid_host, 1)
        hint = QLabel(_("Press Esc to close"))
        hint.setStyleSheet("color: #aaa;")
        hint.setAlignment(Qt.AlignmentFlag.AlignRight)
        outer.addWidget(hint)
        self.tables: list[tuple[int, list[str]]] = []

    def show_groups(self, tables: list[tuple[int, list[str]]], title: str | None = None) -> None:
        """``tables``: (table number, first names) for each group."""
        if title:
            self.title.setText(title)
        self.tables = tables
        self._render()

    def _render(self) -> None:
        while (item := self.grid.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        tables = self.tables
        columns = 2 if len(tables) <= 10 else 3
        rows = max(1, -(-len(tables) // columns))
        # As large as the window allows: each row gets its share of the height.
        row_px = max(24, (self.height() - 160) // rows - self.grid.verticalSpacing())
        name_px = int(min(row_px * 0.42, self.width() / columns / 14))
        for i, (table, names) in enumerate(tables):
            box = QFrame()
            box.setStyleSheet("QFrame { border: 2px solid #444; border-radius: 10px; }")
            row = QGridLayout(box)
            number = QLabel(str(table))
            number.setFont(_pixel_font(int(name_px * 1.35), True))
            number.setStyleSheet("border: none; color: #ffd54a;")
            number.setAccessibleName(_("Table {n}").format(n=table))
            number.setMinimumWidth(int(number.fontMetrics().horizontalAdvance("00") * 1.2))
            # Each name isolated, so a right-to-left name does not reorder the line.
            who = QLabel(" · ".join(f"\u2068{n}\u2069" for n in names))
            who.setFont(_pixel_font(name_px))
            who.setStyleSheet("border: none;")
            who.setWordWrap(True)
            who.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            row.addWidget(number, 0, 0)
            row.addWidget(who, 0, 1)
            row.setColumnStretch(1, 1)
            self.grid.addWidget(box, i // columns, i % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.tables:
            self._render()

    def open_full_screen(self) -> None:
        """On a second screen when there is one (the projector), else full screen here."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            self.setScreen(screens[1])
            self.move(screens[1].geometry().topLeft())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Q):
            self.close()
            return
        super().keyPressEvent(event)
