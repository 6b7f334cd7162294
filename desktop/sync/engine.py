"""One sync round on a laptop: push the outbox oldest first, then pull every page the hub has.

Pushing: each batch's results are recorded in one transaction — accepted ops
leave the outbox, refused ones stay with the hub's reason for the host to see.
A lost answer is harmless: the retry is answered "duplicate". A batch the hub
refuses as a whole (too large, malformed) is split until the one bad op is
found, so one bad op never holds back the rest.

Pulling: a page and the new cursor are stored in one transaction, so a page
applied twice changes nothing and a pull cut off half way resumes where it
stopped. Rows from the hub keep the hub's clock values and write no outbox.
Fields with changes still waiting to be pushed keep their local value until
the hub has decided on them.
"""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from desktop.commons import catalogue
from desktop.i18n import _, ngettext
from desktop.models import (
    MODEL_BY_TABLE,
    Conflict,
    Database,
    Device,
    Erasure,
    OutboxEntry,
    SyncState,
    utcnow,
)
from desktop.sync import identity, quarantine, wording
from desktop.sync import protocol as P
from desktop.sync.apply import apply_changes, apply_conflicts, by_table, remote_session
from desktop.sync.client import (
    HistoryDiverged,
    HubClient,
    HubRefused,
    NotEnrolled,
    OpIdsReused,
    Outcome,
    Page,
    RawJson,
)
from desktop.sync.quarantine import set_aside
from desktop.sync.resend import queue_resend

ClientFactory = Callable[[str, str | None], HubClient]
# Few, large pushes: each costs a round trip and a durable commit on both sides.
PUSH_BATCH = P.MAX_OPS_PER_PUSH
FIRST_PUSH_BATCH = 1000  # small: the hub starts on it while the laptop reads and encodes the next
PUSH_BATCH_BYTES = 6 * 1024 * 1024  # of fields; under the hub's default 8 MB limit with the rest of each op
# Pull pages of a thousand: with many laptops pulling at once each page is answered in a moment (pages of
# 5,000 kept a laptop waiting three times as long), and a connection lost mid-page loses little. The next
# page is asked for while this one arrives, so the extra round trips overlap (catch-up time is the same).
PULL_PAGE = 1000


class NotEnrolledYet(Exception):
    """This laptop has no hub to sync with."""


@dataclass
class SyncReport:
    pushed: int = 0
    duplicates: int = 0
    conflicts: int = 0
    rejected: int = 0
    pulled: int = 0
    pages: int = 0
    new_identity: bool = False
    tables: set[str] = field(default_factory=set)
    resent: int = 0  # records sent again to a hub restored from an older copy
    clock_warning: str = ""  # for the host: this laptop's clock is far ahead of the hub's

    def summary(self) -> str:
        text = _("Sent {pushed} changes ({conflicts} flagged, {rejected} refused); received {pulled}.").format(
            pushed=self.pushed, conflicts=self.conflicts, rejected=self.rejected, pulled=self.pulled
        )
        return f"{text} {self.clock_warning}" if self.clock_warning else text


def default_client(url: str, token: str | None) -> HubClient:
    return HubClient(url, token)


def _state(session: Session) -> SyncState:
    state = session.get(SyncState, 1)
    if state is None:
        state = SyncState(id=1)
        session.add(state)
        session.flush()
    return state


# Enrolment -------------------------------------------------------------------------------------


def enrol(
    db: Database,
    hub_url: str,
    code: str,
    name: str = "",
    client_factory: ClientFactory = default_client,
) -> str:
    """Enrol this laptop with an enrolment code; returns the organisation's name.

    Three steps, which the window runs on their own threads: who this laptop is (the database),
    the hub's answer (the network), then the answer stored (the database) and the copy-detection
    marker written once that is committed.
    """
    from desktop.sync.client import normalise_hub_url

    url = normalise_hub_url(hub_url)
    with db.transaction() as session:
        device_id, device_name = enrolling_device(session, name)
    answer = ask_to_enrol(url, device_id, device_name, code, client_factory)
    with db.transaction() as session:
        marker = record_enrolment(session, url, answer, name)
    identity.write_marker(identity.marker_path(db), marker)
    return answer.organisation


def enrolling_device(session: Session, name: str = "") -> tuple[str, str]:
    """(device id, name) this laptop enrols as; ``name`` replaces the stored name when given."""
    device = session.get(Device, 1)
    if device is None:
        raise RuntimeError("this database has no device identity yet")
    return device.device_id, name or device.name


def ask_to_enrol(
    url: str, device_id: str, device_name: str, code: str, client_factory: ClientFactory = default_client
) -> P.EnrolResponse:
    """The hub's answer to an enrolment code (the network only; nothing is stored)."""
    with client_factory(url, None) as client:
        return client.enrol(device_id, device_name, code=code.strip())


def record_enrolment(session: Session, url: str, answer: P.EnrolResponse, name: str = "") -> str:
    """Store the hub's answer: this laptop now syncs with ``url``. Returns the instance marker to
    write beside the database once this is committed (``identity.write_marker``)."""
    state = _state(session)
    if state.hub_url != url:
        state.pull_cursor = 0  # a different hub: start from its beginning
        state.pull_mark, state.pushed_seq, state.pushed_mark = "", 0, ""
    state.hub_url = url
    state.organisation = answer.organisation
    state.device_token = answer.token
    state.last_error = ""
    device = session.get(Device, 1)
    if name and device is not None:
        device.name = name
    return device.instance_marker if device is not None else ""


def _own_token(db: Database, client_factory: ClientFactory) -> tuple[str, str]:
    """(hub url, token) of this laptop, which must be its own.

    A copied or restored database has a new device id (see ``identity``) but still holds the token
    of the laptop it came from. That token is never used or traded: it is cleared, and the host
    is asked for a new enrolment code. The outbox stays; it is sent once the laptop is enrolled.
    """
    with db.transaction() as session:
        state = session.get(SyncState, 1)
        if state is None or not state.hub_url:
            raise NotEnrolledYet(_("This laptop is not enrolled with a hub yet."))
        if not state.device_token:
            raise NotEnrolledYet(
                _(
                    "This laptop needs a new enrolment code from your organiser before it can sync again. "
                    "Everything recorded here is kept and will be sent once it is enrolled."
                )
            )
        device = session.get(Device, 1)
        assert device is not None
        url, token, device_id = state.hub_url, state.device_token, device.device_id
        inherited = not token.startswith(device_id + ".")  # the hub's tokens lead with their device's id
        if inherited:
            copied = NotEnrolled("inherited token", kind=wording.COPIED, hub_url=url)
            state.device_token = ""
            state.last_error = str(copied)
    if inherited:
        raise copied
    return url, token


# A whole round -----------------------------------------------------------------------------------


def sync_once(
    db: Database, client_factory: ClientFactory = default_client, *, pull_limit: int = PULL_PAGE, commons: bool = True
) -> SyncReport:
    """Push everything waiting, then pull everything new, then (``commons``) what is new in the lesson
    commons. Raises HubError subclasses on failure."""
    report = SyncReport()
    report.new_identity = identity.check_identity(db)
    url = ""
    try:
        url, token = _own_token(db, client_factory)
        with client_factory(url, token) as client:
            push_pending(db, client, report)
            pull_all(db, client, report, limit=pull_limit)
            if commons:
                fetch_commons(db, client, report)
            report.clock_warning = clock_warning(db.clock.wall_millis(), client.hub_time_ms)
    except NotEnrolled as exc:
        with db.transaction() as session:
            state = _state(session)
            state.device_token = ""  # the outbox stays; enrolling again resumes from it
            state.last_error = str(exc)
        raise
    except Exception as exc:
        with db.transaction() as session:
            _state(session).last_error = wording.describe_failure(exc, url)
        raise
    with db.transaction() as session:
        state = _state(session)
        state.last_sync_at = utcnow()
        state.last_error = report.clock_warning  # shown on the Sync page until the clock is set right
    return report


def clock_warning(laptop_ms: int, hub_ms: int | None) -> str:
    """A plain sentence for the host when this laptop's clock is far ahead of the hub's, else ""."""
    if hub_ms is None or laptop_ms - hub_ms <= P.CLOCK_TOLERANCE_MS:
        return ""
    ahead = laptop_ms - hub_ms
    days, hours = ahead // 86_400_000, ahead // 3_600_000
    if days >= 1:
        how_far = ngettext("{n} day", "{n} days", days).format(n=days)
    elif hours >= 1:
        how_far = ngettext("{n} hour", "{n} hours", hours).format(n=hours)
    else:
        minutes = ahead // 60_000
        how_far = ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)
    return _(
        "This laptop's clock is {how_far} ahead. Set the date and time on this laptop (in its system settings) "
        "to today's. Your changes are kept and sent; the hub stamps them with its own time meanwhile."
    ).format(how_far=how_far)


# Push ---------------------------------------------------------------------------------------------


def entry_to_op(entry: OutboxEntry) -> dict[str, Any]:
    return {
        "op_id": entry.op_id,
        "table": entry.table_name,
        "row_id": entry.row_id,
        "op": entry.op,
        "fields": entry.fields or {},
        "base_version": entry.base_version or "",
        "version": entry.version,
    }


@dataclass(frozen=True)
class _Batch:
    ops: list[dict[str, Any]]
    last: int  # the outbox seq of its last op: the next batch starts after it
    after: int  # the outbox seq it was read after
    erasures: int  # erasures on this laptop when it was read: one since may have changed what it holds


def _erasures(conn: Any) -> int:
    return conn.exec_driver_sql("SELECT count(*) FROM erasures").scalar_one()


def _read_batch(db: Database, limit: int | None = None, after: int = 0) -> _Batch:
    """The oldest waiting ops after outbox seq ``after``, up to ``limit`` of them or about
    PUSH_BATCH_BYTES of fields.

    Fields are read as their stored JSON text and sent as is (see ``RawJson``): no decoding and
    re-encoding of what is already JSON.
    """
    with db.transaction() as session:
        conn = session.connection()
        found = conn.exec_driver_sql(
            "SELECT op_id, table_name, row_id, op, fields, base_version, version, seq FROM outbox "
            "WHERE rejected_reason IS NULL AND seq > ? ORDER BY seq LIMIT ?",
            (after, limit or PUSH_BATCH),
        ).fetchall()
        erasures = _erasures(conn)
    ops: list[dict[str, Any]] = []
    size = 0
    last = after
    for op_id, table, row_id, kind, fields, base, version, seq in found:
        size += len(fields or "")
        if ops and size > PUSH_BATCH_BYTES:
            break
        ops.append(
            {
                "op_id": op_id,
                "table": table,
                "row_id": row_id,
                "op": kind,
                "fields": RawJson(fields or "{}"),
                "base_version": base or "",
                "version": version,
            }
        )
        last = seq
    return _Batch(ops, last, after, erasures)


def _still_as_read(db: Database, batch: _Batch) -> bool:
    """Whether ``batch``, read ahead while the hub worked on the one before, may still be sent as read:
    no person was erased here since (an erasure drops or scrubs their waiting changes)."""
    with db.transaction() as session:
        return _erasures(session.connection()) == batch.erasures


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a push or pull works. Each batch or page makes hundreds of
    thousands of short-lived objects and next to no cycles; left on, the collector would scan the whole
    heap many times a page (the hub tunes it for the same reason, ``hub.app.tune_gc``). In the window it
    is off already and collects on the main thread (``desktop.ui.collector``): nothing changes there."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def push_pending(db: Database, client: HubClient, report: SyncReport | None = None) -> SyncReport:
    """Push every waiting op, a batch at a time, each batch sent once the one before was answered.

    While the hub works on a batch, the laptop reads and encodes the next one; while it works on
    that one, the laptop records the answer to the one before. Answers are recorded in order. A batch
    read ahead is read again if someone was erased meanwhile: it never carries what the erasure took out.
    """
    report = report or SyncReport()
    with _collector_paused():
        batch = _read_batch(db, min(FIRST_PUSH_BATCH, PUSH_BATCH))
        answer = _sending(client, batch.ops, client.encode_push(batch.ops)) if batch.ops else None
        while answer is not None:
            following = _read_batch(db, after=batch.last)
            body = client.encode_push(following.ops) if following.ops else None
            results, position = answer.result()  # a failure stops here: nothing after it was sent
            if following.ops and not _still_as_read(db, following):
                following = _read_batch(db, after=following.after)
                body = client.encode_push(following.ops) if following.ops else None
            answer = _sending(client, following.ops, body) if following.ops else None
            _record(db, results, report, position)
            batch = following
    return report


def _sending(client: HubClient, ops: list[dict[str, Any]], body: bytes | None) -> Future[_Pushed]:
    """``_push_batch`` on a thread of its own, a daemon: closing the app mid-push never waits for the hub.
    A batch whose answer nobody waits for (the push failed meanwhile) stays in the outbox, sent again."""
    future: Future[_Pushed] = Future()

    def run() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(_push_batch(client, ops, body))
        except BaseException as exc:  # handed to whoever waits for the answer
            future.set_exception(exc)

    threading.Thread(target=run, name="hub-push", daemon=True).start()
    return future


_Pushed = tuple[list[Outcome], tuple[int, str] | None]


def _push_batch(client: HubClient, ops: list[dict[str, Any]], body: bytes | None) -> _Pushed:
    """The outcome of each op, and the hub's (cursor, mark) after the last request it took."""
    positions: list[tuple[int, str]] = []
    return _push_splitting(client, ops, positions, body), max(positions, default=None)


def _push_splitting(
    client: HubClient,
    ops: list[dict[str, Any]],
    positions: list[tuple[int, str]] | None = None,
    body: bytes | None = None,
) -> list[Outcome]:
    """Push ``ops`` (as ``body``, if encoded already); if the hub refuses the batch as a whole, halve it
    until the culprit is alone.

    The hub's (cursor, mark) after each request it took is added to ``positions``.
    """
    if positions is None:
        positions = []
    try:
        answer = client.push(ops, body)
        positions.append((answer.cursor, answer.mark))
        return answer.results
    except OpIdsReused as exc:
        clash = set(exc.op_ids)
        refused = [
            Outcome(o["op_id"], "rejected", "the hub already holds a different change with this id")
            for o in ops
            if o["op_id"] in clash
        ]
        rest = [o for o in ops if o["op_id"] not in clash]
        return refused + (_push_splitting(client, rest, positions) if rest else [])
    except HubRefused as exc:
        if exc.status not in (400, 413, 422):
            raise
        if len(ops) == 1:
            return [Outcome(ops[0]["op_id"], "rejected", exc.detail)]
        half = len(ops) // 2
        return _push_splitting(client, ops[:half], positions) + _push_splitting(client, ops[half:], positions)


def _record(
    db: Database,
    results: list[Outcome],
    report: SyncReport,
    position: tuple[int, str] | None = None,
) -> None:
    """Take acknowledged ops out of the outbox and keep refused ones with their reason. ``position`` is
    the hub's (cursor, mark) after the push, kept in the same transaction: until a pull reaches it,
    it is how this laptop notices a hub put back to a copy older than what it was told was kept."""
    done: list[str] = []
    refused: dict[str, str] = {}
    for r in results:
        if r.status == "rejected":
            refused[r.op_id] = r.reason or _("refused by the hub")
            report.rejected += 1
        else:
            done.append(r.op_id)
            report.pushed += r.status in ("applied", "conflict")
            report.duplicates += r.status == "duplicate"
            report.conflicts += r.status == "conflict"
    with db.transaction() as session:
        conn = session.connection()
        for start in range(0, len(done), 500):
            chunk = done[start : start + 500]
            conn.exec_driver_sql(f"DELETE FROM outbox WHERE op_id IN ({', '.join('?' * len(chunk))})", tuple(chunk))
        if refused:
            conn.exec_driver_sql(
                "UPDATE outbox SET rejected_reason = ? WHERE op_id = ?",
                [(reason, op_id) for op_id, reason in refused.items()],
            )
        if position is not None:
            state = _state(session)
            if position[0] >= (state.pushed_seq or 0):
                state.pushed_seq, state.pushed_mark = position
        marker = identity.rotate_marker(session)
    identity.write_marker(identity.marker_path(db), marker)


# Pull ---------------------------------------------------------------------------------------------


def pull_all(
    db: Database, client: HubClient, report: SyncReport | None = None, *, limit: int = PULL_PAGE
) -> SyncReport:
    """Every page after the stored cursor. If the hub says it lacks the history the cursor points
    into (restored from an older copy), send it again what this laptop holds and pull from 0."""
    report = report or SyncReport()
    report.tables |= quarantine.recheck(db)  # kept-aside rows this (maybe updated) app can use now
    resent = False
    while True:
        with db.transaction() as session:
            state = _state(session)
            cursor, mark = state.pull_cursor, state.pull_mark or ""
            pushed, pushed_mark = state.pushed_seq or 0, state.pushed_mark or ""
        try:
            with _collector_paused():
                page = client.pull(cursor, limit, mark, pushed, pushed_mark)
        except HistoryDiverged as exc:
            if resent:
                raise  # from cursor 0, after sending everything again, a hub cannot answer this
            resent = True
            report.resent += queue_resend(db, exc.last_seq)
            push_pending(db, client, report)
            continue
        with _collector_paused():
            apply_page(db, page, report)
        if not page.more or page.cursor <= cursor:
            return report


def fetch_commons(db: Database, client: HubClient, report: SyncReport) -> None:
    """The lesson commons' catalogue and usage, after a pull (``desktop.commons.catalogue``)."""
    if catalogue.fetch(db, client).changed:
        report.tables.add(catalogue.CATALOGUE_TABLE)


def apply_page(db: Database, page: Page, report: SyncReport | None = None) -> None:
    """Store one page and its cursor, atomically."""
    report = report or SyncReport()
    with remote_session(db) as session:
        _scrub_erased(session, page.changes)  # before anything is stored or kept aside
        set_aside(session, page)  # rows this laptop cannot use are kept aside, not applied
        report.tables |= apply_changes(session, by_table(page.changes))
        apply_conflicts(session, page.changes)
        state = _state(session)
        if page.cursor >= state.pull_cursor:
            state.pull_cursor = page.cursor
            state.pull_mark = page.mark
        if page.changes:
            latest = max(c["version"] for c in page.changes)
            db.clock.observe(latest)  # bounded: a value far ahead of this laptop's clock does not drag it
            device = session.get(Device, 1)
            if device is not None and latest > (device.last_clock or ""):
                device.last_clock = db.clock.last()
    report.pulled += len(page.changes)
    report.pages += 1


def _scrub_erased(session: Session, changes: list[dict[str, Any]]) -> None:
    """Remove from the page's changes (in place) every trace of a person this laptop knows was erased,
    or the page itself erases.

    The hub removes them too; this is for a hub that does not know of the erasure yet (put back to
    an older copy, say): a pulled row never writes an erased person's details back here, nor into
    a flag or the rows kept aside. The same rules as the hub's (``P.scrub``).
    """
    erased = frozenset(session.scalars(select(Erasure.participant_id))) | {
        c["fields"]["participant_id"]
        for c in changes
        if c["table"] == P.ERASURE_TABLE and isinstance(c["fields"].get("participant_id"), str)
    }
    if not erased:
        return
    for change in changes:
        table, row_id, fields = change["table"], change["row_id"], change["fields"]
        about = P.mentions(table, row_id, fields, erased)
        if about:
            change["fields"] = P.scrub(table, row_id, fields, erased, about_erased=True)
        if change["conflicts"]:
            change["conflicts"] = [
                c
                for c in change["conflicts"]
                if not (about and (table == P.PERSON_TABLE or c.field in P.about_fields(table)))
                and not any(person in P.json_dumps([c.kept, c.other]) for person in erased)
            ]


# What the Sync page shows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RejectedChange:
    seq: int
    table: str
    row_id: str
    op: str
    reason: str
    created_at: datetime


@dataclass(frozen=True)
class SyncOverview:
    enrolled: bool
    hub_url: str
    organisation: str
    last_sync_at: datetime | None
    last_error: str
    pending: int
    rejected: list[RejectedChange]
    open_conflicts: int


def overview(session: Session, rejected_limit: int = 200) -> SyncOverview:
    state = session.get(SyncState, 1)
    pending = (
        session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.rejected_reason.is_(None))) or 0
    )
    rejected = [
        RejectedChange(e.seq, e.table_name, e.row_id, e.op, e.rejected_reason or "", e.created_at)
        for e in session.scalars(
            select(OutboxEntry)
            .where(OutboxEntry.rejected_reason.is_not(None))
            .order_by(OutboxEntry.seq.desc())
            .limit(rejected_limit)
        )
    ]
    conflicts = session.scalar(select(func.count()).select_from(Conflict).where(Conflict.resolved.is_(False))) or 0
    return SyncOverview(
        enrolled=bool(state and state.device_token),
        hub_url=state.hub_url if state else "",
        organisation=state.organisation if state else "",
        last_sync_at=state.last_sync_at if state else None,
        last_error=state.last_error if state else "",
        pending=pending,
        rejected=rejected,
        open_conflicts=conflicts,
    )


def retry_rejected(session: Session) -> int:
    """Put refused changes back in the queue (after the hub was fixed or updated)."""
    result = session.execute(
        update(OutboxEntry)
        .where(
            OutboxEntry.rejected_reason.is_not(None),
            OutboxEntry.rejected_reason != _erased_reason(),
        )
        .values(rejected_reason=None)
    )
    # Session.execute is typed for any statement; an UPDATE's result is always a CursorResult.
    assert isinstance(result, CursorResult)
    return result.rowcount or 0


def _erased_reason() -> str:
    from desktop.sync.erasure import ERASED_REASON

    return ERASED_REASON


@dataclass(frozen=True)
class OpenConflict:
    id: str
    table: str
    row_id: str
    field: str
    kept: Any  # what the record holds now
    other: Any  # the value changed the other way


def open_conflicts(session: Session, limit: int = 200) -> list[OpenConflict]:
    return [
        OpenConflict(
            c.id,
            c.table_name,
            c.row_id,
            c.field,
            json.loads(c.local_value),
            json.loads(c.remote_value),
        )
        for c in session.scalars(
            select(Conflict).where(Conflict.resolved.is_(False)).order_by(Conflict.detected_at).limit(limit)
        )
    ]


def resolve_conflict(session: Session, conflict_id: str, use_other: bool) -> None:
    """A person chose a value. Written as a new change (even if unchanged) so every laptop stops flagging it."""
    from sqlalchemy.orm.attributes import flag_modified

    from desktop.sync.values import from_wire

    conflict = session.get(Conflict, conflict_id)
    if conflict is None or conflict.resolved:
        return
    model = MODEL_BY_TABLE.get(conflict.table_name)
    obj = session.get(model, conflict.row_id) if model is not None else None
    if model is not None and obj is not None:
        value = json.loads(conflict.remote_value if use_other else conflict.local_value)
        setattr(obj, conflict.field, from_wire(model, conflict.field, value))
        flag_modified(obj, conflict.field)
    conflict.resolved = True
