"""Reports: who comes, who comes back, what people said, what the chapter changed, and how we counted.

The filter bar picks the sessions; the chosen filter is said in words at the top. Every section is a
captioned table (a screen reader reads its numbers); each section keeps a place beside its tables for
the chart of the same numbers (``chart_slots``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from desktop.i18n import _, ngettext
from desktop.ops import Kind
from desktop.reports import Report, ReportFilter, build_report, describe
from desktop.reports.choices import FilterChoices, filter_choices
from desktop.reports.definitions import how_we_counted
from desktop.reports.interventions import InterventionEffect, how_we_compared, intervention_effects
from desktop.reports.report import REMARKS_SHOWN
from desktop.reports.series import (
    AttendanceSeries,
    BarrierSeries,
    LadderFunnel,
    attendance_series,
    barrier_series,
    ladder_funnel,
)
from desktop.reports.tables import as_text_table, barriers_table, ratings_table, will_return_table
from desktop.settings import LAPSED_AFTER_SESSIONS
from desktop.ui.a11y import LiveLabel
from desktop.ui.context import AppContext
from desktop.ui.page import Page
from desktop.ui.reports.charts import AttendanceChart, BarrierChart, LadderChart
from desktop.ui.reports.filter_bar import FilterBar
from desktop.ui.reports.host_lists import HostLists
from desktop.ui.reports.intervention_dialog import InterventionDialog
from desktop.ui.reports.report_table import captioned
from desktop.ui.reports.section_tables import (
    attendance_table,
    intervention_table,
    people_table,
    remarks_table,
)
from desktop.ui.widgets import Heading, content_scroll, set_button_text

# The sections that have a chart beside their tables (desktop/ui/reports/charts.py fills them).
CHART_SECTIONS = ("attendance", "people", "said")
REMARK_ROWS_SHOWN = 8  # the comments table scrolls past these, so one long list never buries the page


@dataclass
class ReportView:
    """Everything one load brings: the report, each change's before and after, and the pickers' choices."""

    report: Report
    attendance: AttendanceSeries
    barriers: BarrierSeries
    funnel: LadderFunnel
    effects: list[InterventionEffect] = field(default_factory=list)
    choices: FilterChoices = field(default_factory=FilterChoices)


def load_view(session: Session, report_filter: ReportFilter, today: date) -> ReportView:
    # The main window is the host's (participants only see the kiosk), so signed cards show their names.
    return ReportView(
        build_report(session, report_filter, viewer_is_host=True),
        attendance_series(session, report_filter),
        barrier_series(session, report_filter),
        ladder_funnel(session, report_filter),
        intervention_effects(session, report_filter, today=today),
        filter_choices(session),
    )


def _words(text: str) -> QLabel:
    """A paragraph a screen reader reads as it is (not announced on every reload, as a live label is)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def _holder() -> QWidget:
    """A place in the page whose content each load replaces."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    return holder


def _swap(holder: QWidget, content: QWidget) -> None:
    layout = holder.layout()
    assert layout is not None
    while (item := layout.takeAt(0)) is not None:
        if (old := item.widget()) is not None:
            old.hide()
            old.deleteLater()
    layout.addWidget(content)
    content.show()  # now, not at the next event loop turn: the page is whole as soon as it is loaded


class ReportsPage(Page):
    key = "reports"

    def __init__(self, ctx: AppContext, title: str) -> None:
        super().__init__(ctx, title)
        self.report: Report | None = None
        self.view: ReportView | None = None
        self.dialog: InterventionDialog | None = None
        self.filter_bar = FilterBar(date.today())
        self.filter_bar.changed.connect(lambda _f: self.refresh())
        self.layout_.addWidget(self.filter_bar)
        said = QHBoxLayout()
        self.described = LiveLabel("")
        self.described.setWordWrap(True)
        self.described.setStyleSheet("font-weight: bold;")
        said.addWidget(self.described, 1)
        self.record_button = QPushButton()
        set_button_text(self.record_button, _("&Record a change…"), _("What the chapter changed at a venue, and when"))
        self.record_button.clicked.connect(self.record_change)
        said.addWidget(self.record_button)
        self.layout_.addLayout(said)

        content = QWidget()
        self.content_layout = QVBoxLayout(content)
        self.content_layout.setContentsMargins(0, 0, 8, 0)
        self.content_layout.setSpacing(12)
        self.body = _holder()
        self.content_layout.addWidget(self.body)
        # The host's lists load themselves (names only for the host: the main window is the host's).
        self.host_lists = HostLists(ctx, viewer_is_host=True)
        self.content_layout.addWidget(self.host_lists)
        self.counted = _holder()
        self.content_layout.addWidget(self.counted)
        self.content_layout.addStretch(1)
        self.chart_slots: dict[str, QVBoxLayout] = {}
        self.layout_.addWidget(content_scroll(content), 1)
        self.refresh_on(
            Kind.SESSIONS,
            Kind.SIGN_INS,
            Kind.PARTICIPANTS,
            Kind.EXIT_CARDS,
            Kind.INTERVENTIONS,
            Kind.LADDER_STEPS,
            Kind.VENUES,
            Kind.LESSONS,
        )

    # Loading -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the report for the chosen filter on the database thread; the page stays usable."""
        today = date.today()
        self.filter_bar.today = today
        report_filter = self.filter_bar.report_filter()
        self.load(lambda session: load_view(session, report_filter, today), self._show)

    def _show(self, view: ReportView | None, error: BaseException | None) -> None:
        if error is not None or view is None:
            self.described.setText(_("The report could not be made: {error}").format(error=error))
            return
        self.view, self.report = view, view.report
        self.filter_bar.set_choices(view.choices)
        self.record_button.setEnabled(bool(view.choices.venues))
        names = view.choices.names
        self.described.setText(describe(view.report.filter, names))
        _swap(self.body, self._build_body(view, names))
        _swap(self.counted, self._build_counted())

    # Sections --------------------------------------------------------------------------------------

    def _section(self, layout: QVBoxLayout, title: str, chart: str = "") -> QVBoxLayout:
        """A heading, then a column for the section's tables; under them, the chart slot if it has one
        (the chart brings its own month-by-month table, too wide to sit beside ours at 1280 pixels)."""
        layout.addWidget(Heading(title, 2))
        tables = QVBoxLayout()
        tables.setSpacing(10)
        layout.addLayout(tables)
        if chart:
            slot = QVBoxLayout()
            self.chart_slots[chart] = slot
            layout.addLayout(slot)
        return tables

    def _build_body(self, view: ReportView, names: dict[str, str]) -> QWidget:
        report = view.report
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.chart_slots = {}

        attendance = self._section(layout, _("Attendance"), "attendance")
        attendance.addWidget(captioned(attendance_table(report)))
        self.chart_slots["attendance"].addWidget(AttendanceChart(view.attendance))

        people = self._section(layout, _("People"), "people")
        people.addWidget(captioned(people_table(report)))
        self.chart_slots["people"].addWidget(LadderChart(view.funnel))

        said = self._section(layout, _("What people said"), "said")
        cards = ngettext("From {n} exit card.", "From {n} exit cards.", report.exit_cards).format(n=report.exit_cards)
        said.addWidget(_words(cards))
        for table in (ratings_table(report), will_return_table(report), barriers_table(report)):
            said.addWidget(captioned(as_text_table(table, hide_small=False)))
        self.chart_slots["said"].addWidget(BarrierChart(view.barriers))

        remarks = self._section(layout, _("Comments"))
        if report.remarks:
            remarks.addWidget(captioned(remarks_table(report, names), max_rows=REMARK_ROWS_SHOWN, wrap=True))
            if report.remarks_total > len(report.remarks):
                remarks.addWidget(
                    _words(
                        _("The newest {shown} of {total} are listed.").format(
                            shown=min(REMARKS_SHOWN, len(report.remarks)), total=report.remarks_total
                        )
                    )
                )
        else:
            remarks.addWidget(_words(_("No comments on the exit cards of these sessions.")))

        changes = self._section(layout, _("Changes the chapter made"))
        if not view.effects:
            changes.addWidget(
                _words(_("No change recorded at these venues in this period. “Record a change…” adds one."))
            )
        for effect in view.effects:
            changes.addWidget(captioned(intervention_table(effect, names), note=effect.description))
            for warning in effect.warnings:
                warn = _words(warning)
                warn.setStyleSheet("color: #7a4b00;")
                changes.addWidget(warn)
        return body

    def _build_counted(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(Heading(_("How we counted"), 2))
        lapsed_after = int(self.ctx.settings.get(LAPSED_AFTER_SESSIONS))
        for text in (*how_we_counted(lapsed_after), *how_we_compared()):
            layout.addWidget(_words(text))
        return box

    # Recording a change ------------------------------------------------------------------------------

    def record_change(self) -> None:
        """Open the dialog; once saved, ``refresh_on(Kind.INTERVENTIONS)`` reloads the page."""
        venues = self.view.choices.venues if self.view else []
        self.dialog = InterventionDialog(self.ctx, venues, date.today(), self)
        self.dialog.open()
