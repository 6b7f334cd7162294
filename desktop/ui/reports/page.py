"""Reports: who comes, who comes back, what keeps people away, who is ready to help."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from desktop.i18n import N_, _
from desktop.ops import Kind
from desktop.reports import Report, ReportFilter, build_report
from desktop.ui.context import AppContext
from desktop.ui.page import Page
from desktop.ui.widgets import Heading, Note, content_scroll
from desktop.vocabulary import BARRIER_LABELS

STAGE_LABELS = {
    "newcomer": N_("Newcomers"),
    "returner": N_("Returners"),
    "peer_helper": N_("Peer helpers"),
    "co_host": N_("Co-hosts"),
    "host": N_("Hosts"),
}


class ReportsPage(Page):
    key = "reports"

    def __init__(self, ctx: AppContext, title: str) -> None:
        super().__init__(ctx, title)
        self.intro = Note(_("Counts from this laptop. After a sync, they include every venue of your organisation."))
        self.layout_.addWidget(self.intro)
        self._grid_host = QWidget()
        self.grid = QGridLayout(self._grid_host)
        self.grid.setRowStretch(999, 1)  # rows stay at the top
        # The figures scroll on a short screen rather than make the window taller than the laptop's.
        self.layout_.addWidget(content_scroll(self._grid_host), 1)
        self.report: Report | None = None
        self.refresh_on(Kind.SESSIONS, Kind.SIGN_INS, Kind.PARTICIPANTS, Kind.EXIT_CARDS)

    def refresh(self) -> None:
        # All time until the page offers filters; the page is the host's own laptop, so names may show.
        self.load(lambda session: build_report(session, ReportFilter(), viewer_is_host=True), self._show)

    def _show(self, report: Report | None, error: BaseException | None) -> None:
        while (item := self.grid.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        if error is not None or report is None:
            self.grid.addWidget(Note(_("The report could not be made: {error}").format(error=error)), 0, 0)
            return
        self.report = report
        rows: list[tuple[str, str] | str] = [
            _("Attendance"),
            (_("Sessions held"), str(report.sessions_held)),
            (_("Sign-ins"), str(report.sign_ins)),
            (_("Different people"), str(report.people)),
            (_("First-timers"), str(report.first_timers)),
            (_("Came back"), f"{report.returners} ({report.return_rate:.0%})"),
            _("What made it hard to come"),
        ]
        if not any(report.barriers.values()):
            rows.append((_("No barriers reported yet"), ""))
        for key, n in sorted(report.barriers.items(), key=lambda item: -item[1]):
            if n:
                rows.append((_(BARRIER_LABELS.get(key, key)), str(n)))
        rows.append(_("Ready to help or host"))
        for key, stage in STAGE_LABELS.items():
            rows.append((_(stage), str(report.ladder.get(key, 0))))
        for r, row in enumerate(rows):
            if isinstance(row, str):
                self.grid.addWidget(Heading(row, 2), r, 0, 1, 2)
                continue
            label, value = QLabel(row[0]), QLabel(value_text := row[1])
            value.setAccessibleName(f"{row[0]}: {value_text}")
            self.grid.addWidget(label, r, 0)
            self.grid.addWidget(value, r, 1)
