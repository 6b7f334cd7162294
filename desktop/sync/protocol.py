"""The wire protocol between a laptop and the hub (version 1), shared by both sides.

Pure Python, pydantic and orjson: the hub imports this module and nothing else from
``desktop``. Besides the request and response schemas it holds the facts both
sides must agree on byte for byte: which tables travel, the type of every
field, and how a person's details are erased from a row.

Versions: a laptop stamps its changes with hybrid-logical-clock values
(``millis-counter-node``). The hub stamps every row it commits with a version
of the same shape whose node is ``hub:<seq>``, where ``seq`` is the
per-organisation sequence of that commit. A laptop that edits a row it pulled
sends that value back as ``base_version``, which tells the hub exactly how
much of the row the laptop had seen — whatever its wall clock said.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

PROTOCOL_VERSION = 1
MAX_OPS_PER_PUSH = 5000  # hubs before this took 1000; laptops adapt to either
MAX_PULL_LIMIT = 5000
DEFAULT_PULL_LIMIT = 1000

# Identifiers: UUIDs made on laptops, or short names. No spaces or control characters.
Ident = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]
Version = Annotated[str, StringConstraints(max_length=128, pattern=r"^[A-Za-z0-9._:-]*$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------------------------------------
# Enrolment


class EnrolRequest(_Strict):
    """A single-use enrolment code, traded for a device token.

    The code is the only enrolment credential, every time: there is no field for a token, so a
    copied laptop (or anyone holding a token) cannot mint another one.
    """

    device_id: Ident
    device_name: Annotated[str, StringConstraints(max_length=200)] = ""
    code: Annotated[str, StringConstraints(min_length=4, max_length=64)]


class EnrolResponse(_Strict):
    token: str
    organisation: str
    device_id: str
    protocol: int = PROTOCOL_VERSION


# ---------------------------------------------------------------------------------------------
# Push


OpKind = Literal["insert", "update", "delete"]
OpStatus = Literal["applied", "duplicate", "conflict", "rejected"]


class Op(_Strict):
    """One change from a laptop's outbox."""

    op_id: Ident
    table: Ident
    row_id: Ident
    op: Ident  # insert, update or delete; anything else is rejected on its own
    fields: dict[str, Any] = Field(default_factory=dict)
    base_version: Version = ""
    version: Version


class PushRequest(_Strict):
    ops: list[Op] = Field(max_length=MAX_OPS_PER_PUSH)


class OpResult(_Strict):
    op_id: str
    status: OpStatus
    reason: str = ""


class PushResponse(_Strict):
    results: list[OpResult]
    cursor: int  # the organisation's latest sequence after this push


class OpIdClash(_Strict):
    """Body of a 409: these op_ids were already used for a different change. Nothing was stored."""

    detail: str
    op_ids: list[str]


# ---------------------------------------------------------------------------------------------
# Pull


class FieldConflict(_Strict):
    """A field changed two ways: the row holds ``kept``; ``other`` is kept here for a person."""

    field: str
    kept: Any = None
    other: Any = None
    by: str = ""  # the device whose value is ``other``
    seq: int = 0  # when the hub saw it


class Change(_Strict):
    """The state of one row as the hub holds it, at commit ``seq``."""

    table: str
    row_id: str
    seq: int
    version: str
    origin: str
    fields: dict[str, Any]
    conflicts: list[FieldConflict] = Field(default_factory=list)


class PullPage(_Strict):
    changes: list[Change]
    cursor: int  # store this and ask ``since=cursor`` next time
    more: bool


class Problem(BaseModel):
    """Body of every error response."""

    detail: str
    errors: list[dict[str, Any]] = Field(default_factory=list)


class Health(_Strict):
    status: str
    protocol: int
    version: str


# ---------------------------------------------------------------------------------------------
# The tables that travel, and the type of every field.
#
# Type tags: str, int, bool, datetime, date (ISO 8601 text), list (of text), dict; a trailing
# "?" allows null. ``required`` fields must be present when a row is created. A test keeps this
# in step with desktop.models.

COMMON_FIELDS = {"deleted": "bool"}
APPEND = "append"  # facts: every copy is kept; corrections are new records
EDITED = "edited"  # records people edit: merged field by field


class TableSpec(BaseModel):
    kind: Literal["append", "edited"]
    fields: dict[str, str]
    required: frozenset[str]


def _spec(kind: str, required: set[str], /, **fields: str) -> TableSpec:
    return TableSpec(kind=kind, fields={**fields, **COMMON_FIELDS}, required=frozenset(required))


TABLES: dict[str, TableSpec] = {
    "venues": _spec(
        EDITED, {"name"}, name="str", kind="str", address="str", access_notes="str", step_free="bool",
        public_transport="bool", parking="bool", offers="list", languages="list", notes="str",
    ),
    "sessions": _spec(
        EDITED, {"venue_id", "starts_at"}, venue_id="str", title="str", starts_at="datetime",
        duration_minutes="int", lesson_ids="list", hosts="list", helpers="list", capacity="int",
        language="str", status="str", notes="str",
    ),
    "lessons": _spec(
        EDITED, {"slug", "title"}, slug="str", title="str", language="str", level="str", minutes="int",
        offline="bool", tags="list", text="str", current_version="int", remixed_from="str?",
        trashed_at="datetime?", source_path="str",
    ),
    "lesson_versions": _spec(
        APPEND, {"lesson_id", "number", "text"}, lesson_id="str", number="int", text="str",
        created_at="datetime", note="str",
    ),
    "participants": _spec(
        EDITED, {"first_name"}, first_name="str", last_name="str", pronouns="str", phone="str",
        email="str", contact_consent="bool", contact_consent_at="datetime?", contact_consent_text="str",
        language="str", languages="list", experience="str", came_with="str", access_needs="str",
        heard_from="str", photo_consent="bool?", is_minor="bool", guardian_name="str", stage="str",
        never_pair_with="list", notes="str", search_key="str", phone_last4="str", merged_into="str?",
        erased="bool", created_at="datetime",
    ),
    "sign_ins": _spec(
        APPEND, {"session_id"}, session_id="str", participant_id="str?", signed_in_at="datetime",
        signed_out_at="datetime?", as_helper="bool", first_visit="bool", came_with="str", source="str",
        voided="bool",
    ),
    "exit_cards": _spec(
        APPEND, {"session_id", "rating"}, session_id="str", participant_id="str?", rating="int",
        will_return="str", barriers="list", comment="str", created_at="datetime",
    ),
    "pairing_rounds": _spec(
        APPEND, {"session_id"}, session_id="str", number="int", created_at="datetime", seed="int",
        options="dict", score="int",
    ),
    "pairing_groups": _spec(
        APPEND, {"round_id"}, round_id="str", table_number="int", member_ids="list", reason="str",
        locked="bool",
    ),
    "erasures": _spec(APPEND, {"participant_id", "requested_on"}, participant_id="str", requested_on="date"),
}

_INT_LIMIT = 2**63
_TABLE_CHECKS: dict[str, dict[str, Any]] = {}  # filled below, once the checks are defined


def _is_str(v: Any) -> bool:
    return type(v) is str


def _is_int(v: Any) -> bool:
    return type(v) is int and -_INT_LIMIT < v < _INT_LIMIT


def _is_bool(v: Any) -> bool:
    return type(v) is bool


def _is_list(v: Any) -> bool:
    return type(v) is list and all(type(x) is str for x in v)


def _is_dict(v: Any) -> bool:
    return type(v) is dict


_CHECKS = {
    "str": _is_str, "int": _is_int, "bool": _is_bool, "list": _is_list, "dict": _is_dict,
    "datetime": lambda v: type(v) is str and _parses("datetime", v),
    "date": lambda v: type(v) is str and _parses("date", v),
}


def _check(tag: str):
    base = _CHECKS[tag.rstrip("?")]
    if tag.endswith("?"):
        return lambda v: v is None or base(v)
    return base


def value_problem(tag: str, value: Any) -> str | None:
    """Why ``value`` does not fit the type ``tag``, or None if it does."""
    if tag.endswith("?"):
        if value is None:
            return None
        tag = tag[:-1]
    ok: bool
    if tag == "str":
        ok = isinstance(value, str)
    elif tag == "int":
        ok = isinstance(value, int) and not isinstance(value, bool) and -_INT_LIMIT < value < _INT_LIMIT
    elif tag == "bool":
        ok = isinstance(value, bool)
    elif tag == "list":
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    elif tag == "dict":
        ok = isinstance(value, dict)
    elif tag in ("datetime", "date"):
        ok = isinstance(value, str) and _parses(tag, value)
    else:  # pragma: no cover - a mistake in TABLES
        raise ValueError(f"unknown type tag {tag!r}")
    return None if ok else f"expected {tag}, got {type(value).__name__}"


def _parses(tag: str, text: str) -> bool:
    try:
        (datetime if tag == "datetime" else date).fromisoformat(text)
    except ValueError:
        return False
    return True


_TABLE_CHECKS.update({t: {n: _check(tag) for n, tag in spec.fields.items()} for t, spec in TABLES.items()})
# Fields whose check is only the value's type: a set lookup instead of a call (most fields).
_PLAIN_TYPES = {"str": str, "bool": bool, "dict": dict}
_TABLE_PLAIN: dict[str, dict[str, frozenset[type]]] = {
    t: {
        n: frozenset({_PLAIN_TYPES[tag.rstrip("?")], *((type(None),) if tag.endswith("?") else ())})
        for n, tag in spec.fields.items()
        if tag.rstrip("?") in _PLAIN_TYPES
    }
    for t, spec in TABLES.items()
}


def op_problem(op: Op) -> str | None:
    """Why the hub must refuse this op on its own (not the batch), or None if it is well formed."""
    spec = TABLES.get(op.table)
    if spec is None:
        return f"unknown table {op.table!r}"
    if op.op not in ("insert", "update", "delete"):
        return f"unknown operation {op.op!r}"
    if not is_clock_value(op.version):
        return f"version {op.version!r} is not a clock value"
    if op.base_version and not is_clock_value(op.base_version):
        return f"base_version {op.base_version!r} is not a clock value"
    checks = _TABLE_CHECKS[op.table]
    plain = _TABLE_PLAIN[op.table]
    for name, value in op.fields.items():
        allowed = plain.get(name)
        if allowed is not None and type(value) in allowed:
            continue
        if name == "id":
            if value != op.row_id:
                return "field id does not match row_id"
            continue
        check = checks.get(name)
        if check is None:
            return f"unknown field {op.table}.{name}"
        if not check(value):
            return f"field {op.table}.{name}: {value_problem(spec.fields[name], value)}"
    if op.op == "insert":
        missing = sorted(spec.required - op.fields.keys())
        if missing:
            return f"a new {op.table} row needs {', '.join(missing)}"
    if op.op == "delete" and op.fields.get("deleted") is not True:
        return "a delete must set deleted to true"
    return None


# ---------------------------------------------------------------------------------------------
# Clock values


HUB_NODE_PREFIX = "hub:"


def split_clock(value: str) -> tuple[int, int, str]:
    millis, counter, node = value.split("-", 2)
    return int(millis), int(counter), node


def is_clock_value(value: str) -> bool:
    try:
        millis, counter, node = split_clock(value)
    except ValueError:
        return False
    return millis >= 0 and counter >= 0 and bool(node)


def hub_version(op_version: str, seq: int) -> str:
    """The version of a row the hub committed at ``seq`` (clock part taken from the change)."""
    millis, counter, _node = split_clock(op_version)
    return f"{millis:013d}-{counter:06d}-{HUB_NODE_PREFIX}{seq}"


def hub_seq_of(version: str) -> int | None:
    """The hub sequence a hub-stamped version stands for, or None for a laptop's own version."""
    try:
        _m, _c, node = split_clock(version)
    except ValueError:
        return None
    if not node.startswith(HUB_NODE_PREFIX):
        return None
    try:
        return int(node[len(HUB_NODE_PREFIX):])
    except ValueError:
        return None


def node_of(version: str) -> str:
    try:
        return split_clock(version)[2]
    except ValueError:
        return ""


# ---------------------------------------------------------------------------------------------
# Erasure: the same rules on the hub and on every laptop, so they end up with the same rows.

PERSON_TABLE = "participants"
ERASURE_TABLE = "erasures"
# The one list of a person's details, used by the laptop (erase, merge) and the hub alike. On a
# participant's own record: who they are and how to reach them (an erasure blanks them all; a merge
# never copies them to another record). On rows that point at a person: free text about them.
PERSONAL_FIELDS: dict[str, tuple[str, ...]] = {
    "participants": (
        "first_name", "last_name", "pronouns", "phone", "email", "contact_consent", "contact_consent_at",
        "contact_consent_text", "came_with", "access_needs", "guardian_name", "notes", "search_key",
        "phone_last4",
    ),
    "sign_ins": ("came_with",),
    "exit_cards": ("comment",),
}
ERASED_REASON = "erased: this person's details were erased at their request"
MERGED_INTO_ERASED_REASON = (
    "erased: this record cannot be merged into a person whose details were erased at their request"
)
# Fields that hold one person's id, and lists of people's ids.
PERSON_REF_FIELDS: dict[str, tuple[str, ...]] = {
    "sign_ins": ("participant_id",),
    "exit_cards": ("participant_id",),
    "participants": ("merged_into",),
}
PERSON_LIST_FIELDS: dict[str, tuple[str, ...]] = {
    "pairing_groups": ("member_ids",),
    "participants": ("never_pair_with",),
    "sessions": ("hosts", "helpers"),
}
ERASED_CREATED_AT = "1970-01-01T00:00:00"


def participant_tombstone() -> dict[str, Any]:
    """What is left of an erased person: nothing but the row's id and the fact of erasure."""
    blank = {"str": "", "str?": None, "bool": False, "bool?": None, "list": [], "datetime?": None}
    fields: dict[str, Any] = {}
    for name, tag in TABLES[PERSON_TABLE].fields.items():
        fields[name] = ERASED_CREATED_AT if tag == "datetime" else blank[tag]
    fields["erased"] = True
    fields["deleted"] = True
    return fields


def mentions(table: str, row_id: str, fields: dict[str, Any], erased: set[str] | frozenset[str]) -> bool:
    """Whether a row (or part of one) refers to an erased person."""
    if not erased:
        return False
    if table == PERSON_TABLE and row_id in erased:
        return True
    for name in PERSON_REF_FIELDS.get(table, ()):
        if fields.get(name) in erased:
            return True
    for name in PERSON_LIST_FIELDS.get(table, ()):
        value = fields.get(name)
        if isinstance(value, list) and any(v in erased for v in value):
            return True
    return False


def about_fields(table: str) -> tuple[str, ...]:
    """Free text about the person a row points at (a participant's own details are not: they are theirs)."""
    return () if table == PERSON_TABLE else PERSONAL_FIELDS.get(table, ())


def erased_refusal(table: str, row_id: str, fields: dict[str, Any], erased: set[str] | frozenset[str]) -> str | None:
    """Why a change must be refused outright because it touches an erased person, or None.

    A change to an erased person, or a merge into one, is refused; any other change that mentions
    one is kept with the mention removed (``scrub``), so a visit still counts anonymously.
    """
    if table != PERSON_TABLE or not erased:
        return None
    if row_id in erased:
        return ERASED_REASON
    if fields.get("merged_into") in erased:
        return MERGED_INTO_ERASED_REASON
    return None


def scrub(
    table: str,
    row_id: str,
    fields: dict[str, Any],
    erased: set[str] | frozenset[str],
    *,
    about_erased: bool | None = None,
) -> dict[str, Any]:
    """``fields`` with every trace of the erased people removed (a new dict; input untouched).

    Works on a whole row or on the changed fields of one op. ``about_erased`` says whether the
    row points at an erased person when ``fields`` alone cannot tell (a partial update).
    """
    if table == PERSON_TABLE and row_id in erased:
        tombstone = participant_tombstone()
        return {k: tombstone[k] for k in fields if k in tombstone} if "first_name" not in fields else tombstone
    out = dict(fields)
    pointed = bool(about_erased)
    for name in PERSON_REF_FIELDS.get(table, ()):
        if out.get(name) in erased:
            out[name] = None
            pointed = True
    for name in PERSON_LIST_FIELDS.get(table, ()):
        value = out.get(name)
        if isinstance(value, list) and any(v in erased for v in value):
            out[name] = [v for v in value if v not in erased]
    if pointed:
        for name in about_fields(table):
            if name in out:
                out[name] = ""
    return out


# ---------------------------------------------------------------------------------------------
# JSON text, fast and exact. orjson writes the same compact UTF-8 as ``json.dumps(...,
# ensure_ascii=False, separators=(",", ":"))`` several times faster, but refuses integers beyond
# 64 bits and reads them back as floats; a free-form field may hold one, so text that might
# (a run of 19 digits anywhere) goes through the standard library instead.

_stdlib_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_DIGITS_AS_ONES = bytes(49 if 48 <= i <= 57 else 48 for i in range(256))
_LONG_NUMBER = b"1" * 19  # 2**63 has 19 digits: shorter integers are exact in orjson


def json_dumps(value: Any) -> str:
    try:
        return orjson.dumps(value).decode("utf-8")
    except TypeError:  # an integer beyond 64 bits, or nesting deeper than orjson goes
        return _stdlib_dumps(value)


def has_long_number(raw: bytes) -> bool:
    """Whether JSON text may hold an integer orjson would read inexactly (it may also be in a string)."""
    return _LONG_NUMBER in raw.translate(_DIGITS_AS_ONES)


def json_loads(text: bytes | str) -> Any:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    if not has_long_number(raw):
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass  # NaN or Infinity (the standard library writes them), or not JSON at all
    return json.loads(raw)
