"""Find a session: the public pages of upcoming sessions, their calendar feed and their printable flyers.

Nobody needs to sign in. Only organisations that publish their sessions (``hub.find_store``) appear;
every query goes through ``hub.boards.find.public_scope``, so another organisation's session answers
404 like a session that does not exist. What is shown is the session, its venue and its lessons (the
answers of ``desktop.handouts.flyer``, the same the printed flyer gives), never a person or a count.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response

from desktop.handouts.documents import handout_language
from desktop.handouts.flyer import FIND_PATH, FlyerSession, answers, flyer_pdf, session_page_path, what_happens
from desktop.handouts.layout import Options
from desktop.i18n import _, current_language
from hub import ics
from hub.boards import find as f
from hub.store import reading
from hub.web.auth import engine_of
from hub.web.pages.account import _public_url
from hub.web.render import render

router = APIRouter()

# The hub's address for links that leave the page (QR codes, calendar entries), as the invite links use.
public_url = _public_url


def _now() -> datetime:
    return datetime.now(UTC)


def _short_facts(info: FlyerSession) -> list[str]:
    """ "Step-free access: Yes" and the like, for the list (the full answers are on the session's page)."""
    skip = {_("When"), _("Where")}
    return [
        _("{question}: {answer}").format(question=a.question, answer=a.answer)
        for a in answers(info, current_language())
        if a.question not in skip
    ]


@router.get(FIND_PATH)
def find_page(request: Request) -> Response:
    with reading(engine_of(request)) as conn:
        sessions = f.upcoming(conn, f.public_scope(conn), _now())
    listed = [
        {
            "info": info,
            "path": session_page_path(info.id),
            "when": answers(info, current_language())[0].answer,
            "facts": _short_facts(info),
        }
        for info in sessions
    ]
    return render(request, "find.html", None, title=_("Find a session"), sessions=listed, feed=f"{FIND_PATH}.ics")


@router.get(FIND_PATH + "/sessions/{session_id}")
def session_page(request: Request, session_id: str) -> Response:
    with reading(engine_of(request)) as conn:
        info = f.public_session(conn, f.public_scope(conn), session_id, public_url(request))
    path = session_page_path(info.id)
    return render(
        request,
        "find_session.html",
        None,
        title=info.heading,
        info=info,
        answers=answers(info, current_language()),
        lessons=what_happens(info),
        ended=f.has_ended(info, _now()),
        calendar=f"{path}/calendar.ics",
        flyer=f"{path}/flyer.pdf",
        back=FIND_PATH,
    )


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def _event(info: FlyerSession, base: str) -> ics.Event:
    lines = [
        " ".join(_sentence(part) for part in (f"{a.question}: {a.answer}", *a.details))
        for a in answers(info, current_language())[2:]  # when and where are the event's own fields
    ]
    lines += [_("What happens there: {lesson}").format(lesson=lesson.title) for lesson in info.lessons]
    place = ", ".join([info.venue_name, *(line.strip() for line in info.venue_address.splitlines() if line.strip())])
    return ics.Event(
        uid=f"{info.id}@onramp-find",
        starts=f.moment(info, info.starts_at),
        ends=f.moment(info, info.ends_at),
        summary=info.heading,
        location=place,
        description="\n".join(lines),
        url=base + session_page_path(info.id),
    )


def _calendar(events: list[ics.Event], name: str, filename: str) -> Response:
    body = ics.calendar(events, name, _now())
    return Response(
        body.encode("utf-8"),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(FIND_PATH + ".ics")
def find_calendar(request: Request) -> Response:
    base = public_url(request)
    with reading(engine_of(request)) as conn:
        sessions = f.upcoming(conn, f.public_scope(conn), _now(), base)
    return _calendar([_event(info, base) for info in sessions], _("Find a session"), "sessions.ics")


@router.get(FIND_PATH + "/sessions/{session_id}/calendar.ics")
def session_calendar(request: Request, session_id: str) -> Response:
    base = public_url(request)
    with reading(engine_of(request)) as conn:
        info = f.public_session(conn, f.public_scope(conn), session_id, base)
    return _calendar([_event(info, base)], info.heading, "session.ics")


@router.get(FIND_PATH + "/sessions/{session_id}/flyer.pdf")
def session_flyer(request: Request, session_id: str, large: bool = False, paper: str = "a4") -> Response:
    with reading(engine_of(request)) as conn:
        info = f.public_session(conn, f.public_scope(conn), session_id, public_url(request))
    # The flyer speaks the session's language, as the laptop prints it.
    pdf = flyer_pdf(info, Options(paper, large, handout_language(info.language)))
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": 'inline; filename="flyer.pdf"'})
