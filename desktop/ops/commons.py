"""Operations on the lesson commons: take a lesson as it is or to remix, record a publication.

Publishing itself needs the network: the page prepares the request (a query), sends it on the task
thread (``desktop.commons.publish.send``), then records the hub's answer with ``record_published``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desktop.commons import publish, take
from desktop.ops.changes import Done, Kind, OpChanges

LESSONS = OpChanges.of(Kind.LESSONS)


def use_lesson(session: Session, version_id: str) -> Done[str]:
    """The commons version copied into the library as it is; the new lesson's id."""
    return Done(take.take(session, version_id).id, LESSONS)


def remix_lesson(session: Session, version_id: str) -> Done[str]:
    """The commons version copied into the library to be changed; the new lesson's id (open it to edit)."""
    return Done(take.take(session, version_id, remix=True).id, LESSONS)


def record_published(session: Session, lesson_id: str, answer: dict[str, Any]) -> Done[str]:
    """The hub published the lesson: its lineage names the commons version; the version's id."""
    return Done(publish.record(session, lesson_id, answer).published_version_id or "", LESSONS)
