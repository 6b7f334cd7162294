"""Applying a batch of pushed ops: idempotency, validation, field-level merge, erasure.

One push is one transaction, and pushes to one organisation write at the same
time. A push locks only the rows it changes, works its batch out, then claims
its block of sequence numbers outside its transaction, in one statement that takes
effect only if no other push claimed meanwhile (``seq_claims``); the claim stays
open until the push commits or is rolled back. Pulls serve only below
the lowest claim still open (see ``hub.pull.served_to``), so a pull never skips a
number that a slower push later commits below its cursor. An erasure reaches
into rows beyond its batch: it waits for the pushes under way and keeps others
out until it commits (a transaction-level advisory lock, shared by ordinary pushes).

How two changes to one field are told apart from one change seen by both:
every field on the hub remembers the sequence number of the commit that last
wrote it and who wrote it; every op tells (through ``base_version``) how much
of the row its author had seen. A write to a field someone else changed after
that point is a conflict: the hub keeps the value it has, records the other,
and flags the row. Nothing here compares laptop clocks.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import orjson
from sqlalchemy import Connection, insert, or_, select, update

from desktop.sync import protocol as P
from desktop.sync.protocol import Op
from desktop.sync.protocol import json_dumps as dumps
from desktop.sync.protocol import json_loads as loads
from hub import projection
from hub.pull import chain_link, served_to
from hub.store import (
    erased,
    insert_rows,
    op_log,
    organisations,
    placeholder,
    rows,
    select_in,
    seq_claims,
    update_rows,
    utcnow,
)

PUSH_IDLE_LIMIT_S = 60.0  # a push's transaction waiting this long on its hub (not on a lock) is ended
ORG_LOCK = 0x4F52  # advisory lock space of "an organisation's pushes" (the second key is the org id)

LIST_SCAN_TABLES = tuple({*P.PERSON_REF_FIELDS, *P.PERSON_LIST_FIELDS})

Result = tuple[str, str, str]  # op_id, status, reason


def payload_hash(op: Op) -> str:
    """What "the same op" means: the same op_id, table, row, kind, fields (in any key order) and versions."""
    value = (op.op_id, op.table, op.row_id, op.op, op.fields, op.base_version, op.version)
    try:
        text = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        # An integer beyond 64 bits or a lone surrogate, which orjson cannot write: the standard
        # library writes this op (always, as the choice depends on the op alone). Nesting is never
        # the cause: read_push refuses anything deeper than orjson goes.
        text = json.dumps(value, sort_keys=True, separators=(",", ":")).encode("ascii")
    return base64.b64encode(hashlib.sha256(text).digest()).decode("ascii")


def pack_meta(meta: dict[str, list[Any]], data: dict[str, Any]) -> str:
    """A row's field stamps as stored: ``[stamp most fields share, {field: its own stamp}]``.

    Most rows were written by one op, so this is a few bytes instead of a stamp per field.
    Rows whose stamps do not cover exactly their fields keep the plain ``{field: stamp}`` form.
    """
    if not meta or meta.keys() != data.keys():
        return dumps(meta)
    stamps = list(meta.values())
    if stamps.count(stamps[0]) == len(stamps):  # written by one op: one stamp (a shared list, so ``is`` finds it)
        return dumps([stamps[0], {}])
    counts: dict[tuple[Any, ...], int] = {}
    for stamp in meta.values():
        key = tuple(stamp)
        counts[key] = counts.get(key, 0) + 1
    common = max(counts, key=counts.__getitem__)
    return dumps([list(common), {name: stamp for name, stamp in meta.items() if tuple(stamp) != common}])


def unpack_meta(text: str, data: dict[str, Any]) -> dict[str, list[Any]]:
    stored = loads(text)
    if isinstance(stored, dict):
        return stored
    common, own = stored
    meta = dict.fromkeys(data, common)  # one list shared: stamps are replaced, never changed in place
    meta.update(own)
    return meta


CLAIM_TRIES = 5  # claims lost to other pushes' before the organisation's row is locked for one

# Claims nobody holds any more (a push rolled back or cut off) are cleared as the organisation's last number
# and mark are read. Only the claims' rows are locked, never the organisation's: no order to deadlock on.
_READ_CLEARING = (
    "WITH cleared AS (DELETE FROM seq_claims WHERE org_id = %(org)s AND pg_try_advisory_xact_lock_shared(token)"
    " RETURNING 1) SELECT last_seq, last_mark FROM organisations WHERE id = %(org)s"
)
# The next block, claimed only if the organisation is still where it was read: an UPDATE waiting on another
# claim's finds the row changed and takes nothing. Not a key column: pushes holding a key share of the row
# (writing rows that refer to it) do not hold it up.
_CLAIM_IF_UNCHANGED = (
    "WITH bumped AS (UPDATE organisations SET last_seq = %(high)s, last_mark = %(mark)s"
    " WHERE id = %(org)s AND last_seq = %(last)s AND last_mark = %(was)s RETURNING id)"
    " INSERT INTO seq_claims (org_id, low, high, token) SELECT id, %(last)s + 1, %(high)s, %(token)s FROM bumped"
    " RETURNING low"
)


def _chained(chain: str, op_ids: list[str]) -> list[str]:
    """The history mark after each op_id, from the mark ``chain`` before the first."""
    marks = []
    for op_id in op_ids:
        chain = chain_link(chain, op_id)
        marks.append(chain)
    return marks


class OpIdsReused(Exception):
    """Some op_ids were already used for a different change: the whole push is refused (409)."""

    def __init__(self, op_ids: list[str]) -> None:
        super().__init__(", ".join(op_ids))
        self.op_ids = op_ids


@dataclass(slots=True)
class RowState:
    table: str
    row_id: str
    in_db: bool
    data: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, list[Any]] = field(default_factory=dict)  # field -> [seq, writer]
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    complete: bool = False
    seq: int | None = None
    version: str = ""
    origin: str = ""
    changed: bool = False
    data_text: str | None = None  # ``data`` as stored, once the batch is worked out


class LogEntry(NamedTuple):
    device_id: str
    known: int
    status: str
    reason: str
    payload_hash: str


class PushBatch:
    """One push from one device: ``prepare`` (no database), then ``apply`` inside a write transaction."""

    conn: Connection

    def __init__(self, org_id: int, device_id: str) -> None:
        self.org_id = org_id
        self.writer = device_id
        self.rows: dict[tuple[str, str], RowState] = {}
        self.log_new: list[tuple[Any, ...]] = []  # in LOG_COLUMNS order
        self.log_by_version: dict[tuple[str, str, str], LogEntry] = {}
        self.new_erased: list[str] = []
        self.now = utcnow()
        self.now_millis = time.time_ns() // 1_000_000  # clock values are never stored beyond it (see _stamp)
        self.seq = 0
        self.erased: set[str] = set()
        self.ops: list[Op] = []
        self.hashes: list[str] = []
        self.problems: list[str | None] = []
        self.mark: str | None = None  # the history mark at the last op this batch logged, once claimed
        self.claimed: int | None = None  # the first sequence number of this batch's claim (PostgreSQL)
        self.token = secrets.randbits(63)  # the advisory lock that keeps its claim open (PostgreSQL)

    def again(self) -> PushBatch:
        """A batch of the same prepared ops, to apply in a new transaction."""
        batch = PushBatch(self.org_id, self.writer)
        batch.ops, batch.hashes, batch.problems = self.ops, self.hashes, self.problems
        return batch

    def _read_last_seq(self) -> int:
        """The organisation's latest sequence number claimed (committed or not)."""
        return self.conn.execute(select(organisations.c.last_seq).where(organisations.c.id == self.org_id)).scalar_one()

    def _load_erased(self) -> None:
        self.erased = set(
            self.conn.execute(select(erased.c.participant_id).where(erased.c.org_id == self.org_id)).scalars()
        )

    def _hold_organisation(self, exclusive: bool) -> None:
        """PostgreSQL: share the organisation with other pushes, or (an erasure) have it alone until commit.

        SQLite needs nothing: its write transactions already run one at a time.
        """
        if self.conn.dialect.name == "postgresql":
            # A push's claim holds its organisation's pulls back until its transaction ends. A hub machine
            # that stops answering mid-push (frozen, or gone from the network) leaves the transaction idle:
            # PostgreSQL ends it after this long, instead of when TCP gives up hours later.
            # The claim's token is locked here too (one round trip), before any claim names it, and until
            # this transaction ends, however it ends (see ``_claim``).
            kind = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
            self.conn.exec_driver_sql(
                f"SELECT set_config('idle_in_transaction_session_timeout', %s, true), {kind}(%s, %s),"
                " pg_advisory_xact_lock(%s)",
                (str(int(PUSH_IDLE_LIMIT_S * 1000)), ORG_LOCK, self.org_id, self.token),
            )

    def _lock_rows(self) -> None:
        """Lock and read the stored rows this batch changes, in one order for every push (no deadlock between two).

        A push that changes one of them too waits until this one commits, then works its batch out
        on what this one wrote, and claims its numbers after this one's: a row's sequence only grows.
        Read in the statement that locks them: a row not stored yet is new to this batch even if another
        push stores it before this one reads (unlocked, its state could change before this one writes
        it back); this one's insert of it then clashes, and the push is worked out again.
        """
        if self.conn.dialect.name != "postgresql":
            return
        by_table: dict[str, list[str]] = {}
        for table, row_id in sorted({(op.table, op.row_id) for op in self.ops if op.table in P.TABLES}):
            by_table.setdefault(table, []).append(row_id)
        for table, ids in by_table.items():
            for r in select_in(
                self.conn,
                f"SELECT {', '.join(ROW_STATE)} FROM rows "
                "WHERE org_id = {mark} AND table_name = {mark} AND row_id IN ({marks}) "
                'ORDER BY row_id COLLATE "C" FOR UPDATE',
                (self.org_id, table),
                ids,
            ):
                self.rows[(table, r[1])] = self._state(r)
            for row_id in ids:
                self.rows.setdefault((table, row_id), RowState(table, row_id, in_db=False))

    def _claim(self, start: int) -> None:
        """Take the next free block of sequence numbers for what ``_decide`` numbered from ``start``.

        On PostgreSQL outside this push's transaction (``_claim_unlocked``), so other pushes claim theirs
        while this one writes; the claim names this push's token, locked until its transaction ends, and
        ``_write`` deletes it in the same commit as the rows. The history marks are chained here, in sequence order: the op_ids are known, and the
        organisation's mark at the block's start is the one the claim before left. A push rolled back
        after its claim leaves its op_ids in the marks that follow: marks are compared, never rebuilt.
        """
        logged = sorted((entry[10], i) for i, entry in enumerate(self.log_new) if entry[10] is not None)
        op_ids = [self.log_new[i][1] for _seq, i in logged]
        count = self.seq - start
        if self.conn.dialect.name == "postgresql":
            first, marks = self._claim_unlocked(count, op_ids, self.token)  # locked by _hold_organisation
            self.claimed = first
        else:
            first, marks = self._take(self.conn, count, op_ids, None)
        self._move_past(start, first - 1 - start)
        for (_seq, i), mark in zip(logged, marks, strict=True):
            self.log_new[i] = (*self.log_new[i][:12], mark)
        if marks:
            self.mark = marks[-1]

    def _claim_unlocked(self, count: int, op_ids: list[str], token: int) -> tuple[int, list[str]]:
        """Claim ``count`` numbers without holding the organisation's row while the marks are chained
        (PostgreSQL): read its last number and mark (clearing claims nobody holds any more), chain the
        marks, then claim in one statement that takes effect only if no other claim came in between,
        and try again if one did. The row is locked only while that one statement runs, so the claims
        of many pushes do not queue behind one another's round trips. After ``CLAIM_TRIES`` lost
        races, the row is locked for the whole claim (``_take``): a large push is never starved."""
        with self.conn.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as other:
            for _try in range(CLAIM_TRIES):
                last, chain = other.exec_driver_sql(_READ_CLEARING, {"org": self.org_id}).one()
                marks = _chained(chain, op_ids)
                won = other.exec_driver_sql(
                    _CLAIM_IF_UNCHANGED,
                    {
                        "org": self.org_id,
                        "last": last,
                        "was": chain,
                        "high": last + count,
                        "mark": marks[-1] if marks else chain,
                        "token": token,
                    },
                ).first()
                if won is not None:
                    return last + 1, marks
        with self.conn.engine.connect() as other, other.begin():
            return self._take(other, count, op_ids, token)

    def _take(self, conn: Connection, count: int, op_ids: list[str], token: int | None) -> tuple[int, list[str]]:
        """Claim ``count`` numbers in ``conn``'s transaction: (the first, the history mark after each op_id)."""
        last, chain = conn.execute(
            select(organisations.c.last_seq, organisations.c.last_mark)
            .where(organisations.c.id == self.org_id)
            .with_for_update(key_share=True)  # FOR NO KEY UPDATE: pushes writing rows hold a key share of it
        ).one()
        marks = _chained(chain, op_ids)
        chain = marks[-1] if marks else chain
        conn.execute(
            update(organisations)
            .where(organisations.c.id == self.org_id)
            .values(last_seq=last + count, last_mark=chain)
        )
        if token is not None:
            mark = placeholder(conn)
            # Claims nobody holds any more (a push rolled back or cut off) are left behind: cleared here.
            conn.exec_driver_sql(
                f"DELETE FROM seq_claims WHERE org_id = {mark} AND pg_try_advisory_xact_lock_shared(token)",
                (self.org_id,),
            )
            conn.execute(insert(seq_claims).values(org_id=self.org_id, low=last + 1, high=last + count, token=token))
        return last + 1, marks

    # Loading ------------------------------------------------------------------------------

    def _load_rows(self, keys: set[tuple[str, str]]) -> None:
        wanted = [k for k in keys if k not in self.rows]
        by_table: dict[str, list[str]] = {}
        for table, row_id in wanted:
            by_table.setdefault(table, []).append(row_id)
        for table, ids in by_table.items():
            for r in select_in(
                self.conn,
                f"SELECT {', '.join(ROW_STATE)} FROM rows "
                "WHERE org_id = {mark} AND table_name = {mark} AND row_id IN ({marks})",
                (self.org_id, table),
                ids,
            ):
                self.rows[(table, r[1])] = self._state(r)
        for key in wanted:
            if key not in self.rows:
                self.rows[key] = RowState(key[0], key[1], in_db=False)

    @staticmethod
    def _state(r: Any) -> RowState:
        """A stored row, from its ROW_STATE columns."""
        table, row_id, seq, version, origin, complete, data, meta, conflicts = r
        data = loads(data)
        return RowState(
            table,
            row_id,
            True,
            data,
            unpack_meta(meta, data),
            loads(conflicts),
            bool(complete),
            seq,
            version,
            origin,
        )

    def _load_log(self, ops: list[Op]) -> dict[str, LogEntry]:
        found = select_in(
            self.conn,
            "SELECT op_id, device_id, known, status, reason, payload_hash FROM op_log "
            "WHERE org_id = {mark} AND op_id IN ({marks})",
            (self.org_id,),
            list({op.op_id for op in ops}),
        )
        return {r[0]: LogEntry(*r[1:]) for r in found}

    def _load_bases(self, ops: list[Op]) -> None:
        """Log entries of the laptop's own earlier changes that later ops build on."""
        wanted: dict[tuple[str, str], set[str]] = {}
        for op in ops:
            if op.base_version and P.hub_seq_of(op.base_version) is None:
                wanted.setdefault((op.table, op.row_id), set()).add(op.base_version)
        by_table: dict[str, list[str]] = {}
        for table, row_id in wanted:
            by_table.setdefault(table, []).append(row_id)
        for (
            table,
            ids,
        ) in by_table.items():  # by table, so the (org, table, row, version) index serves
            for row_id, version, *entry in select_in(
                self.conn,
                "SELECT row_id, version, device_id, known, status, reason, payload_hash FROM op_log "
                "WHERE org_id = {mark} AND table_name = {mark} AND row_id IN ({marks})",
                (self.org_id, table),
                ids,
            ):
                if version in wanted[(table, row_id)]:
                    self.log_by_version[(table, row_id, version)] = LogEntry(*entry)

    # Applying -------------------------------------------------------------------------------

    def prepare(self, ops: list[Op]) -> None:
        """What needs no shared state, worked out before the organisation is locked."""
        self.ops = ops
        self.hashes = [payload_hash(op) for op in ops]
        self.problems = [P.op_problem(op) for op in ops]

    def apply(self, conn: Connection) -> list[Result]:
        """Each op's (op_id, status, reason), in the order sent. Raises OpIdsReused, storing nothing.

        The rows the batch changes are locked first, so it is worked out on their latest committed
        state and nobody changes them before it commits; numbered from the organisation's last
        sequence S, its numbers are then moved to the block it claims (S + 1 unless others claimed
        since). Pushes to other rows of the organisation go on meanwhile; the outcome is the same as
        if the pushes had been applied one after another in the order of their claims.
        """
        self.conn = conn
        self._hold_organisation(exclusive=any(op.table == P.ERASURE_TABLE for op in self.ops))
        self._lock_rows()
        start = self.seq = self._read_last_seq()
        self._load_erased()
        results = self._decide()
        if self.seq > start:
            self._claim(start)
        else:  # nothing numbered: the answer's cursor is where the organisation is complete
            self.seq = served_to(conn, self.org_id)
        self._write()
        return results

    def _decide(self) -> list[Result]:
        ops, hashes = self.ops, self.hashes
        seen = self._load_log(ops)
        reused: list[str] = []
        first_in_batch: dict[str, str] = {}
        for op, h in zip(ops, hashes, strict=True):
            earlier = seen.get(op.op_id)
            if earlier is not None:
                if earlier.payload_hash != h:
                    reused.append(op.op_id)
            elif first_in_batch.setdefault(op.op_id, h) != h:
                reused.append(op.op_id)
        if reused:
            raise OpIdsReused(sorted(set(reused)))
        self._load_rows({(op.table, op.row_id) for op in ops if op.table in P.TABLES})
        self._load_bases(ops)

        results: list[Result] = []
        done: set[str] = set()
        for op, h, problem in zip(ops, hashes, self.problems, strict=True):
            op_id = op.op_id
            if op_id in done:
                results.append((op_id, "duplicate", ""))
                continue
            done.add(op_id)
            earlier = seen.get(op_id)
            if earlier is not None:
                status = "rejected" if earlier.status == "rejected" else "duplicate"
                results.append((op_id, status, earlier.reason))
            elif problem:
                results.append(self._reject(op, h, problem))
            else:
                results.append(self._apply_one(op, h))
        for row in self.rows.values():
            if row.changed:
                row.data_text = dumps(row.data)  # holds no sequence numbers: made before the lock
        return results

    def _move_past(self, start: int, delta: int) -> None:
        """Add ``delta`` to every sequence number this batch took (those above ``start``)."""
        if delta == 0:  # nobody claimed numbers since this batch read the last one (always so on SQLite)
            return
        moved: dict[int, list[Any]] = {}  # stamp lists are shared between fields: move each once

        def move(stamp: list[Any]) -> list[Any]:
            if stamp[0] <= start:
                return stamp
            new = moved.get(id(stamp))
            if new is None:
                new = moved[id(stamp)] = [stamp[0] + delta, stamp[1]]
            return new

        for row in self.rows.values():
            if not row.changed:
                continue
            if row.seq is not None:
                row.seq += delta
            seq = P.hub_seq_of(row.version)
            if seq is not None and seq > start:
                row.version = row.version[: row.version.rindex(":") + 1] + str(seq + delta)
            row.meta = {name: move(stamp) for name, stamp in row.meta.items()}
            if row.conflicts:
                row.conflicts = [{**c, "seq": c["seq"] + delta} if c["seq"] > start else c for c in row.conflicts]
        self.log_new = [
            (*entry[:10], entry[10] + delta if entry[10] is not None else None, *entry[11:]) for entry in self.log_new
        ]
        self.seq += delta

    def _known(self, op: Op) -> int:
        """How far into this organisation's history the op's author had seen the row."""
        if not op.base_version:
            return 0
        seq = P.hub_seq_of(op.base_version)
        if seq is not None:
            return min(seq, self.seq)
        entry = self.log_by_version.get((op.table, op.row_id, op.base_version))
        return entry.known if entry is not None else 0

    def _log(self, op: Op, h: str, known: int, status: str, reason: str, seq: int | None) -> None:
        self.log_new.append(
            (
                self.org_id,
                op.op_id,
                self.writer,
                op.table,
                op.row_id,
                op.version,
                known,
                h,
                status,
                reason,
                seq,
                self.now,
                None,
            )  # chain: worked out when written, once the sequence numbers are final
        )
        self.log_by_version[(op.table, op.row_id, op.version)] = LogEntry(self.writer, known, status, reason, h)

    def _reject(self, op: Op, h: str, reason: str) -> Result:
        self._log(op, h, self._known(op) if op.table in P.TABLES else 0, "rejected", reason, None)
        return (op.op_id, "rejected", reason)

    def _apply_one(self, op: Op, h: str) -> Result:
        refusal = P.erased_refusal(op.table, op.row_id, op.fields, self.erased)
        if refusal:  # a change to an erased person, or a merge into one
            return self._reject(op, h, refusal)
        known = self._known(op)
        row = self.rows[(op.table, op.row_id)]
        fields = dict(op.fields)
        fields.pop("id", None)
        reason = ""
        if self.erased:
            about = P.mentions(op.table, op.row_id, row.data, self.erased)
            cleaned = P.scrub(op.table, op.row_id, fields, self.erased, about_erased=about)
            if cleaned != fields:
                fields = cleaned
                reason = "references to an erased person were removed"
        self.seq += 1
        seq = self.seq
        conflicted = self._merge(row, op.op, fields, known, seq)
        self._stamp(row, seq, op.version)
        if op.table == P.ERASURE_TABLE and op.op == "insert":
            self._erase(str(row.data.get("participant_id", "")), seq, op.version)
        if not row.complete and not reason:
            reason = "kept until the record it changes arrives"
        status = "conflict" if conflicted else "applied"
        if conflicted:
            reason = "changed on another laptop too: both values kept, flagged for a person to choose"
        ahead = self._clock_ahead(op.version)
        if ahead:
            reason = f"{reason}; {ahead}" if reason else ahead
        self._log(op, h, known, status, reason, seq)
        return (op.op_id, status, reason)

    def _stamp(self, row: RowState, seq: int, op_version: str) -> None:
        millis, counter, node = P.split_clock(op_version)  # checked by op_problem: a clock value
        if millis > self.now_millis + P.CLOCK_TOLERANCE_MS:
            # A laptop clock far ahead: the hub's time instead, or every laptop that pulls this row
            # would move its clock there and stamp its own changes in the future too.
            millis, counter = self.now_millis, 0
        row.seq = seq if row.complete else None
        row.version = f"{millis:013d}-{counter:06d}-{P.HUB_NODE_PREFIX}{seq}"
        row.origin = node
        row.changed = True

    def _clock_ahead(self, op_version: str) -> str:
        """A note for the laptop when its clock is far ahead of the hub's (the op is applied all the same)."""
        ahead = P.split_clock(op_version)[0] - self.now_millis
        if ahead <= P.CLOCK_TOLERANCE_MS:
            return ""
        return (
            f"{P.CLOCK_AHEAD_REASON}: this laptop's clock is {ahead // 86_400_000} days "
            f"{ahead // 3_600_000 % 24} hours ahead of the hub's; the change was stamped with the hub's time"
        )

    def _merge(self, row: RowState, kind: str, fields: dict[str, Any], known: int, seq: int) -> bool:
        stamp = [seq, self.writer]  # shared by the fields this op writes; never changed in place
        if kind == "insert":
            if not row.meta:  # the usual case: nothing is known of this row yet
                row.data.update(fields)
                row.meta = dict.fromkeys(fields, stamp)
                row.complete = True
                return False
            conflicted = False
            was_complete = row.complete
            for name, value in fields.items():
                if name not in row.meta:
                    row.data[name] = value
                    row.meta[name] = stamp
                elif was_complete:
                    # The same row created twice (a copied laptop): differing values are flagged.
                    conflicted |= self._merge_field(row, name, value, 0, seq)
                # else: a change made after this creation arrived first, and it stands.
            row.complete = True
            return conflicted
        conflicted = False
        for name, value in fields.items():
            conflicted |= self._merge_field(row, name, value, known, seq)
        # A deletion and an edit the deleter had not seen: the deletion stands, flagged for a person.
        deleted_meta = row.meta.get("deleted")
        if fields.get("deleted") is True:
            unseen_edit = any(m[0] > known and m[1] != self.writer for name, m in row.meta.items() if name != "deleted")
            if unseen_edit:
                conflicted |= self._flag(row, "deleted", True, False, seq)
        elif (
            "deleted" not in fields
            and row.data.get("deleted") is True
            and deleted_meta is not None
            and deleted_meta[0] > known
            and deleted_meta[1] != self.writer
        ):
            conflicted |= self._flag(row, "deleted", True, False, seq)
        return conflicted

    def _merge_field(self, row: RowState, name: str, value: Any, known: int, seq: int) -> bool:
        meta = row.meta.get(name)
        if meta is None or meta[0] <= known or meta[1] == self.writer:
            row.data[name] = value
            row.meta[name] = [seq, self.writer]
            if row.conflicts:  # a write made knowing of a flagged conflict settles it
                row.conflicts = [c for c in row.conflicts if not (c["field"] == name and c["seq"] <= known)]
            return False
        if row.data.get(name) == value:
            return False  # changed two ways to the same value
        return self._flag(row, name, row.data.get(name), value, seq)

    def _flag(self, row: RowState, name: str, kept: Any, other: Any, seq: int) -> bool:
        row.conflicts = [c for c in row.conflicts if not (c["field"] == name and c["by"] == self.writer)]
        row.conflicts.append({"field": name, "kept": kept, "other": other, "by": self.writer, "seq": seq})
        return True

    # Erasure ----------------------------------------------------------------------------------

    def _erase(self, person: str, seq: int, op_version: str) -> None:
        if not person or person in self.erased:
            return
        self.erased.add(person)
        self.new_erased.append(person)
        gone = {person}
        self._load_rows({(P.PERSON_TABLE, person)})
        tomb = self.rows[(P.PERSON_TABLE, person)]
        self.seq += 1
        seq = self.seq
        tomb.data = P.participant_tombstone()
        tomb.meta = {name: [seq, self.writer] for name in tomb.data}
        tomb.conflicts = []
        tomb.complete = True
        self._stamp(tomb, seq, op_version)
        # Every other row that points at them, whether loaded already or only in storage.
        found = self.conn.execute(
            select(*(rows.c[name] for name in ROW_STATE)).where(
                rows.c.org_id == self.org_id,
                rows.c.table_name.in_(LIST_SCAN_TABLES),
                or_(
                    rows.c.data.contains(person, autoescape=True),
                    rows.c.conflicts.contains(person, autoescape=True),
                ),
            )
        )
        for r in found:
            self.rows.setdefault((r.table_name, r.row_id), self._state(r))
        for (table, row_id), row in list(self.rows.items()):
            if row is tomb:
                continue
            about = P.mentions(table, row_id, row.data, gone)
            cleaned = P.scrub(table, row_id, row.data, gone, about_erased=about)
            kept_conflicts = [c for c in row.conflicts if person not in dumps(c)]
            if about:
                kept_conflicts = [c for c in kept_conflicts if c["field"] not in P.about_fields(table)]
            if cleaned == row.data and kept_conflicts == row.conflicts:
                continue
            for name, value in cleaned.items():
                if row.data.get(name) != value:
                    row.meta[name] = [seq, self.writer]
            row.data = cleaned
            row.conflicts = kept_conflicts
            self.seq += 1
            self._stamp(row, self.seq, op_version)

    # Writing --------------------------------------------------------------------------------

    def _write(self) -> None:
        inserts, updates = [], []
        org_id = self.org_id
        for row in self.rows.values():
            if not row.changed:
                continue
            conflicts = dumps(row.conflicts) if row.conflicts else "[]"
            if row.in_db:
                # New sequence numbers are above every stored one, so no row's number collides.
                updates.append(
                    (
                        row.seq,
                        row.version,
                        row.origin,
                        row.complete,
                        row.data_text or dumps(row.data),
                        pack_meta(row.meta, row.data),
                        conflicts,
                        org_id,
                        row.table,
                        row.row_id,
                    )
                )
            else:
                inserts.append(
                    (
                        org_id,
                        row.table,
                        row.row_id,
                        row.seq,
                        row.version,
                        row.origin,
                        row.complete,
                        row.data_text or dumps(row.data),
                        pack_meta(row.meta, row.data),
                        conflicts,
                    )
                )
        # New rows and op_ids in one order for every push: two pushes storing the same ones (a retry racing
        # its original) meet at the first, and the later is told it clashed instead of deadlocking.
        inserts.sort(key=lambda r: (r[1], r[2]))
        update_rows(self.conn, rows, ROW_VALUES, ROW_KEY, updates)
        insert_rows(self.conn, rows, ROW_COLUMNS, inserts)
        # The reports' typed projection, in this transaction: an erasure's tombstone and scrubs included.
        projection.keep_in_step(
            self.conn,
            org_id,
            (
                projection.Changed(row.table, row.row_id, row.version, row.origin, row.data, row.in_db)
                for row in self.rows.values()
                if row.changed and row.complete
            ),
        )
        insert_rows(self.conn, op_log, LOG_COLUMNS, sorted(self.log_new, key=lambda entry: entry[1]))
        if self.new_erased:
            now = utcnow()
            self.conn.execute(
                insert(erased),
                [{"org_id": self.org_id, "participant_id": p, "erased_at": now} for p in self.new_erased],
            )
        if self.claimed is not None:  # committed with the rows: pulls may pass the block from then on
            self.conn.execute(
                seq_claims.delete().where(seq_claims.c.org_id == self.org_id, seq_claims.c.low == self.claimed)
            )


ROW_STATE = (
    "table_name",
    "row_id",
    "seq",
    "version",
    "origin",
    "complete",
    "data",
    "meta",
    "conflicts",
)
ROW_KEY = ("org_id", "table_name", "row_id")
ROW_VALUES = ("seq", "version", "origin", "complete", "data", "meta", "conflicts")
ROW_COLUMNS = ROW_KEY + ROW_VALUES
LOG_COLUMNS = (
    "org_id",
    "op_id",
    "device_id",
    "table_name",
    "row_id",
    "version",
    "known",
    "payload_hash",
    "status",
    "reason",
    "seq",
    "received_at",
    "chain",
)
