"""Talking to the hub over HTTP (httpx). Every failure becomes one of a few errors with a plain message."""

from __future__ import annotations

import json
import logging
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any, NamedTuple, Self
from urllib.parse import urlsplit

import certifi
import httpx
import orjson

from desktop.i18n import _
from desktop.sync import protocol as P
from desktop.sync import wording as W

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)


@cache
def _tls_context() -> ssl.SSLContext:
    """Built once: loading the certificate store costs more than a whole idle sync."""
    return ssl.create_default_context(cafile=certifi.where())


class HubError(Exception):
    """Something went wrong talking to the hub.

    ``kind`` says what (one of ``desktop.sync.wording``'s kinds), ``detail`` holds the raw words for
    the log, ``hub_url`` and ``at`` where and when. ``str()`` is the plain sentence for the host.
    """

    kind: str = W.OTHER

    def __init__(self, detail: str = "", *, kind: str = "", hub_url: str = "") -> None:
        super().__init__(detail)
        self.detail = detail
        self.kind = kind or self.kind
        self.hub_url = hub_url
        self.at = datetime.now()

    def __str__(self) -> str:
        return W.describe_failure(self)


class HubUnreachable(HubError):
    """No usable answer (no network, hub down, timeout, the hub failed, not a hub): try again later."""

    kind = W.NO_ANSWER


class NotEnrolled(HubError):
    """401: the token is unknown or was revoked. The outbox is kept; the laptop must enrol again."""

    kind = W.NOT_ENROLLED


class HubRefused(HubError):
    """The hub understood the request and refused it (4xx other than 401)."""

    kind = W.REFUSED

    def __init__(self, status: int, detail: str, body: Any = None, *, kind: str = "", hub_url: str = "") -> None:
        super().__init__(detail, kind=kind or _KIND_BY_STATUS.get(status, W.REFUSED), hub_url=hub_url)
        self.status = status
        self.body = body


_KIND_BY_STATUS = {409: W.CLASH, 413: W.TOO_LARGE}
# A proxy's answer when the server behind it did not answer: the hub may be down, or not there at all.
_GATEWAY = frozenset({502, 503, 504})


class OpIdsReused(HubRefused):
    """409: these op_ids were already used for a different change; nothing in the push was stored."""

    def __init__(self, detail: str, op_ids: list[str], *, hub_url: str = "") -> None:
        super().__init__(409, detail, hub_url=hub_url)
        self.op_ids = op_ids


class HistoryDiverged(HubRefused):
    """409 to a pull: the hub was restored from an older copy and lacks history this laptop has seen."""

    def __init__(self, detail: str, last_seq: int, *, hub_url: str = "") -> None:
        super().__init__(409, detail, hub_url=hub_url)
        self.last_seq = last_seq


class RawJson(str):
    """Text that is already JSON, sent as it is."""


def _encode_packed(ops: list[dict[str, Any]]) -> bytes:
    """A push body of packed ops (``P.pack_ops``), each op's stored fields read so the packing can look in
    (all of them as one JSON array: one call instead of one an op)."""
    stored = [i for i, op in enumerate(ops) if isinstance(op.get("fields"), RawJson)]
    opened = P.json_loads("[" + ",".join(ops[i]["fields"] for i in stored) + "]") if stored else []
    if len(opened) != len(stored):  # a stored text that is not one JSON value: each read on its own
        opened = [P.json_loads(ops[i]["fields"]) for i in stored]
    ops = list(ops)
    for i, fields in zip(stored, opened, strict=True):
        ops[i] = {**ops[i], "fields": fields}
    return P.json_bytes({"ops": P.pack_ops(ops)})


# Hubs (by address) that cannot read a compressed, packed push: they answered one with a refusal and
# without saying they speak the packed wire (a hub older than protocol 2). Pushes to them go as before.
_PLAIN_HUBS: set[str] = set()


def _encode_ops(ops: list[dict[str, Any]]) -> bytes:
    try:
        return orjson.dumps(
            {
                "ops": [
                    {k: orjson.Fragment(v.encode("utf-8")) if isinstance(v, RawJson) else v for k, v in op.items()}
                    for op in ops
                ]
            }
        )
    except TypeError:  # something orjson cannot write (an integer beyond 64 bits): the standard library can
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        parts = []
        for op in ops:
            items = [f"{dumps(k)}:{v if isinstance(v, RawJson) else dumps(v)}" for k, v in op.items()]
            parts.append("{" + ",".join(items) + "}")
        return ('{"ops":[' + ",".join(parts) + "]}").encode("utf-8")


@dataclass(frozen=True, slots=True)
class Page:
    """A pull page (``P.PullPage``), its changes kept as plain dicts with the keys of ``P.Change``."""

    changes: list[dict[str, Any]]
    cursor: int
    more: bool
    mark: str  # the hub's mark for its history up to ``cursor``


_CUT_SHORT = "onramp_cut_short"  # in a page answer's extensions: its connection was lost part way through its body


class _Fetch:
    """One pull page asked for: its arguments, the thread reading it (None: the caller's own), the
    next page's arguments once its head named them, and what came of it."""

    def __init__(self, arguments: tuple[Any, ...]) -> None:
        self.arguments = arguments
        self.thread: threading.Thread | None = None
        self.following: tuple[Any, ...] | None = None
        self.outcome: Page | BaseException | None = None
        self.cancelled = False  # nobody will use it: stop reading its body

    def run(self, pull: Callable[[_Fetch], Page]) -> None:
        try:
            self.outcome = pull(self)
        except Exception as exc:  # handed to the caller that asks for this page
            self.outcome = exc

    def join(self) -> None:
        if self.thread is not None:
            self.thread.join()


class Outcome(NamedTuple):
    """What the hub did with one op (``P.OpResult``)."""

    op_id: str
    status: str
    reason: str = ""


class Pushed(NamedTuple):
    """The hub's answer to a push (``P.PushResponse``)."""

    results: list[Outcome]
    cursor: int
    mark: str  # the hub's history mark at ``cursor``


# Thousands of rows or results arrive at once: each is checked as a plain dict, by checks read from
# the protocol's models (``P.ModelCheck``), rather than built into a model.
_PAGE = P.ModelCheck(P.PullPage)
_CHANGE = P.ModelCheck(P.Change)
_PUSHED = P.ModelCheck(P.PushResponse)
_RESULT = P.ModelCheck(P.OpResult)


def _read(check: P.ModelCheck, body: bytes, unpack: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """The JSON object in ``body`` as ``check.model`` takes it, as plain dicts and lists.

    The usual answer, which the fast check passes, is used as orjson read it; any other is read by
    the model itself, so what is accepted is the model's to say, and a body it refuses raises its
    ValidationError (a ValueError), with its reason. Nested objects are left to the caller to
    ``complete`` with their defaults. ``unpack`` puts back, in place, what a packed body left out.
    """
    if unpack is not None:
        raw = P.json_loads(body)  # exact, long numbers too; ValueError if not JSON
        if type(raw) is dict:
            unpack(raw)
        if check.fits(raw):
            return check.complete(raw)
        unpacked: dict[str, Any] = check.model.model_validate(raw).model_dump()
        return unpacked
    if not P.has_long_number(body):  # orjson would read a long number inexactly; pydantic does not
        try:
            raw = orjson.loads(body)
        except orjson.JSONDecodeError:
            raw = None  # not JSON, or NaN: the model says which
        if check.fits(raw):
            return check.complete(raw)
    answer: dict[str, Any] = check.model.model_validate_json(body).model_dump()
    return answer


def parse_push_answer(body: bytes) -> Pushed:
    """Read a push answer by ``P.PushResponse``; ValueError if it is not one."""
    answer = _read(_PUSHED, body)
    answer["results"] = [Outcome(**_RESULT.complete(r)) for r in answer["results"]]
    return Pushed(**answer)


def _unpack_page(page: dict[str, Any]) -> None:
    page["changes"] = P.unpack_changes(page.get("changes"))


def parse_page(body: bytes, *, packed: bool = False) -> Page:
    """Read a pull page by ``P.PullPage`` (its changes packed, if ``packed``); ValueError if it is not one."""
    page = _read(_PAGE, body, _unpack_page if packed else None)
    for change in page["changes"]:
        _CHANGE.complete(change)
        if change["conflicts"]:
            change["conflicts"] = [P.FieldConflict.model_validate(c) for c in change["conflicts"]]
    return Page(**page)


def normalise_hub_url(text: str) -> str:
    """``hub.example.org`` -> ``https://hub.example.org``; raises ValueError if it cannot be a hub address."""
    url = text.strip().rstrip("/")
    if not url:
        raise ValueError(_("Type the hub's address, for example https://hub.example.org"))
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in url:
        raise ValueError(_("{url} is not a web address. Type it like https://hub.example.org").format(url=text.strip()))
    return url


class HubClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.hub_time_ms: int | None = None  # the hub's clock at its last pull answer (its Date header)
        self.hub_wire = ""  # what the hub's last answer said of its wire (``P.WIRE_HEADER``)
        # The page the laptop waits for, and the one after it, asked for as soon as the hub named it.
        self._lock = threading.Lock()
        self._current: _Fetch | None = None
        self._ahead: _Fetch | None = None
        headers = {
            "User-Agent": "On-Ramp laptop",
            "Accept": "application/json",
            "Accept-Encoding": P.CONTENT_CODING,
            P.WIRE_HEADER: P.WIRE_PACKED,
        }
        verify = _tls_context() if transport is None else True
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=timeout,
            transport=transport,
            headers=headers,
            verify=verify,
        )

    def close(self) -> None:
        with self._lock:
            ahead, self._ahead = self._ahead, None
        if ahead is not None:
            ahead.cancelled = True
            ahead.join()
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # Requests ---------------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        *,
        content: bytes | None = None,
        params: dict | None = None,
        headers: dict[str, str] | None = None,
        fetch: _Fetch | None = None,
    ) -> httpx.Response:
        """The hub's answer; with ``fetch`` (a pull page), an answer whose connection was lost part way
        through its body is given as the part that arrived, and ``_CUT_SHORT`` in its extensions says so."""
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if content is not None:
            headers["Content-Type"] = "application/json"
        try:
            request = self._http.build_request(method, path, content=content, params=params, headers=headers)
            response = self._receive_page(request, fetch) if fetch is not None else self._http.send(request)
        except httpx.TimeoutException as exc:
            log.info("%s %s%s: no answer in time (%r)", method, self.base_url, path, exc)
            raise HubUnreachable(repr(exc), kind=W.TIMEOUT, hub_url=self.base_url) from exc
        except (httpx.TransportError, OSError) as exc:
            log.info("%s %s%s: %r", method, self.base_url, path, exc)
            kind = W.failure_kind(exc)
            raise HubUnreachable(
                repr(exc), kind=kind if kind != W.OTHER else W.NO_ANSWER, hub_url=self.base_url
            ) from exc
        status = response.status_code
        self.hub_wire = response.headers.get(P.WIRE_HEADER, "")
        if status >= 400:
            log.info("%s %s%s: HTTP %s %s", method, self.base_url, path, status, response.text[:500])
        if status >= 400 and not self._from_the_hub(path, response):
            # Not the hub's own words, and no hub answers at this address: another server, whatever its status.
            kind = W.NO_ANSWER if status in _GATEWAY else W.NOT_A_HUB
            if status >= 500:
                raise HubUnreachable(f"HTTP {status}", kind=kind, hub_url=self.base_url)
            raise HubRefused(status, f"HTTP {status}", kind=kind, hub_url=self.base_url)
        if status >= 500:
            raise HubUnreachable(f"HTTP {status}", kind=W.HUB_FAILED, hub_url=self.base_url)
        if status == 401:
            raise NotEnrolled(_detail(response), hub_url=self.base_url)
        if status >= 400:
            body = _json(response)
            detail = _detail(response) or f"HTTP {status}"
            if status == 409 and isinstance(body, dict) and "op_ids" in body:
                raise OpIdsReused(detail, [str(i) for i in body["op_ids"]], hub_url=self.base_url)
            raise HubRefused(status, detail, body, hub_url=self.base_url)
        return response

    def _receive_page(self, request: httpx.Request, fetch: _Fetch) -> httpx.Response:
        """A pull page's answer, its head handed to ``_heard`` before its body is read."""
        response = self._http.send(request, stream=True)
        parts: list[bytes] = []
        cut = False
        try:
            if response.status_code == 200:
                self._heard(fetch, response.headers.get(P.NEXT_PAGE_HEADER, ""))
            for part in response.iter_bytes():  # decoded as it arrives
                if fetch.cancelled:  # a page nobody will use: its bytes are left on the link
                    break
                parts.append(part)
        except httpx.TransportError as exc:
            if response.status_code != 200 or not parts:
                raise
            log.info(
                "%s%s: the connection was lost part way through the answer (%r)", self.base_url, request.url.path, exc
            )
            cut = True
        finally:
            response.close()
        dropped = ("content-encoding", "content-length", "transfer-encoding")  # the body below is decoded
        headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in dropped]
        answer = httpx.Response(response.status_code, headers=headers, content=b"".join(parts), request=request)
        answer.extensions[_CUT_SHORT] = cut
        return answer

    def _from_the_hub(self, path: str, response: httpx.Response) -> bool:
        """Whether an error answer is the hub's: in its own problem shape (``P.Problem``), or from an
        address whose health check a hub answers (a hub's unforeseen failure, or a proxy's page before
        it). Asked only after an error, so a working sync never pays for it."""
        if _is_problem(_json(response)):
            return True
        if path == "/healthz":
            return False
        try:
            health = self._http.get("/healthz")
            P.Health.model_validate_json(health.content)
        except (httpx.HTTPError, OSError, ValueError):
            return False
        return health.status_code == 200

    def _unreadable(self, response: httpx.Response, exc: BaseException) -> HubUnreachable:
        """An answer that is not the protocol's: a web page is not a hub; anything else is not understood."""
        log.info("%s: an answer that could not be read (%s)", self.base_url, exc)
        kind = W.MALFORMED if _is_json(response) else W.NOT_A_HUB
        return HubUnreachable(str(exc)[:500], kind=kind, hub_url=self.base_url)

    def health(self) -> P.Health:
        return self._parse(P.Health, self._send("GET", "/healthz"))

    def enrol(self, device_id: str, name: str, *, code: str) -> P.EnrolResponse:
        """Trade an enrolment code for this laptop's own token (nothing else enrols a laptop)."""
        body = P.EnrolRequest(device_id=device_id, device_name=name[:200], code=code)
        try:
            response = self._send("POST", "/v1/enrol", content=body.model_dump_json().encode())
        except HubRefused as exc:
            if exc.status != 403:
                raise
            raise HubRefused(
                exc.status, exc.detail, exc.body, kind=_code_kind(exc.detail), hub_url=self.base_url
            ) from exc
        return self._parse(P.EnrolResponse, response)

    def encode_push(self, ops: list[dict[str, Any]]) -> bytes | None:
        """The body ``push`` would send for ``ops`` (None to a hub that reads them only as they are):
        made ahead, while the hub still works on the batch before."""
        return None if self.base_url in _PLAIN_HUBS else P.gzip_body(_encode_packed(ops))

    def push(self, ops: list[dict[str, Any]], body: bytes | None = None) -> Pushed:
        """Send ``ops`` packed and compressed (``body``, if ``encode_push`` made it already); to a hub
        older than that wire, as they are."""
        response = None
        if self.base_url not in _PLAIN_HUBS:
            body = body if body is not None else P.gzip_body(_encode_packed(ops))
            try:
                response = self._send(
                    "POST", "/v1/sync/push", content=body, headers={"Content-Encoding": P.CONTENT_CODING}
                )
            except HubRefused as exc:
                if exc.status not in (400, 415, 422) or self.hub_wire == P.WIRE_PACKED:
                    raise
                log.info("%s does not read compressed, packed pushes: sending them as they are", self.base_url)
                _PLAIN_HUBS.add(self.base_url)
        if response is None:
            response = self._send("POST", "/v1/sync/push", content=_encode_ops(ops))
        try:
            return parse_push_answer(response.content)
        except ValueError as exc:
            raise self._unreadable(response, exc) from exc

    def pull(
        self,
        since: int,
        limit: int = P.DEFAULT_PULL_LIMIT,
        mark: str = "",
        pushed: int = 0,
        pushed_mark: str = "",
    ) -> Page:
        """The page after ``since``. ``mark`` (sent even when empty, so the hub sends its own) is the
        stored page's; ``pushed`` and ``pushed_mark`` the newest acknowledged push's position and
        mark, sent when further than ``since``. HistoryDiverged if the hub no longer has that history.

        As soon as the hub's answer names the next page (``P.NEXT_PAGE_HEADER``, before its body), that
        page is asked for too, one at most ahead: on a slow link the bytes keep coming instead of
        waiting a round trip a page. A page asked for ahead is used only if the laptop then asks for
        exactly it (its predecessor arrived whole and was stored); otherwise it is dropped."""
        arguments = (since, limit, mark, pushed, pushed_mark)
        stale = None
        with self._lock:
            current, self._ahead = self._ahead, None
            if current is not None and current.arguments != arguments:
                stale, current = current, None
            current = current or _Fetch(arguments)
            self._current = current
            if current.following is not None:  # its head has come: the one after it may be asked for
                self._ask_ahead(current.following)
        if stale is not None:
            stale.cancelled = True
            stale.join()
        if current.thread is None:
            current.run(self._pull)
        else:
            current.join()
        with self._lock:
            self._current = None
        if isinstance(current.outcome, BaseException):
            raise current.outcome
        assert current.outcome is not None
        return current.outcome

    def _heard(self, fetch: _Fetch, next_page: str) -> None:
        """A page's head has come; if it names the next page, that page is asked for, if this is the
        page the laptop waits for and none is ahead yet."""
        since, limit, _mark, pushed, pushed_mark = fetch.arguments
        cursor, _, mark = next_page.partition(" ")
        if not cursor.isdigit() or int(cursor) <= since:
            return
        with self._lock:
            fetch.following = (int(cursor), limit, mark, pushed, pushed_mark)
            if fetch is self._current:
                self._ask_ahead(fetch.following)

    def _ask_ahead(self, arguments: tuple[Any, ...]) -> None:
        """(Holding ``_lock``.) Ask for the page of ``arguments`` on a thread of its own."""
        if self._ahead is not None:
            return
        ahead = _Fetch(arguments)
        ahead.thread = threading.Thread(target=ahead.run, args=(self._pull,), name="hub-pull-ahead", daemon=True)
        self._ahead = ahead
        ahead.thread.start()

    def _pull(self, fetch: _Fetch) -> Page:
        since, limit, mark, pushed, pushed_mark = fetch.arguments
        params: dict[str, Any] = {"since": since, "limit": limit, "mark": mark}
        if pushed > since:
            params.update(pushed=pushed, pushed_mark=pushed_mark)
        try:
            response = self._send("GET", "/v1/sync/pull", params=params, fetch=fetch)
        except HubRefused as exc:
            body = exc.body
            if (
                exc.status == 409
                and isinstance(body, dict)
                and body.get("code") == P.HISTORY_DIVERGED
                and type(body.get("last_seq")) is int
            ):
                raise HistoryDiverged(exc.detail, body["last_seq"], hub_url=self.base_url) from exc
            raise
        if fetch.cancelled:  # read no further: nobody will use it
            raise HubUnreachable("a page asked for ahead and no longer wanted", hub_url=self.base_url)
        self.hub_time_ms = _date_millis(response.headers.get("date"))
        packed = response.headers.get(P.WIRE_HEADER, "") == P.WIRE_PACKED
        try:
            if not response.extensions[_CUT_SHORT]:
                return parse_page(response.content, packed=packed)
            # The changes that arrived whole, up to the last mark: kept, and the pull goes on from there.
            cut = P.read_cut_page(response.content) if packed else None
        except ValueError as exc:
            raise self._unreadable(response, exc) from exc
        if cut is None:
            raise HubUnreachable("the connection was lost during a page", kind=W.NO_ANSWER, hub_url=self.base_url)
        try:
            return parse_page(P.json_dumps(cut).encode("utf-8"), packed=True)
        except ValueError as exc:
            raise self._unreadable(response, exc) from exc

    def _parse(self, model: type[Any], response: httpx.Response) -> Any:
        try:
            return model.model_validate_json(response.content)
        except ValueError as exc:
            raise self._unreadable(response, exc) from exc

    # The lesson commons (``desktop.commons``): its answers are read and checked there -----------------

    def commons_catalogue(self, after: int, limit: int) -> Any:
        """The catalogue's entries after the cursor ``after``, as the hub's JSON."""
        response = self._send("GET", "/v1/commons/catalogue", params={"after": after, "limit": limit})
        return self._json_body(response)

    def commons_usage(self, etag: str = "") -> tuple[Any, str]:
        """(the usage of every commons lesson, its ETag); (None, ``etag``) when it has not changed since."""
        response = self._send("GET", "/v1/commons/usage", headers={"If-None-Match": etag} if etag else None)
        if response.status_code == 304:
            return None, etag
        return self._json_body(response), response.headers.get("etag", "")

    def commons_publish(self, body: dict[str, Any]) -> Any:
        return self._json_body(self._send("POST", "/v1/commons/publish", content=P.json_dumps(body).encode("utf-8")))

    def commons_unpublish(self, commons_lesson_id: str) -> Any:
        body = P.json_dumps({"commons_lesson_id": commons_lesson_id}).encode("utf-8")
        return self._json_body(self._send("POST", "/v1/commons/unpublish", content=body))

    def _json_body(self, response: httpx.Response) -> Any:
        try:
            return orjson.loads(response.content)
        except orjson.JSONDecodeError as exc:
            raise self._unreadable(response, exc) from exc


def _date_millis(header: str | None) -> int | None:
    """An HTTP Date header (the hub's clock, to the second) as milliseconds since 1970."""
    if not header:
        return None
    try:
        return int(parsedate_to_datetime(header).timestamp() * 1000)
    except (TypeError, ValueError, OverflowError):
        return None


def _is_json(response: httpx.Response) -> bool:
    return "json" in response.headers.get("content-type", "").lower()


def _code_kind(detail: str) -> str:
    """Which of the hub's refusals of an enrolment code this is (the hub words them in English)."""
    text = detail.lower()
    if "not known" in text:
        return W.CODE_UNKNOWN
    if "already been used" in text:
        return W.CODE_USED
    if "expired" in text:
        return W.CODE_EXPIRED
    return W.CODE_REFUSED


def _is_problem(body: Any) -> bool:
    """The shape of every error the hub itself answers: ``{"detail": "…", "errors": [...]}``."""
    return isinstance(body, dict) and isinstance(body.get("detail"), str) and isinstance(body.get("errors"), list)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _detail(response: httpx.Response) -> str:
    body = _json(response)
    if isinstance(body, dict) and isinstance(body.get("detail"), str):
        return body["detail"]
    return ""
