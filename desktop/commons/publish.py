"""Publishing a lesson of this library to the commons: the laptop's side.

Three steps, as enrolment: what to send, read from the database (``prepare``); the hub's answer, from
the network (``send``); the answer recorded in the lesson's lineage (``record``). The hub requires an
open licence from ``desktop.commons.licences``, the authors as they wish to be credited, and the
organisation's consent; it says no, in plain words, without that consent. A published version's
licence and authors never change: publishing again adds a version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from desktop.commons import licences as L
from desktop.i18n import N_, _
from desktop.lessons import library
from desktop.lessons.parse import LessonError, parse_text
from desktop.models.entities import LessonLineage
from desktop.models.local import CommonsEntry, Device, SyncState
from desktop.sync.client import HubClient, HubRefused

# Shown beside the box the host ticks to publish (translated where shown).
CONSENT = N_(
    "I agree that this lesson is shared with every organisation on this hub under the licence I chose, "
    "with the authors named as above. Anyone may use and change it under that licence. Attendance "
    "and people's details are never shared."
)


class PublishError(Exception):
    """The lesson cannot be published as asked; ``str()`` says why in plain words."""


class PublishRefused(PublishError):
    """The hub said no (no consent from the organisation, or what was sent is not publishable)."""


@dataclass(frozen=True)
class PublishPlan:
    """What the publish dialog offers for one lesson."""

    lesson_id: str
    title: str
    licences: tuple[str, ...]  # the licences it may be published under (a BY-SA remix: only BY-SA)
    ancestors: tuple[str, ...]  # the licences of the commons versions it descends from
    licence: str  # the one chosen at first
    authors: tuple[str, ...]  # as the lesson names them (the host may change them)
    published_before: bool  # publishing again adds a version
    enrolled: bool


@dataclass(frozen=True)
class Outgoing:
    """A publish request ready to send: where, with which token, and the body."""

    hub_url: str
    token: str
    body: dict[str, Any]


def _ancestors(row: LessonLineage | None) -> list[str]:
    return [] if row is None or row.deleted else [x for x in (row.source_licence, row.parent_licence) if x]


def _hub(session: Session) -> tuple[str, str]:
    """(hub url, this laptop's own token), or ("", "") when it has none to use (not enrolled, or a copy
    of another laptop's database still holding that laptop's token: the sync replaces it)."""
    state = session.get(SyncState, 1)
    device = session.get(Device, 1)
    if state is None or device is None or not state.hub_url or not state.device_token:
        return "", ""
    if not state.device_token.startswith(device.device_id + "."):  # the hub's tokens lead with their device's id
        return "", ""
    return state.hub_url, state.device_token


def plan(session: Session, lesson_id: str) -> PublishPlan:
    lesson = library.get_lesson(session, lesson_id)
    row = session.get(LessonLineage, lesson.id)
    ancestors = _ancestors(row)
    allowed = L.licences_for_remix(ancestors)
    authors: tuple[str, ...] = ()
    licence = L.default_licence_for_remix(ancestors)
    try:
        meta = parse_text(lesson.text, lesson.slug).meta
    except LessonError:
        meta = None
    if meta is not None:
        authors = tuple(a for a in meta.authors if a.strip())
        if meta.license in allowed:
            licence = meta.license
    return PublishPlan(
        lesson_id=lesson.id,
        title=lesson.title,
        licences=allowed,
        ancestors=tuple(ancestors),
        licence=licence,
        authors=authors,
        published_before=bool(row and not row.deleted and row.published_version_id),
        enrolled=_hub(session) != ("", ""),
    )


def split_authors(text: str) -> list[str]:
    """Authors typed one a line (a name may hold a comma: "García, Ana")."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def prepare(session: Session, lesson_id: str, licence: str, authors: Sequence[str]) -> Outgoing:
    """The request publishing this lesson with this licence and these authors; PublishError if it cannot be."""
    lesson = library.get_lesson(session, lesson_id)
    if lesson.trashed_at is not None:
        raise PublishError(_("This lesson is in the trash. Restore it before publishing it."))
    row = session.get(LessonLineage, lesson.id)
    authors = [a.strip() for a in authors if a.strip()]
    problem = L.publish_problem(licence, authors, _ancestors(row))
    if problem:
        raise PublishError(problem)
    url, token = _hub(session)
    if not url:
        raise PublishError(
            _("This laptop is not enrolled with a hub, so it cannot publish. Enrol it on the Sync page first.")
        )
    linked = row is not None and not row.deleted
    body = {
        "lesson_id": lesson.id,
        "title": lesson.title,
        "level": lesson.level,
        "language": lesson.language,
        "minutes": lesson.minutes,
        "tags": list(lesson.tags or []),
        "text": lesson.text,
        "licence": licence,
        "authors": authors,
        "source_version_id": row.source_version_id if linked and row else None,
        "parent_version_id": row.parent_version_id if linked and row else None,
    }
    return Outgoing(url, token, body)


def send(outgoing: Outgoing, client: HubClient | None = None) -> dict[str, Any]:
    """The hub's answer to publishing (the network only): {commons_lesson_id, version_id, number}.

    PublishRefused, in plain words, when the hub says no; other HubErrors (no connection) as they are."""
    own = client is None
    client = client or HubClient(outgoing.hub_url, outgoing.token)
    try:
        answer = client.commons_publish(outgoing.body)
    except HubRefused as exc:
        if exc.status == 403:
            raise PublishRefused(
                _(
                    "The hub did not publish this lesson: your organisation has not agreed to share lessons "
                    "in the commons. An organiser can agree to it on the hub; then try again."
                )
            ) from exc
        if exc.status in (400, 404, 405, 413, 422):
            raise PublishRefused(
                _("The hub did not publish this lesson: {reason}").format(reason=exc.detail or exc.status)
            ) from exc
        raise
    finally:
        if own:
            client.close()
    if not isinstance(answer, dict) or not all(
        isinstance(answer.get(k), str) for k in ("commons_lesson_id", "version_id")
    ):
        raise PublishError(_("The hub's answer could not be read. Try again later."))
    return answer


def record(session: Session, lesson_id: str, answer: dict[str, Any]) -> LessonLineage:
    """The lesson now has a version in the commons: its lineage says which (made if it had none)."""
    row = session.get(LessonLineage, lesson_id)
    if row is None:
        row = LessonLineage(id=lesson_id)
        session.add(row)
    row.deleted = False
    row.published_version_id = str(answer["version_id"])
    session.flush()
    return row


def published_entry(session: Session, lesson_id: str) -> CommonsEntry | None:
    """The newest commons version published from this lesson, once the catalogue here has it."""
    row = session.get(LessonLineage, lesson_id)
    if row is None or row.deleted or not row.published_version_id:
        return None
    return session.get(CommonsEntry, row.published_version_id)
