"""The wire protocol between a laptop and the hub (version 2), shared by both sides.

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
import re
import sys
import zlib
from collections.abc import Callable, Sequence
from datetime import date, datetime
from types import UnionType
from typing import Annotated, Any, Final, Literal, NamedTuple, Union, cast, get_args, get_origin

import annotated_types
import orjson
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from desktop import vocabulary as V

PROTOCOL_VERSION = 2  # 2: compressed bodies and packed records (see "The wire"); 1 still served
MAX_OPS_PER_PUSH = 5000
MAX_PULL_LIMIT = 5000
DEFAULT_PULL_LIMIT = 1000

# Identifiers: UUIDs made on laptops, or short names. No spaces or control characters.
Ident = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]
Version = Annotated[str, StringConstraints(max_length=128, pattern=r"^[A-Za-z0-9._:-]*$")]
Origin = Annotated[str, StringConstraints(max_length=128)]  # the device that made a row's last change
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
    # The hub's history mark at ``cursor`` ("" while it has none): the laptop keeps both and sends
    # them with its pulls (``pushed``, ``pushed_mark``), so a hub restored from a copy older than
    # this push is noticed even if the pull after it never happened.
    mark: str


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
    # The hub's mark for its history up to ``cursor`` (a running hash of every op_id to there; ""
    # at 0); send it back with ``since`` so a hub restored from an older copy is noticed.
    mark: str


HISTORY_DIVERGED: Final = "history_diverged"


class HistoryDiverged(_Strict):
    """Body of a 409 to a pull: the hub no longer has the history the laptop's cursor points into.

    The hub was restored from an older copy (its last sequence is below the cursor or the laptop's
    newest acknowledged push, or its history up to either is not the one the laptop saw). The
    laptop sends again what it holds, with waiting edits from the lost history marked as unseen,
    and pulls from the beginning.
    """

    detail: str
    errors: list[dict[str, Any]] = Field(default_factory=list)
    code: Literal["history_diverged"] = HISTORY_DIVERGED
    last_seq: int  # the hub's real position


class Problem(BaseModel):
    """Body of every error response."""

    detail: str
    errors: list[dict[str, Any]] = Field(default_factory=list)


class Health(_Strict):
    status: str
    protocol: int
    version: str


# ---------------------------------------------------------------------------------------------
# Fast checks, read from the models above. A laptop reads thousands of pulled rows at a time, and
# checking them as plain dicts costs a fraction of building a model for each. Every check is made
# from a model's own fields (their types, Annotated constraints and defaults), never written a
# second time, and it only ever says "the model takes this value exactly as it is": a value it does
# not pass goes to the model itself, whose answer and reason stand. A type or constraint these
# functions cannot judge is refused when this module loads, so no model can outgrow its fast check.

Check = Callable[[Any], bool]


def _always(_value: Any) -> bool:
    return True


def plain_type(annotation: Any, metadata: Sequence[Any] = ()) -> type | None:
    """The type a value must have, when that is all ``value_check`` asks of it; else None."""
    if metadata or get_origin(annotation) is Annotated:
        return None
    if annotation in (str, int, bool):
        return cast(type, annotation)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is dict and args == (str, Any):
        return dict
    if origin is list and args == (Any,):
        return list
    return None


def value_check(annotation: Any, metadata: Sequence[Any] = ()) -> Check:
    """Whether a value read from JSON is taken by pydantic for ``annotation`` unchanged.

    ``metadata`` is a field's constraints (``FieldInfo.metadata``); an ``Annotated`` type brings
    its own. Raises TypeError for a type or constraint it cannot judge.
    """
    kind = plain_type(annotation, metadata)
    if kind is not None:
        return lambda v: type(v) is kind  # not a bool for an int, nor 1.0, nor "1"
    if get_origin(annotation) is Annotated:
        annotation, *more = get_args(annotation)
        metadata = [*more, *metadata]
    low, high, pattern = 0, None, None
    for constraint in metadata:
        if isinstance(constraint, StringConstraints):
            if constraint.strip_whitespace or constraint.to_upper or constraint.to_lower:
                raise TypeError(f"{constraint!r} changes the value: no fast check")
            low = constraint.min_length or 0
            high, pattern = constraint.max_length, constraint.pattern
        elif isinstance(constraint, annotated_types.MinLen):
            low = constraint.min_length
        elif isinstance(constraint, annotated_types.MaxLen):
            high = constraint.max_length
        else:
            raise TypeError(f"no fast check for the constraint {constraint!r}")
    sized = low > 0 or high is not None
    most = high if high is not None else sys.maxsize
    origin, args = get_origin(annotation), get_args(annotation)
    if pattern is not None and annotation is not str:
        raise TypeError(f"a pattern on {annotation!r}: no fast check")
    if annotation is Any and not sized:
        return _always
    if annotation is str:
        if pattern is not None:
            # An anchored pattern matched whole: never looser than pydantic's own regex engine.
            form = re.compile(pattern).fullmatch
            return lambda v: type(v) is str and low <= len(v) <= most and form(v) is not None
        return lambda v: type(v) is str and low <= len(v) <= most
    if origin is Literal and all(type(a) is str for a in args) and not sized:
        allowed = frozenset(args)
        return lambda v: type(v) is str and v in allowed
    if origin in (Union, UnionType) and type(None) in args and len(args) == 2 and not sized:
        inner = value_check(next(a for a in args if a is not type(None)))
        return lambda v: v is None or inner(v)
    if origin is dict and args[0] is str:
        each = value_check(args[1])
        if each is _always:
            return lambda v: type(v) is dict and low <= len(v) <= most
        return lambda v: type(v) is dict and low <= len(v) <= most and all(map(each, v.values()))
    if origin is list:
        each = value_check(args[0])
        if each is _always:
            return lambda v: type(v) is list and low <= len(v) <= most
        return lambda v: type(v) is list and low <= len(v) <= most and all(map(each, v))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and not sized:
        return ModelCheck(annotation).fits
    raise TypeError(f"no fast check for {annotation!r}")


class ModelCheck:
    """The keys a model takes, and a ``value_check`` for each, read from its ``model_fields``."""

    def __init__(self, model: type[BaseModel]) -> None:
        decorators = model.__pydantic_decorators__
        if (
            model.model_config.get("extra") != "forbid"
            or decorators.field_validators
            or decorators.model_validators
            or any(f.alias or f.validation_alias for f in model.model_fields.values())
        ):
            raise TypeError(f"{model.__name__} may change or drop what it is given: no fast check")
        fields = model.model_fields
        self.model = model
        self.names = frozenset(fields)
        self.required = frozenset(n for n, f in fields.items() if f.is_required())
        self.optional = {n: f for n, f in fields.items() if not f.is_required()}
        # A field asked only for its type is checked inline; the rest through their checks.
        self.types = {n: plain_type(f.annotation, f.metadata) for n, f in fields.items()}
        self.checks = {n: value_check(f.annotation, f.metadata) for n, f in fields.items()}
        self._each = tuple((n, self.types[n], self.checks[n]) for n in fields)

    def fits(self, value: Any) -> bool:
        """Whether the model takes ``value`` (a dict from JSON) exactly as it is, defaults aside."""
        if type(value) is not dict:
            return False
        keys = value.keys()
        if keys == self.names:  # the usual case: every field is given
            # A plain loop: the hot path, where a generator for all() costs more than the checks.
            for name, kind, check in self._each:
                item = value[name]
                if type(item) is not kind and (kind is not None or not check(item)):
                    return False
            return True
        if not self.required <= keys or not keys <= self.names:
            return False
        checks = self.checks
        return all(checks[name](item) for name, item in value.items())

    def complete(self, value: dict[str, Any]) -> dict[str, Any]:
        """``value``, which ``fits``, given the model's default for each field it leaves out."""
        if len(value) < len(self.names):
            for name, info in self.optional.items():
                if name not in value:
                    value[name] = info.get_default(call_default_factory=True)
        return value


# ---------------------------------------------------------------------------------------------
# The tables that travel, and what every field may hold.
#
# One definition for both sides: the hub refuses an op whose fields break it (``op_problem``), and a
# laptop keeps aside a pulled row that breaks it (``change_problem``); both call ``fields_problem``.
#
# Type tags: str, int, bool, datetime, date, list (of text), dict; a trailing "?" allows null.
# ``required`` fields must be present when a row is created. A test keeps the tags in step with
# desktop.models. Beyond its type, a field may be bounded (``FieldRule``): text by its length, a
# list by its number of items and each item's length, a closed set of values (desktop.vocabulary),
# a range of integers.
#
# Dates and times travel as ISO 8601 text in one form only, decided once: a date is
# ``YYYY-MM-DD``; a date and time is naive UTC (or, for a session's start, the venue's local
# time), exactly as Python's ``datetime.isoformat()`` writes a naive value:
# ``YYYY-MM-DDTHH:MM:SS`` with optional ``.ffffff``, and never an offset or ``Z``. Laptops store
# naive values; an aware one would be compared with naive ones and break a page. Years run from
# 1900 to 2199: every real session, consent and sign-in lies in it, the erased-person placeholder
# (1970) too, and it stays far from the ends of Python's datetime, so adding a session's length or
# a week to any stored time, or formatting it on a handout, can never overflow.

COMMON_FIELDS = {"deleted": "bool"}
APPEND: Final = "append"  # facts: every copy is kept; corrections are new records
EDITED: Final = "edited"  # records people edit: merged field by field

YEAR_RANGE = V.YEAR_RANGE
ID_MAX = 64  # ids of other records, as ``Ident``
LANGUAGE_MAX = 16  # a language code such as "en" or "es-419"
TEXT_MAX = 10_000  # free text people type (forms take at most 2,000 characters)
DOCUMENT_MAX = 2_000_000  # a lesson's Markdown
LIST_MAX = 500  # items in a list field
DICT_MAX = 100  # keys in a dict field


class FieldRule(NamedTuple):
    """What one field may hold. ``max_len`` and ``choices`` apply to each item of a list."""

    tag: str
    max_len: int | None = None
    choices: frozenset[Any] | None = None
    max_items: int = LIST_MAX
    lo: int = -(2**63) + 1
    hi: int = 2**63 - 1


class FieldProblem(NamedTuple):
    """Why a row cannot be used: the field at fault ("" for the row as a whole) and the reason."""

    field: str
    text: str

    def __str__(self) -> str:
        return self.text


def _text(n: int, nullable: bool = False) -> FieldRule:
    return FieldRule("str?" if nullable else "str", max_len=n)


def _one_of(values: tuple[Any, ...], *, blank: bool = False) -> FieldRule:
    """A closed set; ``blank`` also allows "" (not answered, or wiped by an erasure)."""
    return FieldRule(
        "int" if type(values[0]) is int else "str",
        choices=frozenset((*values, *([""] if blank else []))),
    )


def _items(n: int, choices: tuple[str, ...] | None = None, *, max_items: int = LIST_MAX) -> FieldRule:
    return FieldRule("list", max_len=n, choices=frozenset(choices) if choices else None, max_items=max_items)


def _between(lo: int, hi: int) -> FieldRule:
    return FieldRule("int", lo=lo, hi=hi)


_TAGS = {
    "str": "str",
    "int": "int",
    "bool": "bool",
    "list": "list",
    "dict": "dict",
    "datetime": "datetime",
    "date": "date",
}
_TAGS.update({f"{t}?": f"{t}?" for t in list(_TAGS)})


TableKind = Literal["append", "edited"]


class TableSpec(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    kind: TableKind
    fields: dict[str, str]  # name -> type tag
    required: frozenset[str]
    rules: dict[str, FieldRule]  # name -> everything the field may hold


def _spec(kind: TableKind, required: set[str], /, **fields: str | FieldRule) -> TableSpec:
    rules = {n: FieldRule(_TAGS[f]) if isinstance(f, str) else f for n, f in {**fields, **COMMON_FIELDS}.items()}
    return TableSpec(
        kind=kind,
        fields={n: r.tag for n, r in rules.items()},
        required=frozenset(required),
        rules=rules,
    )


_ID = _text(ID_MAX)
_LANG = _text(LANGUAGE_MAX)
_FREE = _text(TEXT_MAX)

TABLES: dict[str, TableSpec] = {
    "venues": _spec(
        EDITED,
        {"name"},
        name=_text(200),
        kind=_one_of(V.VENUE_KINDS),
        address=_FREE,
        access_notes=_FREE,
        step_free="bool",
        public_transport="bool",
        parking="bool",
        offers=_items(32, V.OFFERS),
        languages=_items(LANGUAGE_MAX),
        notes=_FREE,
    ),
    "sessions": _spec(
        EDITED,
        {"venue_id", "starts_at"},
        venue_id=_ID,
        title=_text(300),
        starts_at="datetime",
        duration_minutes=_between(*V.DURATION_RANGE),
        lesson_ids=_items(ID_MAX),
        hosts=_items(200),
        helpers=_items(200),
        capacity=_between(*V.CAPACITY_RANGE),
        language=_LANG,
        status=_one_of(V.SESSION_STATUSES),
        notes=_FREE,
        headcount_estimate=FieldRule("int?", lo=V.HEADCOUNT_RANGE[0], hi=V.HEADCOUNT_RANGE[1]),
    ),
    "lessons": _spec(
        EDITED,
        {"slug", "title"},
        slug=_text(200),
        title=_text(300),
        language=_LANG,
        level=_text(32),
        minutes=_between(*V.LESSON_MINUTES_RANGE),
        offline="bool",
        tags=_items(200),
        text=_text(DOCUMENT_MAX),
        current_version=_between(0, 2**31),
        remixed_from=_text(ID_MAX, nullable=True),
        trashed_at="datetime?",
        source_path=_FREE,
    ),
    "lesson_versions": _spec(
        APPEND,
        {"lesson_id", "number", "text"},
        lesson_id=_ID,
        number=_between(0, 2**31),
        text=_text(DOCUMENT_MAX),
        created_at="datetime",
        note=_FREE,
    ),
    "participants": _spec(
        EDITED,
        {"first_name"},
        first_name=_text(200),
        last_name=_text(200),
        pronouns=_text(64),
        phone=_text(64),
        email=_text(320),
        contact_consent="bool",
        contact_consent_at="datetime?",
        contact_consent_text=_FREE,
        language=_one_of(V.LANGUAGE_CODES, blank=True),
        languages=_items(LANGUAGE_MAX),
        experience=_one_of(V.EXPERIENCE_LEVELS, blank=True),
        came_with=_text(200),
        access_needs=_FREE,
        heard_from=_one_of(V.HEARD_FROM, blank=True),
        photo_consent="bool?",
        is_minor="bool",
        guardian_name=_text(200),
        stage=_one_of(V.PATHWAY_STAGES, blank=True),
        never_pair_with=_items(ID_MAX),
        notes=_FREE,
        search_key=_text(400),
        phone_last4=_text(4),
        merged_into=_text(ID_MAX, nullable=True),
        erased="bool",
        created_at="datetime",
    ),
    "sign_ins": _spec(
        APPEND,
        {"session_id"},
        session_id=_ID,
        participant_id=_text(ID_MAX, nullable=True),
        signed_in_at="datetime",
        signed_out_at="datetime?",
        as_helper="bool",
        first_visit="bool",
        came_with=_text(200),
        source=_one_of(V.SIGN_IN_SOURCES),
        voided="bool",
        row_code=_text(16),
    ),
    "exit_cards": _spec(
        APPEND,
        {"session_id", "rating"},
        session_id=_ID,
        participant_id=_text(ID_MAX, nullable=True),
        rating=_one_of(V.RATINGS),
        will_return=_one_of(V.WILL_RETURN),
        barriers=_items(32, V.BARRIERS),
        comment=_FREE,
        created_at="datetime",
    ),
    "pairing_rounds": _spec(
        APPEND,
        {"session_id"},
        session_id=_ID,
        number=_between(0, 2**31),
        created_at="datetime",
        seed="int",
        options="dict",
        score="int",
    ),
    "pairing_groups": _spec(
        APPEND,
        {"round_id"},
        round_id=_ID,
        table_number=_between(0, 2**31),
        member_ids=_items(ID_MAX),
        reason=_FREE,
        locked="bool",
    ),
    "interventions": _spec(
        EDITED,
        {"venue_id", "kind", "starts_on"},
        venue_id=_ID,
        kind=_one_of(V.INTERVENTION_KINDS),
        description=_text(V.LEARNING_TEXT_MAX),
        starts_on="date",
        ends_on="date?",
        barrier=_one_of(V.BARRIERS, blank=True),
        recorded_by=_text(200),
        created_at="datetime",
    ),
    "follow_ups": _spec(
        APPEND,
        {"followed_up_on"},
        participant_id=_text(ID_MAX, nullable=True),
        followed_up_on="date",
        note=_text(V.LEARNING_TEXT_MAX),
        recorded_by=_text(200),
        created_at="datetime",
    ),
    "ladder_steps": _spec(
        APPEND,
        {"kind", "taken_on"},
        participant_id=_text(ID_MAX, nullable=True),
        kind=_one_of(V.LADDER_STEP_KINDS),
        taken_on="date",
        session_id=_text(ID_MAX, nullable=True),
        note=_text(V.LEARNING_TEXT_MAX),
        recorded_by=_text(200),
        created_at="datetime",
    ),
    "lesson_lineage": _spec(
        EDITED,
        set(),
        source_version_id=_text(ID_MAX, nullable=True),
        source_title=_text(300),
        source_licence=_text(32),
        source_authors=_items(200),
        source_organisation=_text(200),
        parent_version_id=_text(ID_MAX, nullable=True),
        parent_title=_text(300),
        parent_licence=_text(32),
        parent_authors=_items(200),
        parent_organisation=_text(200),
        taken_at="datetime?",
        taken_version_number=FieldRule("int?", lo=0, hi=2**31),
        published_version_id=_text(ID_MAX, nullable=True),
        declined_version_id=_text(ID_MAX, nullable=True),
    ),
    "erasures": _spec(APPEND, {"participant_id", "requested_on"}, participant_id=_ID, requested_on="date"),
}

_INT_LIMIT = 2**63
_DATE_FORM = re.compile(r"\d{4}-\d{2}-\d{2}")
_FIRST_YEAR, _LAST_YEAR = f"{YEAR_RANGE[0]:04d}", f"{YEAR_RANGE[1]:04d}"


def _datetime_ok(v: Any) -> bool:
    """Naive, ``YYYY-MM-DDTHH:MM:SS[.ffffff]``, a real moment, years in range: plain index checks, then one parse."""
    if (
        type(v) is not str
        or len(v) not in (19, 26)
        or v[4] != "-"
        or v[7] != "-"
        or v[10] != "T"
        or v[13] != ":"
        or v[16] != ":"
        or (len(v) == 26 and v[19] != ".")
        or not _FIRST_YEAR <= v[:4] <= _LAST_YEAR
    ):
        return False
    try:
        return datetime.fromisoformat(v).tzinfo is None and v.isascii()
    except ValueError:  # not a real day or time (31 February, 25 o'clock), or not digits
        return False


is_naive_datetime = _datetime_ok  # the one rule for a date and time on the wire, for whoever stores one


def _date_ok(v: Any) -> bool:
    if type(v) is not str or len(v) != 10 or v[4] != "-" or v[7] != "-" or not _FIRST_YEAR <= v[:4] <= _LAST_YEAR:
        return False
    try:
        date.fromisoformat(v)
    except ValueError:
        return False
    return v.isascii()


def _ok(rule: FieldRule) -> Callable[[Any], bool]:
    """A fast yes/no for one field; ``_problem`` says why when it is no."""
    check = _base_ok(rule)
    if rule.tag.endswith("?"):
        return lambda v: v is None or check(v)
    return check


def _base_ok(rule: FieldRule) -> Callable[[Any], bool]:
    """``_ok`` for a value that is not null."""
    base = rule.tag.rstrip("?")
    n = rule.max_len if rule.max_len is not None else sys.maxsize
    choices, lo, hi, most = rule.choices, rule.lo, rule.hi, rule.max_items
    if base == "str":
        if choices is not None:
            return lambda v: type(v) is str and v in choices
        return lambda v: type(v) is str and len(v) <= n
    if base == "int":
        if choices is not None:
            return lambda v: type(v) is int and v in choices
        return lambda v: type(v) is int and lo <= v <= hi
    if base == "bool":
        return lambda v: type(v) is bool
    if base == "list":
        if choices is not None:
            return lambda v: type(v) is list and len(v) <= most and all(type(x) is str and x in choices for x in v)
        return lambda v: type(v) is list and len(v) <= most and all(type(x) is str and len(x) <= n for x in v)
    if base == "dict":
        return lambda v: type(v) is dict and len(v) <= DICT_MAX
    if base == "datetime":
        return _datetime_ok
    if base == "date":
        return _date_ok
    raise ValueError(f"unknown type tag {rule.tag!r}")  # pragma: no cover - a mistake in TABLES


def _listed(choices: frozenset[Any]) -> str:
    return ", ".join(sorted(repr(c) if c == "" else str(c) for c in choices))


def _problem(rule: FieldRule, value: Any) -> str:
    """Why ``value`` breaks ``rule`` (which it does). Never quotes free text: a reason may be kept."""
    base = rule.tag.rstrip("?")
    if value is None:
        return f"expected {base}, got null"
    kind = {
        "datetime": str,
        "date": str,
        "str": str,
        "int": int,
        "bool": bool,
        "list": list,
        "dict": dict,
    }[base]
    if type(value) is not kind:
        return f"expected {base}, got {type(value).__name__}"
    if base in ("datetime", "date") and isinstance(value, str):
        form = "YYYY-MM-DDTHH:MM:SS[.ffffff]" if base == "datetime" else "YYYY-MM-DD"
        if base == "datetime" and (value.endswith("Z") or re.search(r"[+-]\d{2}:?\d{2}$", value)):
            return f"a date and time with a time zone; the agreed form is naive UTC, {form}"
        if _DATE_FORM.match(value) and not _FIRST_YEAR <= value[:4] <= _LAST_YEAR:
            return f"year {value[:4]} is outside {YEAR_RANGE[0]}..{YEAR_RANGE[1]}"
        return f"expected {base} in the form {form}"
    if base == "list" and isinstance(value, list):
        if len(value) > rule.max_items:
            return f"more than {rule.max_items} items"
        for item in value:
            if type(item) is not str:
                return f"expected a list of text, found {type(item).__name__}"
            if rule.choices is not None and item not in rule.choices:
                return f"an item is not one of {_listed(rule.choices)}"
            if rule.max_len is not None and len(item) > rule.max_len:
                return f"an item is longer than {rule.max_len} characters"
    if base == "dict":
        return f"more than {DICT_MAX} keys"
    if rule.choices is not None:
        return f"not one of {_listed(rule.choices)}"
    if base == "str":
        return f"longer than {rule.max_len} characters"
    if base == "int":
        return f"outside {rule.lo}..{rule.hi}"
    return "not allowed"  # pragma: no cover


def value_problem(tag: str, value: Any) -> str | None:
    """Why ``value`` does not fit the bare type ``tag`` (no other bounds), or None if it does."""
    rule = FieldRule(_TAGS[tag])
    return None if _ok(rule)(value) else _problem(rule, value)


_TABLE_CHECKS: dict[str, dict[str, Callable[[Any], bool]]] = {
    t: {n: _ok(rule) for n, rule in spec.rules.items()} for t, spec in TABLES.items()
}
# Fields whose only rule is the value's type: a set lookup instead of a call.
_PLAIN_TYPES = {"bool": bool}
_TABLE_PLAIN: dict[str, dict[str, frozenset[type]]] = {
    t: {
        n: frozenset({_PLAIN_TYPES[tag.rstrip("?")], *((type(None),) if tag.endswith("?") else ())})
        for n, tag in spec.fields.items()
        if tag.rstrip("?") in _PLAIN_TYPES
    }
    for t, spec in TABLES.items()
}
# Text fields bounded only by length, and text fields from a closed set: checked inline, no call.
_TABLE_LENGTHS: dict[str, dict[str, int]] = {
    t: {n: r.max_len for n, r in spec.rules.items() if r.tag == "str" and r.choices is None and r.max_len is not None}
    for t, spec in TABLES.items()
}
_TABLE_CLOSED: dict[str, dict[str, frozenset[Any]]] = {
    t: {n: r.choices for n, r in spec.rules.items() if r.tag == "str" and r.choices is not None}
    for t, spec in TABLES.items()
}


def fields_problem(
    table: str, row_id: str, fields: dict[str, Any], *, newer_fields_ok: bool = False
) -> FieldProblem | None:
    """The first field of a row (or of part of one) that breaks the schema, and why; None if all fit.

    The one check both sides apply. ``table`` must be in TABLES. ``newer_fields_ok`` lets a field
    this version does not know pass (a laptop leaves it out; the hub refuses it).
    """
    checks = _TABLE_CHECKS[table]
    plain, lengths, closed = _TABLE_PLAIN[table], _TABLE_LENGTHS[table], _TABLE_CLOSED[table]
    for name, value in fields.items():
        if type(value) is str:
            most = lengths.get(name)
            if most is not None and len(value) <= most:
                continue
            choices = closed.get(name)
            if choices is not None and value in choices:
                continue
        else:
            allowed = plain.get(name)
            if allowed is not None and type(value) in allowed:
                continue
        check = checks.get(name)
        if check is None:
            if name == "id":
                if value != row_id:
                    return FieldProblem(name, "field id does not match row_id")
                continue
            if newer_fields_ok:
                continue
            return FieldProblem(name, f"unknown field {table}.{name}")
        if not check(value):
            return FieldProblem(name, f"field {table}.{name}: {_problem(TABLES[table].rules[name], value)}")
    return None


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
    problem = fields_problem(op.table, op.row_id, op.fields)
    if problem is not None:
        return problem.text
    if op.op == "insert":
        missing = sorted(spec.required - op.fields.keys())
        if missing:
            return f"a new {op.table} row needs {', '.join(missing)}"
    if op.op == "delete" and op.fields.get("deleted") is not True:
        return "a delete must set deleted to true"
    return None


_IS_IDENT = value_check(Ident)
_IS_VERSION = value_check(Version)
_IS_ORIGIN = value_check(Origin)


def change_problem(change: dict[str, Any]) -> FieldProblem | None:
    """Why a laptop must keep a pulled change aside rather than apply it, or None if it can use it.

    ``change`` has the keys and types of ``Change``. A table this version does not know is not a
    problem (the laptop skips it), nor is a field it does not know (left out until it is updated).
    The hub sends whole rows, so the fields a new row needs must be there.
    """
    table = change["table"]
    spec = TABLES.get(table)
    if spec is None:
        return None
    if not _IS_IDENT(change["row_id"]):
        return FieldProblem("", "the row id is not an id")
    if not _IS_VERSION(change["version"]) or not is_clock_value(change["version"]):
        return FieldProblem("", "the version is not a clock value")
    if not _IS_ORIGIN(change["origin"]):
        return FieldProblem("", "the origin is longer than 128 characters")
    fields = change["fields"]
    problem = fields_problem(table, change["row_id"], fields, newer_fields_ok=True)
    if problem is not None:
        return problem
    missing = sorted(spec.required - fields.keys())
    if missing:
        return FieldProblem(missing[0], f"a {table} row needs {', '.join(missing)}")
    return None


# ---------------------------------------------------------------------------------------------
# Clock values


HUB_NODE_PREFIX = "hub:"
# How far ahead of the hub's time (or of a laptop's own wall clock) a clock value may be. A value
# further ahead comes from a wrong clock: the hub stamps the row with its own time instead, and a
# laptop's clock moves at most this far past its wall clock, so one wrong clock cannot drag the
# organisation into the future. Merging never compares clock values, so nothing else changes.
CLOCK_TOLERANCE_MS = V.CLOCK_TOLERANCE_MS
CLOCK_AHEAD_REASON = "clock ahead"  # how an op's result reason starts when the hub stamped it with its own time


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
        return int(node[len(HUB_NODE_PREFIX) :])
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
        "first_name",
        "last_name",
        "pronouns",
        "phone",
        "email",
        "contact_consent",
        "contact_consent_at",
        "contact_consent_text",
        "came_with",
        "access_needs",
        "guardian_name",
        "notes",
        "search_key",
        "phone_last4",
    ),
    "sign_ins": ("came_with",),
    "exit_cards": ("comment",),
    "follow_ups": ("note",),
    "ladder_steps": ("note",),
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
    "follow_ups": ("participant_id",),
    "ladder_steps": ("participant_id",),
}
# Rows that exist only to say something about one person (someone reached out to them, a step they
# took): erasing the person deletes them as well, where a visit or an exit card stays as an anonymous count.
PERSON_OWNED_TABLES: frozenset[str] = frozenset({"follow_ups", "ladder_steps"})
PERSON_LIST_FIELDS: dict[str, tuple[str, ...]] = {
    "pairing_groups": ("member_ids",),
    "participants": ("never_pair_with",),
    "sessions": ("hosts", "helpers"),
}
ERASED_CREATED_AT = "1970-01-01T00:00:00"


def participant_tombstone() -> dict[str, Any]:
    """What is left of an erased person: nothing but the row's id and the fact of erasure."""
    blank: dict[str, Any] = {
        "str": "",
        "str?": None,
        "bool": False,
        "bool?": None,
        "list": [],
        "datetime?": None,
    }
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
    row points at an erased person when ``fields`` alone cannot tell (a partial update). A row
    that exists only about an erased person (``PERSON_OWNED_TABLES``) is deleted as well.
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
        if table in PERSON_OWNED_TABLES:
            out["deleted"] = True
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


def json_bytes(value: Any) -> bytes:
    """``json_dumps`` as UTF-8 bytes."""
    try:
        return orjson.dumps(value)
    except TypeError:
        return _stdlib_dumps(value).encode("utf-8")


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


# ---------------------------------------------------------------------------------------------
# The wire (protocol 2): compressed bodies and packed records.
#
# A phone's hotspot is slow, so both sides send less. Bodies travel in standard HTTP content coding
# (gzip: the standard library's, no new dependency; zstd gained a few per cent on this JSON, not
# enough for a native wheel on every laptop). Records are packed: what the receiver can infer is
# left out, by the rules below and nowhere else, and put back before anything reads the record, so
# models, checks and hashes see exactly the version 1 record. A laptop says ``WIRE_HEADER: 2`` on
# its requests; the hub takes a packed push and packs its pull pages only when told so, and says
# ``WIRE_HEADER: 2`` on every answer. A laptop of version 1 sends and gets version 1 records.

WIRE_HEADER: Final = "OnRamp-Protocol"
WIRE_PACKED: Final = "2"  # the value of WIRE_HEADER that means "records are packed"
# On a pull page that has more after it: "<cursor> <mark>" of the next page, in the answer's head, so
# the laptop can ask for that page while this one's body is still arriving.
NEXT_PAGE_HEADER: Final = "OnRamp-Next-Page"
CONTENT_CODING: Final = "gzip"
GZIP_LEVEL: Final = 4  # 3% more bytes than zlib's default 6 in a third of the time; 1 to 3 cost 12% more

_INSERT: Final = "insert"


def pack_ops(ops: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ops as they travel packed. Left out: ``table`` when the op before has the same one, ``op``
    when it is an insert, ``base_version`` when empty, and an insert's ``fields.id`` (its row_id).
    ``fields`` may be a dict or already JSON text that is not a dict to look into (kept as it is)."""
    packed: list[dict[str, Any]] = []
    table = None
    for op in ops:
        out = dict(op)
        if out.get("table") == table:
            del out["table"]
        else:
            table = out.get("table")
        if out.get("op") == _INSERT:
            del out["op"]
            fields = out.get("fields")
            if type(fields) is dict and fields.get("id") == out.get("row_id"):
                trimmed = dict(fields)
                del trimmed["id"]
                out["fields"] = trimmed
        if out.get("base_version") == "":
            del out["base_version"]
        packed.append(out)
    return packed


def unpack_ops(ops: Any) -> Any:
    """The version 1 ops of ``pack_ops``'s output. Anything not shaped like packed ops is given back
    as it is, for the protocol's models to refuse with their reasons."""
    if type(ops) is not list:
        return ops
    table = None
    for op in ops:
        if type(op) is not dict:
            continue
        if "table" in op:
            table = op["table"]
        elif table is not None:
            op["table"] = table
        if "op" not in op:
            op["op"] = _INSERT
            fields = op.setdefault("fields", {})
            if type(fields) is dict and "id" not in fields and "row_id" in op:
                op["fields"] = {**fields, "id": op["row_id"]}
        op.setdefault("base_version", "")
    return ops


CHECKPOINT_EVERY: Final = 200  # changes between two of a packed page's marks (what a cut may cost)


def pack_changes(
    changes: Sequence[dict[str, Any]], mark_of: Callable[[int], str] | None = None
) -> list[dict[str, Any]]:
    """Pulled changes as they travel packed. Left out: ``table`` when the change before has the same
    one, ``seq`` when the version is the hub's stamp of that very seq, ``conflicts`` when empty.
    Added: every ``CHECKPOINT_EVERY``-th change carries ``mark``, the history mark at its seq
    (``mark_of(seq)``), so a page cut short can be used up to there (``read_cut_page``)."""
    packed: list[dict[str, Any]] = []
    table = None
    for i, change in enumerate(changes, 1):
        out = dict(change)
        if mark_of is not None and i % CHECKPOINT_EVERY == 0:
            out["mark"] = mark_of(change["seq"])
        if out.get("table") == table:
            del out["table"]
        else:
            table = out.get("table")
        version = out.get("version")
        if type(version) is str and hub_seq_of(version) == out.get("seq"):
            del out["seq"]
        if out.get("conflicts") == []:
            del out["conflicts"]
        packed.append(out)
    return packed


def unpack_changes(changes: Any) -> Any:
    """The version 1 changes of ``pack_changes``'s output (anything else given back as it is)."""
    if type(changes) is not list:
        return changes
    table = None
    for change in changes:
        if type(change) is not dict:
            continue
        if "table" in change:
            table = change["table"]
        elif table is not None:
            change["table"] = table
        if "seq" not in change and type(change.get("version")) is str:
            seq = hub_seq_of(change["version"])
            if seq is not None:
                change["seq"] = seq
        change.setdefault("conflicts", [])
        change.pop("mark", None)
    return changes


def packed_page_body(page: dict[str, Any], mark_of: Callable[[int], str] | None = None) -> bytes:
    """A pull page (a dict of ``PullPage``'s keys) as it travels packed: one change a line, so the
    part of a page that arrived before the connection was lost can be read (``read_cut_page``)."""
    head = {k: v for k, v in page.items() if k != "changes"}
    lines = [json_bytes(c) for c in pack_changes(page["changes"], mark_of)]
    return b'{"changes":[\n' + b",\n".join(lines) + b"\n]," + json_dumps(head).encode("utf-8")[1:]


def read_cut_page(prefix: bytes) -> dict[str, Any] | None:
    """The changes of a packed page that arrived whole before the connection was lost, up to the last
    one that carries a mark, as a page (``PullPage``'s keys, changes packed) whose cursor and mark
    are that change's; None if no mark arrived. Its changes are exactly a shorter page's."""
    lines = prefix.split(b"\n")
    if not lines or lines[0] != b'{"changes":[':
        return None
    changes: list[Any] = []
    cursor, mark = None, ""
    for line in lines[1:-1]:  # the last is unfinished (or empty)
        if line.startswith(b"]"):
            break
        change = json_loads(line.removesuffix(b","))
        changes.append(change)
        if type(change) is dict and type(change.get("mark")) is str:
            cursor, mark, kept = change.get("seq", hub_seq_of(str(change.get("version")))), change["mark"], len(changes)
    if cursor is None:
        return None
    return {"changes": changes[:kept], "cursor": cursor, "more": True, "mark": mark}


def gzip_body(data: bytes) -> bytes:
    """``data`` in the ``CONTENT_CODING`` both sides use."""
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
    return compressor.compress(data) + compressor.flush()


class TooLarge(ValueError):
    """A coded body that would decode to more bytes than allowed."""


def gunzip_body(data: bytes, limit: int) -> bytes:
    """``data`` decoded from gzip, never making more than ``limit`` bytes of it (a small body that
    would inflate to gigabytes stops at the limit). TooLarge past it; ValueError if not gzip."""
    out: list[bytes] = []
    size = 0
    rest = data
    while rest:
        inflater = zlib.decompressobj(31)
        try:
            chunk = inflater.decompress(rest, limit + 1 - size)
        except zlib.error as exc:
            raise ValueError(f"not gzip: {exc}") from None
        size += len(chunk)
        if size > limit or inflater.unconsumed_tail:
            raise TooLarge(f"more than {limit} bytes once decoded")
        if not inflater.eof:
            raise ValueError("not gzip: the body ends early")
        out.append(chunk)
        rest = inflater.unused_data  # gzip allows members one after another
    return b"".join(out)
