"""Reading a push body: by the protocol's own model, ``P.PushRequest``, and one limit more.

``P.PushRequest`` alone decides what is accepted, and its errors are the answer for what is not:
no rule about an op's keys or their forms is written here. (pydantic reads a push of thousands of
ops as fast as orjson and a hand check of each op did.)

Then the one limit the schema cannot say in pydantic's terms: arrays and objects nest at most
``MAX_DEPTH`` levels in a push body. Deeper JSON is refused here, once, with a 422, before anything
hashes or stores it; a body deeper than pydantic's parser goes is refused the same way, unread.
"""

from __future__ import annotations

from typing import Any

import orjson
from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from desktop.sync import protocol as P

MAX_DEPTH = 10  # levels of arrays and objects in a push body, its own included (laptops use 7)
# {"ops": [{"fields": {name: value}}]} takes four levels; a field's value may use the rest.
FIELD_VALUE_DEPTH = MAX_DEPTH - 4
TOO_DEEP = f"arrays and objects nested more than {MAX_DEPTH} levels deep (the most a push may hold)"


def read_push(body: bytes, *, packed: bool = False) -> list[P.Op]:
    """The ops of a push body (of packed ops, ``P.pack_ops``, if ``packed``); raises pydantic's
    ValidationError (a 422) if it breaks the schema or nests deeper than ``MAX_DEPTH``."""
    read = _read_packed(body) if packed else None
    if read is not None:
        request = read
    else:
        if packed:
            body = _unpacked(body)
        try:
            request = P.PushRequest.model_validate_json(body)
        except ValidationError as exc:
            if any(e["type"] == "json_invalid" and "recursion limit" in e["msg"] for e in exc.errors()):
                raise _too_deep(()) from None
            raise
    for i, op in enumerate(request.ops):
        for name, value in op.fields.items():
            kind = type(value)
            if (kind is dict or kind is list) and _nests_deeper(value, FIELD_VALUE_DEPTH):
                raise _too_deep(("ops", i, "fields", name))
    return request.ops


# What the model takes exactly as it is (``P.ModelCheck``): such a body is read once, by orjson.
_REQUEST = P.ModelCheck(P.PushRequest)


def _read_packed(body: bytes) -> P.PushRequest | None:
    """The usual packed push, read in one pass: orjson reads it, the packing is undone, and if the
    model takes the result exactly as it is, the model is built from it. None for any other body
    (not JSON, NaN, a number beyond 64 bits, anything the model would refuse or change), which
    ``_unpacked`` and the model read as before, with their reasons."""
    if P.has_long_number(body):
        return None
    try:
        request = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if type(request) is not dict:
        return None
    request["ops"] = P.unpack_ops(request.get("ops"))
    if not _REQUEST.fits(request):
        return None
    return P.PushRequest.model_validate(request)


def _unpacked(body: bytes) -> bytes:
    """A packed push body as version 1 JSON, for the same reading and checks as any other. A body that
    is not JSON, or nests deeper than can be read, is given back as it is: the model says why not."""
    try:
        request = P.json_loads(body)
    except (ValueError, RecursionError):
        return body
    if type(request) is not dict:
        return body
    request["ops"] = P.unpack_ops(request.get("ops"))
    try:
        return P.json_dumps(request).encode("utf-8")
    except RecursionError:
        return body


def _nests_deeper(value: Any, levels: int) -> bool:
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
        schemas[name(level)] = {
            "type": [*scalars, "array", "object"],
            "items": inner,
            "additionalProperties": inner,
        }
    schemas["FieldValue"]["description"] = (
        f"Any JSON value; arrays and objects in it nest at most {FIELD_VALUE_DEPTH} levels deep "
        f"(a push body as a whole at most {MAX_DEPTH})."
    )
    return schemas
