"""The lesson commons on the web: /commons (browse and search) and /commons/{id} (a lesson's page).

Open to anyone when the hub's admin made the commons public (``onramp-hub commons public on``),
else to anyone signed in, whatever their role. What is shown is what the commons shares already:
published lessons with their licence, credit, lineage and remixes, and usage figures without people.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from desktop.commons.licences import licence
from desktop.i18n import LANGUAGES, _, ngettext
from desktop.lessons.document import LEVEL_LABELS
from desktop.reports.tables import day_text
from hub.boards import commons as c
from hub.commons_public import commons_is_public
from hub.scope import NotFound
from hub.store import reading
from hub.web.auth import SignInRequired, engine_of, signed_in_of
from hub.web.render import render

router = APIRouter()
COMMONS_PATH = "/commons"


def lesson_path(commons_lesson_id: str) -> str:
    return f"{COMMONS_PATH}/{commons_lesson_id}"


def _open_to(request: Request, public: bool) -> None:
    """Signed out on a commons that is not public: to the sign-in page, and back here afterwards."""
    if not public and signed_in_of(request) is None:
        query = request.url.query
        raise SignInRequired(request.url.path + (f"?{query}" if query else ""))


def _language_name(code: str) -> str:
    return LANGUAGES.get(code, code)


def _facts(v: c.Version) -> list[str]:
    """Level, language, length and topics, in words."""
    facts = []
    if v.level:
        facts.append(_(LEVEL_LABELS[v.level]) if v.level in LEVEL_LABELS else v.level)
    if v.language:
        facts.append(_language_name(v.language))
    if v.minutes:
        facts.append(ngettext("{n} minute", "{n} minutes", v.minutes).format(n=v.minutes))
    if v.tags:
        facts.append(_("Topics: {topics}").format(topics=", ".join(v.tags)))
    return facts


def _usage_words(u: c.Usage) -> str:
    sessions = ngettext("Used in {n} session", "Used in {n} sessions", u.sessions).format(n=u.sessions)
    orgs = ngettext("by {n} organisation", "by {n} organisations", u.organisations).format(n=u.organisations)
    words = f"{sessions} {orgs}" if u.sessions else _("Not used in a session yet")
    if u.rating is not None:
        words += " · " + _("rated {rating} out of 3 on exit cards").format(rating=f"{u.rating:.1f}")
    return words


def _licence_words(licence_id: str) -> dict[str, str]:
    found = licence(licence_id)
    return {"short": found.short_name, "name": _(found.name), "url": found.url, "in_words": _(found.in_words)}


def _item(listed: c.Listed) -> dict[str, Any]:
    v = listed.latest
    return {
        "path": lesson_path(v.commons_lesson_id),
        "title": v.title,
        "by": _("By {authors} ({organisation})").format(authors=", ".join(v.authors), organisation=v.organisation),
        "facts": " · ".join(_facts(v)),
        "licence": licence(v.licence).short_name,
        "usage": _usage_words(listed.usage),
    }


def _page_link(words: str, language: str, page: int) -> str:
    query = {k: v for k, v in (("q", words), ("language", language), ("page", str(page))) if v and v != "1"}
    return COMMONS_PATH + ("?" + urlencode(query) if query else "")


@router.get(COMMONS_PATH)
def commons_page(request: Request, q: str = "", language: str = "", page: str = "1") -> Response:
    words, language = q.strip()[:200], language.strip()[:16]
    asked_page = int(page) if page.isdigit() and len(page) < 7 else 1
    with reading(engine_of(request)) as conn:
        _open_to(request, commons_is_public(conn))
        found = c.find_lessons(conn, words, language, asked_page)
        choices = [(code, _language_name(code)) for code in c.languages(conn)]
    if words or language:
        summary = ngettext("{n} lesson found", "{n} lessons found", found.total).format(n=found.total)
    else:
        summary = ngettext("{n} lesson in the commons", "{n} lessons in the commons", found.total).format(n=found.total)
    return render(
        request,
        "commons.html",
        None,
        title=_("Lesson commons"),
        words=words,
        language=language,
        lesson_languages=choices,
        summary=summary,
        lessons=[_item(listed) for listed in found.lessons],
        page=found.page,
        pages=found.pages,
        previous=_page_link(words, language, found.page - 1) if found.page > 1 else "",
        next=_page_link(words, language, found.page + 1) if found.page < found.pages else "",
    )


def _lineage_item(v: c.Version) -> dict[str, Any]:
    return {
        "title": v.title,
        "path": lesson_path(v.commons_lesson_id) if v.published else "",
        "by": _("By {authors} ({organisation})").format(authors=", ".join(v.authors), organisation=v.organisation),
        "version": _("version {n}").format(n=v.number),
    }


@router.get(COMMONS_PATH + "/{commons_lesson_id}")
def lesson_page(request: Request, commons_lesson_id: str) -> Response:
    with reading(engine_of(request)) as conn:
        _open_to(request, commons_is_public(conn))
        found = c.lesson_page(conn, commons_lesson_id[:64])
    latest = found.latest
    versions = [
        {
            "number": v.number,
            "day": day_text(v.published_at.date()),
            "title": v.title,
            "licence": licence(v.licence).short_name,
            "authors": ", ".join(v.authors),
            "download": f"{lesson_path(v.commons_lesson_id)}/versions/{v.number}.md",
        }
        for v in found.versions
    ]
    return render(
        request,
        "commons_lesson.html",
        None,
        title=latest.title,
        back=COMMONS_PATH,
        by=_("By {authors} ({organisation})").format(
            authors=", ".join(latest.authors), organisation=latest.organisation
        ),
        facts=" · ".join(_facts(latest)),
        usage=_usage_words(found.usage),
        licence=_licence_words(latest.licence),
        credit=found.credit,
        parent=_lineage_item(found.parent) if found.parent else None,
        source=_lineage_item(found.source) if found.source else None,
        remixes=[_lineage_item(v) for v in found.remixes],
        versions=versions,
        newest=versions[0],
    )


@router.get(COMMONS_PATH + "/{commons_lesson_id}/versions/{number}.md")
def lesson_text(request: Request, commons_lesson_id: str, number: str) -> Response:
    """A version's Markdown, to take into any Carpentries-style lesson tool."""
    if not number.isdigit() or len(number) > 9:
        raise NotFound
    with reading(engine_of(request)) as conn:
        _open_to(request, commons_is_public(conn))
        _title, text = c.version_text(conn, commons_lesson_id[:64], int(number))
    return Response(
        text.encode("utf-8"),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="lesson-v{number}.md"'},
    )
