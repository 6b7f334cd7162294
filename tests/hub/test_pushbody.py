"""The hub reads push bodies by the schema alone, and refuses nesting deeper than its limit."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from desktop.sync import protocol as P
from hub.pushbody import FIELD_VALUE_DEPTH, MAX_DEPTH, read_push

idents = st.one_of(
    st.sampled_from(["venues", "r-1", "hub:3", "a.b_c", "x" * 64]),
    st.text(alphabet="abcAZ09._:-", min_size=0, max_size=66),
    st.text(max_size=5),  # anything: spaces, control characters, other scripts
)
versions = st.one_of(st.sampled_from(["", "1767225600000-000000-laptop"]), st.text(alphabet="a1:-", max_size=130))
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.lists(st.text(max_size=4), max_size=3),
)
ops = st.dictionaries(
    st.sampled_from(["op_id", "table", "row_id", "op", "version", "base_version", "fields", "extra"]),
    st.one_of(idents, versions, values, st.dictionaries(st.text(max_size=6), values, max_size=4)),
    max_size=8,
)
well_formed = st.fixed_dictionaries(
    {"op_id": idents, "table": idents, "row_id": idents, "op": idents, "version": versions},
    optional={"base_version": versions, "fields": st.dictionaries(st.text(max_size=6), values, max_size=5)},
)


def _by_schema(body: bytes):
    try:
        return [tuple(o.model_dump().values()) for o in P.PushRequest.model_validate_json(body).ops]
    except ValidationError:
        return "refused"


def _by_hub(body: bytes):
    try:
        return [(o.op_id, o.table, o.row_id, o.op, o.fields, o.base_version, o.version) for o in read_push(body)]
    except ValidationError:
        return "refused"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(ops, well_formed), max_size=4))
def test_push_bodies_are_read_exactly_as_the_schema_reads_them(batch):
    body = json.dumps({"ops": batch}).encode()
    assert repr(_by_hub(body)) == repr(_by_schema(body))  # repr: NaN equals itself there


@pytest.mark.parametrize(
    "body",
    [
        b'{"ops": []}',
        b'{"ops": [], "more": 1}',
        b'{"ops": {}}',
        b"[]",
        b'{"ops": [{"op_id": "a", "table": "t", "row_id": "r", "op": "insert", "version": "1-0-x",'
        b' "fields": {"n": 123456789012345678901234567890, "f": NaN}}]}',
        b'{"ops": [{"op_id": "a\\n", "table": "t", "row_id": "r", "op": "insert", "version": "1-0-x"}]}',
        b'{"ops": [{"op_id": "a", "table": "t", "row_id": "r", "op": "insert", "version": "v\\u00e9"}]}',
        b'{"ops": [{"op_id": "a", "table": "t", "row_id": "r", "op": "insert", "version": "1-0-x",'
        b' "fields": {"s": "\\ud800"}}]}',
    ],
)
def test_unusual_bodies_are_read_as_the_schema_reads_them(body):
    assert repr(_by_hub(body)) == repr(_by_schema(body))  # repr: NaN equals itself there


def test_a_push_over_the_op_limit_is_refused():
    op = {"op_id": "a", "table": "venues", "row_id": "r", "op": "insert", "version": "1-0-x"}
    body = json.dumps({"ops": [op] * (P.MAX_OPS_PER_PUSH + 1)}).encode()
    assert _by_hub(body) == _by_schema(body) == "refused"


def _nested(levels: int) -> str:
    """JSON text of arrays and objects nested ``levels`` deep, in turn."""
    opening = "".join('{"k":' if i % 2 else "[" for i in range(levels))
    return opening + "1" + "".join("}" if i % 2 else "]" for i in reversed(range(levels)))


def _deep_body(levels: int, extra: str = "") -> bytes:
    """A push whose one op's ``fields.options`` nests ``levels`` deep (the body adds four levels)."""
    return (
        '{"ops": [{"op_id": "a", "table": "pairing_rounds", "row_id": "r", "op": "insert", "version": "1-0-x", '
        f'"fields": {{{extra}"options": {_nested(levels)}}}}}]}}'
    ).encode()


@pytest.mark.parametrize("levels", [FIELD_VALUE_DEPTH + 1, 300, 2000])
@pytest.mark.parametrize("long_number", [False, True], ids=["plain", "with a long number"])
def test_a_push_nested_deeper_than_the_limit_is_refused_as_too_deep(levels, long_number):
    extra = f'"seed": {2**70}, ' if long_number else ""  # beyond 64 bits: what orjson cannot read
    with pytest.raises(ValidationError) as refused:
        read_push(_deep_body(levels, extra))
    (error,) = refused.value.errors()
    assert error["type"] == "too_deep" and f"{MAX_DEPTH} levels" in error["msg"]


def test_a_push_nested_exactly_to_the_limit_is_read():
    (op,) = read_push(_deep_body(FIELD_VALUE_DEPTH))
    assert op.fields["options"] == json.loads(_nested(FIELD_VALUE_DEPTH))


def _by_hub_packed(body: bytes):
    try:
        return [
            (o.op_id, o.table, o.row_id, o.op, o.fields, o.base_version, o.version)
            for o in read_push(body, packed=True)
        ]
    except ValidationError:
        return "refused"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(ops, well_formed), max_size=4))
def test_packed_push_bodies_are_read_as_the_schema_reads_them_unpacked(batch):
    packed = json.dumps({"ops": batch}).encode()  # as a packed body: what it leaves out is put back
    unpacked = json.dumps({"ops": P.unpack_ops(json.loads(packed)["ops"])}).encode()
    assert repr(_by_hub_packed(packed)) == repr(_by_schema(unpacked))  # repr: NaN equals itself there
