"""The hub's HTTP API (FastAPI): enrolment, push, pull, health. OpenAPI at /openapi.json and /docs.

Every request a device makes is authenticated by its token and confined to
its organisation. Bad input gets a 4xx with a reason and changes nothing.
"""

from __future__ import annotations

import gc
import json
import logging
from typing import Annotated, Any

import orjson
from anyio import CapacityLimiter, to_thread
from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from desktop.sync import protocol as P
from hub import __version__, admin
from hub.collector import paused_while_pushing
from hub.config import Limits
from hub.merge import OpIdsReused, PushBatch
from hub.pull import diverged, history_mark, packed_pull_page, pull_page
from hub.pushbody import MAX_DEPTH, field_value_schemas, read_push
from hub.store import forget_erased_bytes, reading, worth_trying_again, writing

log = logging.getLogger("onramp.hub")
PUSHES_AT_ONCE = 10  # per hub process: pushes worked out at the same moment (the rest queue, in order)


class HubError(Exception):
    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


# On every answer: the wire this hub speaks (``P.WIRE_HEADER``), and the coding it reads in requests
# (RFC 7694's Accept-Encoding in a response).
_WIRE_HEADERS = [
    (P.WIRE_HEADER.lower().encode(), P.WIRE_PACKED.encode()),
    (b"accept-encoding", P.CONTENT_CODING.encode()),
]


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, before they are read into memory; decode a
    gzip body (``P.CONTENT_CODING``) for the app, refusing with 413 one that would decode to more
    than ``limit`` bytes before inflating any further, and with 415 a coding it does not read.

    Also the one place that notices a client going away before its body is all sent: that is
    the client's affair, logged as one INFO line, never as an error of the hub.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *_WIRE_HEADERS]}
            await send(message)

        await self._limited(scope, receive, stamped)

    async def _limited(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or [])
        coding = headers.get(b"content-encoding", b"identity").strip().lower()
        if coding not in (b"identity", P.CONTENT_CODING.encode()):
            await _problem(send, 415, f"The request's Content-Encoding is not one this hub reads ({P.CONTENT_CODING}).")
            return
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.limit
            except ValueError:
                await _problem(send, 400, "The Content-Length header is not a number.")
                return
            if too_big:
                await _problem(send, 413, f"The request is larger than this hub accepts ({self.limit} bytes).")
                return
        if declared is not None and coding == b"identity":
            await self._serve(scope, receive, send)
            return
        # No declared length (chunked), or a coded body: read up to the limit first, then hand the
        # body on (decoded).
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                _went_away(scope)
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.limit:
                await _problem(send, 413, f"The request is larger than this hub accepts ({self.limit} bytes).")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if coding != b"identity":
            try:
                body = P.gunzip_body(body, self.limit)
            except P.TooLarge:
                await _problem(
                    send, 413, f"The request is larger than this hub accepts ({self.limit} bytes) once decoded."
                )
                return
            except ValueError:
                await _problem(send, 400, f"The request body is not valid {P.CONTENT_CODING}.")
                return
            kept = [(k, v) for k, v in scope["headers"] if k not in (b"content-encoding", b"content-length")]
            scope = {**scope, "headers": [*kept, (b"content-length", str(len(body)).encode())]}
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self._serve(scope, replay, send)

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        uploading, gone = scope["method"] not in ("GET", "HEAD"), False

        async def watched() -> Message:
            nonlocal uploading, gone
            message = await receive()
            if message["type"] == "http.request":
                uploading = uploading and message.get("more_body", False)
            elif uploading:
                gone = True
            return message

        try:
            await self.app(scope, watched, send)
        except ClientDisconnect:
            if not gone:
                raise
        if gone:
            _went_away(scope)


def _went_away(scope: Scope) -> None:
    log.info("client went away during upload (%s %s)", scope["method"], scope["path"])


async def _problem(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail, "errors": []}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _readable(errors: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    out = []
    for e in errors[:20]:
        where = ".".join(str(p) for p in e.get("loc", ()) if p != "body")
        out.append({"where": where, "problem": str(e.get("msg", ""))})
    if any(e.get("type") == "json_invalid" for e in errors):
        return "The request body is not valid JSON.", out
    first = out[0] if out else {"where": "", "problem": "invalid request"}
    return (
        f"The request does not follow the protocol: {first['where'] or 'body'}: {first['problem']}",
        out,
    )


# The device token as the OpenAPI document's security scheme; a missing or malformed header is ours to answer.
_bearer = HTTPBearer(auto_error=False, description="The device token the laptop got when it enrolled.")


def current_device(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> admin.Authenticated:
    """The enrolled, unrevoked device a request comes from; 401 otherwise."""
    token = credentials.credentials.strip() if credentials else None
    who = admin.authenticate(request.app.state.engine, token)
    if who is None:
        raise HubError(
            401,
            "This laptop is not enrolled with this hub, or its access was revoked. Enrol it again.",
            {"WWW-Authenticate": "Bearer"},
        )
    return who


DeviceDep = Annotated[admin.Authenticated, Depends(current_device)]


def known_query_only(request: Request) -> None:
    """Refuse (422) a query parameter the route does not declare, as a body's unknown keys are refused.

    The protocol is strict both ways: what the published document does not allow is not taken.
    """
    route = request.scope.get("route")
    if route is None or not hasattr(route, "dependant"):
        return
    unknown = sorted(set(request.query_params) - _query_names(route.dependant))
    if unknown:
        raise RequestValidationError(
            [
                {
                    "type": "extra_forbidden",
                    "loc": ("query", name),
                    "msg": "This path does not take this parameter",
                    "input": request.query_params[name],
                }
                for name in unknown
            ]
        )


def _query_names(dependant: Any) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for inner in dependant.dependencies:
        names |= _query_names(inner)
    return names


def create_app(engine: Engine, limits: Limits | None = None) -> FastAPI:
    limits = limits or Limits()
    app = FastAPI(
        title="On-Ramp hub",
        version=__version__,
        description="Sync service for On-Ramp laptops: enrolment, push of outbox ops, pull of changes.",
        dependencies=[Depends(known_query_only)],
    )
    app.state.engine = engine

    @app.exception_handler(HubError)
    async def _hub_error(_request: Request, exc: HubError) -> JSONResponse:
        return JSONResponse({"detail": exc.detail, "errors": []}, status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        detail, errors = _readable(list(exc.errors()))
        return JSONResponse({"detail": detail, "errors": errors}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Keep the exception's headers: a 405 names the methods the path takes in ``Allow``.
        return JSONResponse(
            {"detail": str(exc.detail), "errors": []},
            status_code=exc.status_code,
            headers=exc.headers,
        )

    @app.exception_handler(ClientDisconnect)
    async def _gone(_request: Request, _exc: ClientDisconnect) -> Response:
        return Response(status_code=400)  # nobody reads it; BodyLimit logs the one line

    @app.exception_handler(OperationalError)
    async def _store_down(_request: Request, exc: OperationalError) -> JSONResponse:
        log.warning("the hub's database cannot be reached: %s", exc.orig)
        return JSONResponse(
            {
                "detail": "The hub cannot reach its database just now. Try again in a minute.",
                "errors": [],
            },
            status_code=503,
            headers={"Retry-After": "60"},
        )

    problem_doc = {"model": P.Problem}
    # What any route can answer: BodyLimit's 400 and 413, 422 for a query parameter the route does
    # not take, and 503 while the database is down.
    anywhere: dict[int | str, dict[str, Any]] = {
        400: {
            **problem_doc,
            "description": "Bad Request: the Content-Length header is not a number.",
        },
        413: {**problem_doc, "description": "The request is larger than this hub accepts."},
        422: {**problem_doc, "description": "A query parameter this path does not take."},
        503: {
            **problem_doc,
            "description": "The hub cannot reach its database just now: try again later.",
        },
    }
    problems: dict[int | str, dict[str, Any]] = {
        **anywhere,
        422: {
            **problem_doc,
            "description": "The request does not follow the protocol (see ``errors``).",
        },
    }
    as_device: dict[int | str, dict[str, Any]] = {  # routes that take a device token
        **problems,
        401: {
            **problem_doc,
            "description": "No token, or not one of an enrolled, unrevoked device.",
            "headers": {"WWW-Authenticate": {"schema": {"type": "string"}, "required": True}},
        },
    }

    @app.get("/healthz", response_model=P.Health, responses=anywhere, tags=["health"])
    def healthz() -> P.Health:
        with reading(engine) as conn:
            conn.exec_driver_sql("SELECT 1")
        return P.Health(status="ok", protocol=P.PROTOCOL_VERSION, version=__version__)

    @app.post(
        "/v1/enrol",
        response_model=P.EnrolResponse,
        responses={**problems, 403: {"model": P.Problem}},
        tags=["sync"],
    )
    def enrol(request: P.EnrolRequest) -> P.EnrolResponse:
        """Trade a single-use enrolment code for a device token.

        Only a valid, unused, unexpired code enrols a device, every time: a token (even a live
        one) is never an enrolment credential, so a body carrying one does not follow the protocol.
        """
        try:
            token, org = admin.enrol_with_code(engine, request.code, request.device_id, request.device_name)
        except admin.BadCode as exc:
            raise HubError(403, str(exc)) from None
        return P.EnrolResponse(token=token, organisation=org, device_id=request.device_id)

    # A push is a few milliseconds of Python and a dozen round trips to the database: ten at a time per
    # process keep both busy. Fifty at once would share the GIL fifty ways, and each would keep its
    # claimed sequence numbers open fifty times as long, while every pull of its organisation stops
    # below the lowest open claim (see PushBatch.apply).
    pushes_at_once = app.state.pushes_at_once = CapacityLimiter(PUSHES_AT_ONCE)

    @app.post(
        "/v1/sync/push",
        response_model=P.PushResponse,
        responses={
            **as_device,
            409: {
                "model": P.OpIdClash,
                "description": "Some op_ids were used before for a different change.",
            },
            422: {
                **problem_doc,
                "description": (
                    "The body does not follow the protocol: not JSON, not a PushRequest, more than "
                    f"{P.MAX_OPS_PER_PUSH} ops, or arrays and objects nested more than {MAX_DEPTH} levels deep."
                ),
            },
        },
        tags=["sync"],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushRequest"}}},
            }
        },
    )
    async def push(request: Request, who: DeviceDep) -> Response:
        """Apply a batch of outbox ops, oldest first. Each op gets its own result.

        With the header ``OnRamp-Protocol: 2`` the ops are packed (see the protocol's ``pack_ops``)."""
        body = await request.body()
        packed = request.headers.get(P.WIRE_HEADER) == P.WIRE_PACKED
        return await to_thread.run_sync(_push, engine, body, who, packed, limiter=pushes_at_once)

    @app.get(
        "/v1/sync/pull",
        response_model=P.PullPage,
        responses={**as_device, 409: {"model": P.HistoryDiverged}},
        tags=["sync"],
    )
    def pull(
        request: Request,
        who: DeviceDep,
        since: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=P.MAX_PULL_LIMIT)] = P.DEFAULT_PULL_LIMIT,
        mark: Annotated[str, Query(max_length=64, pattern=r"^[A-Za-z0-9._:-]*$")] = "",
        pushed: Annotated[int, Query(ge=0, le=2**62)] = 0,
        pushed_mark: Annotated[str, Query(max_length=64, pattern=r"^[A-Za-z0-9._:-]*$")] = "",
    ) -> Response:
        """Rows of this device's organisation committed after ``since``, oldest first.

        ``mark`` is the page's ``mark`` the laptop stored with ``since``; ``pushed`` and
        ``pushed_mark`` the ``cursor`` and ``mark`` of its newest acknowledged push, when that is
        further than ``since``. A 409 with code ``history_diverged`` says this hub no longer has that
        history (it was restored from an older copy): the laptop sends again what it holds and
        pulls from 0. With the header ``OnRamp-Protocol: 2`` the changes are packed (see the
        protocol's ``pack_changes``).
        """
        with reading(engine) as conn:
            last_seq = diverged(conn, who.org_id, since, mark, pushed, pushed_mark)
            if last_seq is None:
                packed = request.headers.get(P.WIRE_HEADER) == P.WIRE_PACKED
                page = packed_pull_page if packed else pull_page
                body, cursor, more = page(conn, who.org_id, since, limit, limits.pull_page_bytes)
                # Said before the body, so the laptop asks for the next page while this one arrives.
                # rstrip: with no mark (ops logged before marks were kept) a trailing space is not a legal header.
                next_page = f"{cursor} {history_mark(conn, who.org_id, cursor)}".rstrip()
                ahead = {P.NEXT_PAGE_HEADER: next_page} if more else None
        if last_seq is not None:
            # A laptop's state, not a fault of the hub: it is told, and sends back what the hub lost.
            log.info(
                "pull from %s past this hub's history (since=%d, pushed=%d, last_seq=%d): restored from a backup?",
                who.device_id,
                since,
                pushed,
                last_seq,
            )
            problem = P.HistoryDiverged(
                detail=(
                    f"This hub no longer has the history this laptop has seen (it is at {last_seq}, the laptop "
                    f"at {max(since, pushed)}): it was restored from an older copy. The laptop sends it what "
                    "it lost."
                ),
                last_seq=last_seq,
            )
            return JSONResponse(problem.model_dump(), status_code=409)
        return Response(body, media_type="application/json", headers=ahead)

    _document_push_body(app)
    from hub.commons_api import router as commons_routes  # the lesson commons, for laptops

    app.include_router(commons_routes)
    # The web side's pages at "/", after every API route so the API's paths stay the API's.
    from hub.web.app import web_mount

    app.router.routes.append(web_mount(engine))
    return app


def _push(engine: Engine, body: bytes, who: admin.Authenticated, packed: bool = False) -> Response:
    """Read, check and hash the ops, then apply them in one transaction (see ``PushBatch.apply``)."""
    with paused_while_pushing():
        return _push_now(engine, body, who, packed)


def _push_now(engine: Engine, body: bytes, who: admin.Authenticated, packed: bool) -> Response:
    try:
        ops = read_push(body, packed=packed)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False, include_context=False)]
        ) from None
    prepared = PushBatch(who.org_id, who.device_id)
    prepared.prepare(ops)
    try:
        for attempt in range(3):
            batch = prepared.again()
            try:
                with writing(engine) as conn:
                    admin.touch(conn, who)
                    results = batch.apply(conn)
                    cursor = batch.seq
                    # Kept by the laptop beside ``cursor``: a hub put back to an older copy is noticed
                    # even if the pull after this push never happens.
                    mark = batch.mark if batch.mark is not None else history_mark(conn, who.org_id, cursor)
                break
            except (IntegrityError, OperationalError) as exc:
                # Another push stored some of these op_ids or rows first (a retry racing its
                # original), or the database ended this one of two pushes waiting on each other:
                # nothing of this one was stored; worked out again, it sees what the other stored.
                if attempt == 2 or not worth_trying_again(exc):
                    raise
        if batch.new_erased:  # committed: the erased details leave the store's files too
            forget_erased_bytes(engine)
    except OpIdsReused as exc:
        return JSONResponse(
            P.OpIdClash(
                detail="These op_ids were already used for a different change; nothing in this push was stored.",
                op_ids=exc.op_ids,
            ).model_dump(),
            status_code=409,
        )
    answer = {
        # An empty reason is the model's default: left out.
        "results": [{"op_id": i, "status": s, "reason": r} if r else {"op_id": i, "status": s} for i, s, r in results],
        "cursor": cursor,
        "mark": mark,
    }
    return Response(orjson.dumps(answer), media_type="application/json")


def _document_push_body(app: FastAPI) -> None:
    """The push body is parsed by hand (see ``_push``); publish its schema all the same."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            found = P.PushRequest.model_json_schema(ref_template="#/components/schemas/{model}")
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.update(found.pop("$defs", {}))
            components["PushRequest"] = found
            # What read_push takes in ``fields``: any JSON, but no deeper than it accepts.
            components.update(field_value_schemas())
            components["Op"]["properties"]["fields"] = {
                "type": "object",
                "additionalProperties": {"$ref": "#/components/schemas/FieldValue"},
                "description": "The changed fields, by name (a whole row for an insert).",
                "title": "Fields",
            }
            found["description"] = (
                f"A batch of at most {P.MAX_OPS_PER_PUSH} ops; arrays and objects nest at "
                f"most {MAX_DEPTH} levels deep in the body as a whole."
            )
            # Answers outside the documented operations, in the same problem form.
            problem = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
            schema["components"].setdefault("responses", {}).update(
                {
                    "NotFound": {"description": "No such path on this hub.", "content": problem},
                    "MethodNotAllowed": {
                        "description": "The path does not take this method; ``Allow`` names those it takes.",
                        "headers": {"Allow": {"schema": {"type": "string"}, "required": True}},
                        "content": problem,
                    },
                }
            )
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def wrap(app: FastAPI, limits: Limits) -> ASGIApp:
    """The app as served: with the request size limit and decoding in front, answers compressed for
    clients that accept it, the garbage collector tuned for it, and the hub's own log lines on stderr."""
    tune_gc()
    log_to_stderr()
    return BodyLimit(GZipMiddleware(app, minimum_size=1000, compresslevel=P.GZIP_LEVEL), limits.max_body_bytes)


def log_to_stderr() -> None:
    """Send the hub's own INFO lines (``onramp.hub``) to stderr beside uvicorn's, which stays at warning.

    Left alone if logging was set up already (the hub embedded in something that logs its own way).
    """
    if log.handlers or logging.getLogger().handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s:     %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def tune_gc() -> None:
    """A push of thousands of ops makes hundreds of thousands of short-lived objects, nearly none of them
    cyclic garbage; with the default thresholds the collector would scan the whole heap many times a push."""
    gc.freeze()  # what start-up made lives as long as the process: never scan it again
    gc.set_threshold(50_000, 20, 100)


def app_from_environment() -> ASGIApp:
    """Factory for ``uvicorn --factory hub.app:app_from_environment`` (several workers)."""
    import os

    from hub.config import database_url
    from hub.store import open_store

    limits = Limits(max_body_bytes=int(os.environ.get("ONRAMP_HUB_MAX_BODY", Limits().max_body_bytes)))
    engine = open_store(database_url(), migrate=False)
    return wrap(create_app(engine, limits), limits)
