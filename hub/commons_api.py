"""The commons' HTTP routes for laptops (``/v1/commons/...``), authenticated by the device token as pushes are.

A laptop publishes its organisation's lessons (with the organisation's consent), unpublishes them,
reads the catalogue a page at a time from its cursor, and reads usage with an ETag. See hub.commons.
"""

from __future__ import annotations

import enum
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from desktop.commons.licences import DEFAULT_LICENCE, LICENCE_IDS
from desktop.lessons.parse import MAX_BYTES
from desktop.sync import protocol as P
from hub import commons
from hub.app import DeviceDep, HubError
from hub.store import reading, writing

router = APIRouter(prefix="/v1/commons", tags=["commons"])

Ident = Annotated[str, StringConstraints(min_length=1, max_length=P.ID_MAX)]
# Something to read: at least one letter that is not a space.
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"\S")]
# The open licences of desktop.commons.licences, as the document's enum: any other is refused before it is read.
LicenceId = enum.Enum("LicenceId", {lid: lid for lid in LICENCE_IDS}, type=str)  # type: ignore[misc]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PublishRequest(_Strict):
    """A lesson of the laptop's library, to become the next version of its commons lesson."""

    lesson_id: Ident
    title: Annotated[str, StringConstraints(min_length=1, max_length=300, pattern=r"\S")]
    level: Annotated[str, StringConstraints(max_length=32)] = "beginner"
    language: Annotated[str, StringConstraints(max_length=16)] = "en"
    minutes: Annotated[int, Field(ge=0, le=100_000)] = 0
    tags: Annotated[list[Annotated[str, StringConstraints(max_length=100)]], Field(max_length=50)] = []
    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_BYTES)]
    licence: LicenceId = LicenceId(DEFAULT_LICENCE)
    authors: Annotated[list[Name], Field(min_length=1, max_length=50)]
    source_version_id: Ident | None = None
    parent_version_id: Ident | None = None


class PublishResponse(_Strict):
    commons_lesson_id: str
    version_id: str
    number: int


class UnpublishRequest(_Strict):
    commons_lesson_id: Ident


class UnpublishResponse(_Strict):
    commons_lesson_id: str


class CatalogueEntry(_Strict):
    version_id: str
    commons_lesson_id: str
    number: int
    seq: int
    title: str
    level: str
    language: str
    minutes: int
    tags: list[str]
    licence: str
    authors: list[str]
    organisation: str
    source_version_id: str | None
    parent_version_id: str | None
    published_at: str
    text: str


class CataloguePage(_Strict):
    entries: list[CatalogueEntry]
    removed: list[str]  # commons lessons unpublished since the cursor
    last_seq: int  # ask ``after=last_seq`` next time
    more: bool


class LessonUsage(_Strict):
    sessions: int
    organisations: int
    rating: float | None  # mean exit-card rating (1 to 3), only over at least 5 cards from 2 sessions or more


class Usage(_Strict):
    lessons: dict[str, LessonUsage]


_problem: dict[str, Any] = {"model": P.Problem}
# What every route here may answer, as the sync routes document it (hub.app): the body limit's 400 and 413,
# 422 for what does not follow the document, 503 while the database is down, 401 without a device's token.
_device: dict[int | str, dict[str, Any]] = {
    400: {**_problem, "description": "Bad Request: the Content-Length header is not a number."},
    401: {
        **_problem,
        "description": "No token, or not one of an enrolled, unrevoked device.",
        "headers": {"WWW-Authenticate": {"schema": {"type": "string"}, "required": True}},
    },
    413: {**_problem, "description": "The request is larger than this hub accepts."},
    422: {**_problem, "description": "The request does not follow the protocol (see ``errors``)."},
    503: {**_problem, "description": "The hub cannot reach its database just now: try again later."},
}


@router.post(
    "/publish",
    response_model=PublishResponse,
    responses={
        **_device,
        403: {**_problem, "description": "The organisation has not agreed to share lessons in the commons."},
        422: {**_problem, "description": "Not an open licence of the list, no authors, or not a lesson."},
    },
)
def publish(request: Request, body: PublishRequest, who: DeviceDep) -> PublishResponse:
    """Publish a lesson (or a new version of one published before from the same laptop lesson).

    A published version's licence and authors never change; a new version may change them."""
    draft = commons.Draft(**{**body.model_dump(), "licence": body.licence.value})
    try:
        with writing(request.app.state.engine) as conn:
            done = commons.publish(conn, who.org_id, draft)
    except commons.CommonsRefused as exc:
        raise HubError(403, str(exc)) from None
    except commons.CommonsInvalid as exc:
        raise HubError(422, str(exc)) from None
    return PublishResponse(commons_lesson_id=done.commons_lesson_id, version_id=done.version_id, number=done.number)


@router.post(
    "/unpublish",
    response_model=UnpublishResponse,
    responses={**_device, 404: {**_problem, "description": "The organisation has no commons lesson with this id."}},
)
def unpublish(request: Request, body: UnpublishRequest, who: DeviceDep) -> UnpublishResponse:
    """Take one of the organisation's lessons out of the catalogue; copies already taken keep working."""
    try:
        with writing(request.app.state.engine) as conn:
            commons.unpublish(conn, who.org_id, body.commons_lesson_id)
    except commons.CommonsNotFound as exc:
        raise HubError(404, str(exc)) from None
    return UnpublishResponse(commons_lesson_id=body.commons_lesson_id)


@router.get("/catalogue", response_model=CataloguePage, responses=_device)
def catalogue(
    request: Request,
    who: DeviceDep,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=commons.MAX_PAGE)] = commons.DEFAULT_PAGE,
) -> Response:
    """Published versions and unpublished lessons after the cursor ``after``, in order; empty for an
    organisation that chose not to receive the commons."""
    with reading(request.app.state.engine) as conn:
        page = commons.catalogue_page(conn, who.org_id, after, limit)
    return Response(orjson.dumps(page), media_type="application/json")


@router.get("/usage", response_model=Usage, responses={**_device, 304: {"description": "Unchanged since the ETag."}})
def usage(request: Request, who: DeviceDep, if_none_match: Annotated[str | None, Header()] = None) -> Response:
    """How many sessions and organisations used each published lesson (and what descends from it), and its
    mean exit-card rating from at least 5 cards of 2 sessions or more. Never a name, a venue or one session's figures."""
    body, etag = commons.usage_body(request.app.state.engine, who.org_id)
    headers = {"ETag": etag}
    if if_none_match is not None and etag in [t.strip() for t in if_none_match.split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)
