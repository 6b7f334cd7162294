"""A flyer for one session, and the answers it gives before anyone comes: the same on paper and on the hub.

What people ask before they come to a session (when, where, can I get there by bus, is it step-free,
is there childcare or food, in which language, what happens there) is answered here once, from a
plain ``FlyerSession``: the hub's public "Find a session" page shows these answers, and the flyer
prints them with a QR code to that page. The laptop prints the same flyer, with the QR code when it
is enrolled with a hub (the hub's address is where the page lives) and without one when it is not.

Nothing about people is here: no hosts, helpers, sign-ins or counts, only the session and its venue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from desktop import dates
from desktop.handouts.layout import Meta, Options, build_pdf, para, styles_for
from desktop.i18n import _, language
from desktop.languages import language_name

FIND_PATH = "/find"  # the hub's public page of upcoming sessions


def session_page_path(session_id: str) -> str:
    """Where a session's public page lives on the hub."""
    return f"{FIND_PATH}/sessions/{session_id}"


def session_page_url(hub_url: str, session_id: str) -> str:
    return hub_url.rstrip("/") + session_page_path(session_id)


@dataclass(frozen=True)
class LessonSummary:
    title: str
    objectives: tuple[str, ...] = ()


@dataclass(frozen=True)
class FlyerSession:
    """A session as the public may know it: the session and its venue, never a person."""

    id: str
    title: str
    starts_at: datetime  # the venue's wall-clock time
    duration_minutes: int
    language: str  # a BCP 47 code
    venue_name: str
    venue_address: str = ""
    public_transport: bool = False
    step_free: bool = False
    parking: bool = False
    access_notes: str = ""
    offers: tuple[str, ...] = ()  # "childcare", "food"
    lessons: tuple[LessonSummary, ...] = ()
    organisation: str = ""
    page_url: str = ""  # the hub's public page for it; "" when there is none (a laptop not enrolled)
    timezone: str = ""  # the IANA zone of the venue's clock, where known (the hub's calendar needs it)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=max(0, self.duration_minutes))

    @property
    def heading(self) -> str:
        """The session's own title, else its first lesson's."""
        if self.title.strip():
            return self.title.strip()
        return self.lessons[0].title if self.lessons else _("Taster session")


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    details: tuple[str, ...] = field(default=())  # more lines under the answer (an address, objectives)


def when_text(info: FlyerSession, code: str) -> str:
    """ "Tuesday 3 March 2026, 18:00 to 19:30", in the language ``code``."""
    start = dates.date_text(info.starts_at, code)
    if info.duration_minutes <= 0:
        return start
    return _("{start} to {end}").format(start=start, end=f"{info.ends_at:%H:%M}")


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def answers(info: FlyerSession, code: str) -> list[Answer]:
    """The questions people ask before they come, answered from the session and its venue.

    In the current language (``desktop.i18n``); ``code`` is that language, for the dates.
    """
    found = [
        Answer(_("When"), when_text(info, code)),
        Answer(_("Where"), info.venue_name, tuple(line for line in info.venue_address.splitlines() if line.strip())),
        Answer(_("Near public transport"), _yes_no(info.public_transport)),
        Answer(
            _("Step-free access"),
            _yes_no(info.step_free),
            (info.access_notes.strip(),) if info.access_notes.strip() else (),
        ),
        Answer(_("Parking"), _yes_no(info.parking)),
        Answer(_("Childcare"), _yes_no("childcare" in info.offers)),
        Answer(_("Food"), _yes_no("food" in info.offers)),
        Answer(_("Language"), _capital(language_name(info.language))),
    ]
    return found


def what_happens(info: FlyerSession) -> list[Answer]:
    """Each lesson of the session with what people will be able to do after it."""
    return [Answer(lesson.title, "", lesson.objectives) for lesson in info.lessons]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# The PDF -------------------------------------------------------------------------------------------------

QR_SIDE = 110.0  # points: about 39 mm, scanned easily from a wall


def flyer_pdf(info: FlyerSession, options: Options) -> bytes:
    """One page: the session's answers in the flyer's language, and a QR code to its page when there is one."""
    with language(options.language):
        return build_pdf(
            _story(info, options),
            Meta(_("Find a session") + f": {info.heading}", subject=info.venue_name),
            options,
            footer=False,
        )


def _story(info: FlyerSession, options: Options) -> list[Flowable]:
    theme = options.theme
    st = styles_for(theme)
    story: list[Flowable] = []
    if info.organisation:
        story.append(para(info.organisation, st.small))
    story.append(para(_("Free taster session: no experience needed"), st.label))
    story.append(para(info.heading, st.h1))
    story.append(Spacer(1, theme.body * 0.3))

    rows = []
    for item in answers(info, options.language):
        lines = [para(item.answer, st.body, bold=item.question in (_("When"), _("Where")))]
        lines += [para(line, st.body) for line in item.details]
        rows.append([para(item.question, st.body, bold=True), lines])
    table = Table(rows, colWidths=["32%", "68%"], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), theme.rule_width, theme.rule),
                ("TOPPADDING", (0, 0), (-1, -1), theme.body * 0.35),
                ("BOTTOMPADDING", (0, 0), (-1, -1), theme.body * 0.2),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    story.append(table)

    lessons = what_happens(info)
    if lessons:
        story.append(para(_("What happens there"), st.h2))
        for lesson in lessons:
            story.append(para(lesson.question, st.h3))
            for line in lesson.details[:5]:
                story.append(para(f"•  {line}", st.body))

    if info.page_url:
        from desktop.handouts.takehome import QrCode

        code = QrCode(info.page_url, max(QR_SIDE, theme.body * 7))
        code.hAlign = "CENTER"
        story.append(Spacer(1, theme.body))
        story.append(
            KeepTogether(
                [
                    code,
                    para(_("Scan for the details, or to add it to your calendar:"), st.small, align=TA_CENTER),
                    para(info.page_url, st.small, align=TA_CENTER),
                ]
            )
        )
    return story


# On the laptop -------------------------------------------------------------------------------------------


def collect_flyer(session, session_id: str) -> FlyerSession:
    """The flyer's session from this laptop's database, with its hub page when the laptop is enrolled."""
    from desktop.handouts.data import HandoutError
    from desktop.models.entities import Lesson, TasterSession, Venue
    from desktop.models.local import SyncState

    found = session.get(TasterSession, session_id)
    if found is None or found.deleted:
        raise HandoutError(_("Pick a session first."))
    venue = session.get(Venue, found.venue_id)
    lessons = []
    for lesson_id in found.lesson_ids or []:
        row = session.get(Lesson, lesson_id)
        if row is not None and not row.deleted:
            lessons.append(lesson_summary(row.title, row.text or "", row.slug, row.language or "en"))
    state = session.get(SyncState, 1)
    enrolled = state is not None and bool(state.hub_url) and bool(state.device_token)
    return flyer_session(
        found,
        venue,
        lessons,
        organisation=state.organisation if state is not None else "",
        page_url=session_page_url(state.hub_url, found.id) if enrolled and state is not None else "",
    )


def lesson_summary(title: str, text: str, slug: str = "", language_code: str = "en") -> LessonSummary:
    """A lesson's title and its objectives (what people can do after it), read from its Markdown."""
    from desktop.handouts.data import LessonInfo
    from desktop.handouts.lesson_source import doc_for, objectives

    doc = doc_for(LessonInfo(slug, slug, title, language_code, text=text))
    return LessonSummary(title, tuple(objectives(doc)))


def flyer_session(
    found, venue, lessons: list[LessonSummary], *, organisation: str = "", page_url: str = "", timezone: str = ""
) -> FlyerSession:
    """A ``FlyerSession`` from a session and its venue (laptop models, or the hub's projected rows)."""
    offers = venue.offers if venue is not None else []
    if isinstance(offers, str):  # the hub's projection holds lists as their JSON text
        import json

        offers = json.loads(offers or "[]")
    return FlyerSession(
        id=found.id,
        title=found.title or "",
        starts_at=found.starts_at,
        duration_minutes=found.duration_minutes or 0,
        language=found.language or "en",
        venue_name=venue.name if venue is not None else "",
        venue_address=venue.address or "" if venue is not None else "",
        public_transport=bool(venue is not None and venue.public_transport),
        step_free=bool(venue is not None and venue.step_free),
        parking=bool(venue is not None and venue.parking),
        access_notes=venue.access_notes or "" if venue is not None else "",
        offers=tuple(str(o) for o in offers or ()),
        lessons=tuple(lessons),
        organisation=organisation,
        page_url=page_url,
        timezone=timezone,
    )
