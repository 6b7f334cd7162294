"""Reading a push body: orjson and plain checks for the usual body, pydantic for everything else.

A push holds thousands of ops. Checking each against ``P.Op`` by hand, after one
orjson pass, costs half of building the pydantic models. The checks are the
schema's own rules, no looser: a body that fails any of them, or that orjson
cannot read exactly (a number beyond 64 bits, NaN), is read by
``P.PushRequest`` instead, so what is accepted and the errors given for what is
not are the schema's.

Both readings then apply the one limit the schema cannot say in pydantic's terms:
arrays and objects nest at most ``MAX_DEPTH`` levels in a push body. Deeper
JSON is refused here, once, with a 422, before anything hashes or stores it.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import orjson
from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from desktop.sync import protocol as P

_IDENT = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_VERSION = re.compile(r"[A-Za-z0-9._:-]{0,128}")
_REQUIRED = frozenset({"op_id", "table", "row_id", "op", "version"})
_ALLOWED = _REQUIRED | {"fields", "base_version"}

MAX_DEPTH = 10  # levels of arrays and objects in a push body, its own included (laptops use 7)
# {"ops": [{"fields": {name: value}}]} takes four levels; a field's value may use the rest.
FIELD_VALUE_DEPTH = MAX_DEPTH - 4
TOO_DEEP = f"arrays and objects nested more than {MAX_DEPTH} levels deep (the most a push may hold)"


class Op(NamedTuple):
    """One op of a push, as ``P.Op`` describes it."""

    op_id: str
    table: str
    row_id: str
    op: str
    fields: dict[str, Any]
    base_version: str
    version: str


def read_push(body: bytes) -> list[Op]:
    """The ops of a push body; raises pydantic's ValidationError (a 422) if it breaks the schema
    or nests deeper than ``MAX_DEPTH``."""
    ops = _read_fast(body)
    if ops is None:
        try:
            request = P.PushRequest.model_validate_json(body)  # raises, with the schema's own errors
        except ValidationError as exc:
            # Deeper than pydantic's parser goes (or orjson's, which sent the body here).
            if any(e["type"] == "json_invalid" and "recursion limit" in e["msg"] for e in exc.errors()):
                raise _too_deep(()) from None
            raise
        ops = [Op(o.op_id, o.table, o.row_id, o.op, o.fields, o.base_version, o.version) for o in request.ops]
    for i, op in enumerate(ops):
        for name, value in op.fields.items():
            kind = type(value)
            if (kind is dict or kind is list) and _nests_deeper(value, FIELD_VALUE_DEPTH):
                raise _too_deep(("ops", i, "fields", name))
    return ops


def _nests_deeper(value: dict[str, Any] | list[Any], levels: int) -> bool:
    """Whether the array or object ``value`` holds more than ``levels`` levels of them, its own counted."""
    if levels <= 0:
        return True
    for item in value.values() if type(value) is dict else value:
        kind = type(item)
        if (kind is dict or kind is list) and _nests_deeper(item, levels - 1):
            return True
    return False


def _too_deep(where: tuple[str | int, ...]) -> ValidationError:
    problem = InitErrorDetails(type=PydanticCustomError("too_deep", TOO_DEEP), loc=where, input=None)
    return ValidationError.from_exception_data("PushRequest", [problem])


def field_value_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schemas of a field's value as ``read_push`` takes it (any JSON, nested at most
    ``FIELD_VALUE_DEPTH`` levels), for the published PushRequest: one schema a level, as JSON
    Schema has no word for depth. The first is named ``FieldValue``."""
    scalars = ["null", "boolean", "integer", "number", "string"]

    def name(level: int) -> str:
        return "FieldValue" if level == 0 else f"FieldValueAtDepth{level}"

    schemas: dict[str, dict[str, Any]] = {}
    for level in range(FIELD_VALUE_DEPTH + 1):
        if level == FIELD_VALUE_DEPTH:
            schemas[name(level)] = {"type": scalars}
            continue
        inner = {"$ref": f"#/components/schemas/{name(level + 1)}"}
        schemas[name(level)] = {"type": [*scalars, "array", "object"], "items": inner, "additionalProperties": inner}
    schemas["FieldValue"]["description"] = (
        f"Any JSON value; arrays and objects in it nest at most {FIELD_VALUE_DEPTH} levels deep "
        f"(a push body as a whole at most {MAX_DEPTH})."
    )
    return schemas


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
