"""Today: the sessions happening today, the fortnight ahead, and a way into each."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _, ngettext
from desktop.ops import Kind
from desktop.sessions.wording import STATUS_LABELS, people_count
from desktop.today import SessionSummary, TodayOverview, today_overview
from desktop.ui.context import AppContext
from desktop.ui.lessons.starter_offer import StarterLessonsOffer
from desktop.ui.page import Page
from desktop.ui.widgets import Card, Heading, Note, content_scroll, format_datetime


class TodayPage(Page):
    key = "today"

    def __init__(self, ctx: AppContext, title: str) -> None:
        super().__init__(ctx, title)
        self.summary = Note("")
        self.layout_.addWidget(self.summary)
        # A new host's first step, where the app opens: hidden once this laptop has lessons.
        self.starter_offer = StarterLessonsOffer(ctx)
        self.layout_.addWidget(self.starter_offer)
        self._body = QWidget()
        self._list = QVBoxLayout(self._body)
        self._list.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.layout_.addWidget(content_scroll(self._body), 1)
        self.overview: TodayOverview | None = None
        self.card_texts: dict[str, QLabel] = {}  # session id -> the words on its card
        self.refresh_on(Kind.SESSIONS, Kind.VENUES, Kind.SIGN_INS)

    def refresh(self) -> None:
        # Plain sqlite3 off the UI thread: the page the window opens on shows its data without waiting
        # for SQLAlchemy and the database thread, which load meanwhile.
        self.read(today_overview, self._show)

    def _show(self, overview: TodayOverview | None, error: BaseException | None) -> None:
        while (item := self._list.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        if error is not None or overview is None:
            self.summary.setText(_("Today's sessions could not be loaded: {error}").format(error=error))
            return
        self.overview = overview
        self.card_texts.clear()
        n = overview.people_last_30_days
        self.summary.setText(
            _("No one has come to a session in the last 30 days yet.")
            if n == 0
            else ngettext(
                "{n} person came to a session in the last 30 days.",
                "{n} people came to a session in the last 30 days.",
                n,
            ).format(n=n)
        )
        self._list.addWidget(Heading(_("Today"), 2))
        if not overview.today:
            self._list.addWidget(Note(_("No sessions today. Plan one on the Sessions page, or enjoy the rest.")))
        for s in overview.today:
            self._list.addWidget(self._card(s, today=True))
        self._list.addWidget(Heading(_("Next two weeks"), 2))
        if not overview.upcoming:
            self._list.addWidget(Note(_("Nothing planned for the next two weeks yet.")))
        for s in overview.upcoming:
            self._list.addWidget(self._card(s, today=False))
        self._list.addStretch(1)

    def _card(self, s: SessionSummary, today: bool) -> Card:
        card = Card()
        card.setAccessibleName(_("Session: {title}").format(title=s.title))
        row = QHBoxLayout()
        when = format_datetime(s.starts_at, "HH:mm" if today else "ddd d MMM, HH:mm")
        # A closed session says who came; one still on says who is signed in.
        people = people_count(s.signed_in, s.capacity, s.is_over(datetime.now()))
        self.card_texts[s.id] = text = QLabel(
            _("{when} — {title}\n{venue} · {status} · {people}").format(
                when=when, title=s.title, venue=s.venue, status=_(STATUS_LABELS.get(s.status, s.status)), people=people
            )
        )
        text.setWordWrap(True)
        row.addWidget(text, 1)
        button = QPushButton(_("Open session") if today else _("Details"))
        # Heard by the words it shows, then which session: "Details: Household budget".
        button.setAccessibleName(_("{button}: {title}").format(button=button.text(), title=s.title))
        button.setAccessibleDescription(_("Open session {title}").format(title=s.title))
        button.clicked.connect(lambda _=False, sid=s.id: self.ctx.events.open_session_requested.emit(sid))
        row.addWidget(button)
        card.body.addLayout(row)
        return card
