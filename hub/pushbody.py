"""Reading a push body: orjson and plain checks for the usual body, pydantic for everything else.

A push holds thousands of ops. Checking each against ``P.Op`` by hand, after one
orjson pass, costs half of building the pydantic models. The checks are the
schema's own rules, no looser: a body that fails any of them, or that orjson
cannot read exactly (a number beyond 64 bits, NaN), is read by
``P.PushRequest`` instead, so what is accepted and the errors given for what is
not are the schema's.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import orjson

from desktop.sync import protocol as P

_IDENT = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_VERSION = re.compile(r"[A-Za-z0-9._:-]{0,128}")
_REQUIRED = frozenset({"op_id", "table", "row_id", "op", "version"})
_ALLOWED = _REQUIRED | {"fields", "base_version"}


class Op(NamedTuple):
    """One op of a push, as ``P.Op`` describes it."""

    op_id: str
    table: str
    row_id: str
    op: str
    fields: dict[str, Any]
    base_version: str
    version: str

    def model_dump_json(self) -> str:
        """The pydantic JSON of the same op (what payload hashes were once made of)."""
        return P.Op.model_construct(**self._asdict()).model_dump_json()


def read_push(body: bytes) -> list[Op]:
    """The ops of a push body; raises pydantic's ValidationError (a 422) if it breaks the schema."""
    ops = _read_fast(body)
    if ops is None:
        request = P.PushRequest.model_validate_json(body)  # raises, with the schema's own errors
        ops = [Op(o.op_id, o.table, o.row_id, o.op, o.fields, o.base_version, o.version) for o in request.ops]
    return ops


def _read_fast(body: bytes) -> list[Op] | None:
    """The ops, if the body is plainly well formed and exactly readable by orjson; else None."""
    if P.has_long_number(body):
        return None
    try:
        request = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if type(request) is not dict or request.keys() != {"ops"}:
        return None
    raw = request["ops"]
    if type(raw) is not list or len(raw) > P.MAX_OPS_PER_PUSH:
        return None
    ident, version_ok = _IDENT.fullmatch, _VERSION.fullmatch
    ops = []
    for op in raw:
        if type(op) is not dict or not _REQUIRED <= op.keys() or not op.keys() <= _ALLOWED:
            return None
        op_id, table, row_id, kind, version = op["op_id"], op["table"], op["row_id"], op["op"], op["version"]
        fields, base = op.get("fields", {}), op.get("base_version", "")
        if (
            type(op_id) is not str or type(table) is not str or type(row_id) is not str or type(kind) is not str
            or type(version) is not str or type(base) is not str or type(fields) is not dict
            or not ident(op_id) or not ident(table) or not ident(row_id) or not ident(kind)
            or not version_ok(version) or not version_ok(base)
        ):
            return None
        ops.append(Op(op_id, table, row_id, kind, fields, base, version))
    return ops
