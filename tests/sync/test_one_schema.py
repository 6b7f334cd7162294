"""One schema definition for both sides: the hub and the laptop check records by the protocol's
pydantic models alone, the laptop's fast checks being read from those models."""

from __future__ import annotations

import json
from typing import Annotated, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import Field, StringConstraints, ValidationError

from desktop.sync import protocol as P
from desktop.sync.client import parse_page, parse_push_answer
from hub.pushbody import read_push

CLOCK = "1767225600000-000000-laptop"

ids = st.one_of(
    st.sampled_from(["", "p-1", "hub:3", "a.b_c", "x" * 64, "x" * 65, "a b", "a\n", "é", "a/b"]),
    st.text(alphabet="abAZ09._:-", max_size=66),
    st.text(max_size=4),
)
versions = st.one_of(
    st.sampled_from([CLOCK, "", "1-0-x", "1-0-", "x-0-n", "1-0-hub:2", "1-0-é", f"1-0-{'n' * 130}"]),
    st.text(alphabet="1-:an", max_size=12),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=6),
    st.sampled_from(["5", "true", "applied", "rejected"]),
)
anything = st.one_of(scalars, st.lists(scalars, max_size=2), st.dictionaries(st.text(max_size=4), scalars, max_size=2))


def _sometimes_broken(good: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects with the right keys and forms, or with a key missing, an extra one, or a value of any sort."""
    keys = sorted(good)
    return st.one_of(
        st.fixed_dictionaries(good),
        st.fixed_dictionaries(good).flatmap(
            lambda d: st.sampled_from([*keys, "extra"]).flatmap(
                lambda k: st.one_of(
                    st.just({n: v for n, v in d.items() if n != k}), anything.map(lambda v: {**d, k: v})
                )
            )
        ),
    )


conflicts = _sometimes_broken(
    {
        "field": st.text(max_size=4),
        "kept": scalars,
        "other": scalars,
        "by": st.text(max_size=4),
        "seq": st.integers(0, 9),
    }
)
changes = _sometimes_broken(
    {
        "table": st.sampled_from(["venues", "participants", "from_a_newer_release"]),
        "row_id": ids,
        "seq": st.integers(1, 9),
        "version": versions,
        "origin": st.text(max_size=4),
        "fields": st.dictionaries(st.sampled_from(["name", "first_name", "deleted", "x"]), scalars, max_size=3),
        "conflicts": st.lists(conflicts, max_size=1),
    }
)
pages = _sometimes_broken(
    {
        "changes": st.lists(changes, max_size=3),
        "cursor": st.integers(0, 2**40),
        "more": st.booleans(),
        "mark": st.text(alphabet="abc-_", max_size=4),
    }
)
results = _sometimes_broken(
    {"op_id": ids, "status": st.sampled_from(["applied", "rejected", "kept"]), "reason": st.text(max_size=4)}
)
answers = _sometimes_broken(
    {"results": st.lists(results, max_size=3), "cursor": st.integers(0, 9), "mark": st.text(max_size=4)}
)


def _errors(exc: ValidationError) -> list[tuple[str, tuple[Any, ...], str]]:
    return [(e["type"], e["loc"], e["msg"]) for e in exc.errors()]


def _sorted(change: dict[str, Any]) -> dict[str, Any]:
    return {k: change[k] for k in sorted(change)}


def _page_by_model(body: bytes) -> Any:
    try:
        page = P.PullPage.model_validate_json(body)
    except ValidationError as exc:
        return _errors(exc)
    return ([_sorted({**dict(c), "conflicts": c.conflicts}) for c in page.changes], page.cursor, page.more, page.mark)


def _page_by_laptop(body: bytes) -> Any:
    try:
        page = parse_page(body)
    except ValidationError as exc:
        return _errors(exc)
    return ([_sorted(c) for c in page.changes], page.cursor, page.more, page.mark)


@settings(max_examples=300, deadline=None)
@given(pages)
def test_the_laptop_reads_a_pull_page_exactly_as_the_pullpage_model_does(page):
    """What it takes, what it makes of it, and the model's own reasons for what it refuses."""
    body = json.dumps(page).encode()
    assert repr(_page_by_laptop(body)) == repr(_page_by_model(body))  # repr: NaN equals itself there


def _answer_by_model(body: bytes) -> Any:
    try:
        answer = P.PushResponse.model_validate_json(body)
    except ValidationError as exc:
        return _errors(exc)
    return ([tuple(dict(r).values()) for r in answer.results], answer.cursor, answer.mark)


def _answer_by_laptop(body: bytes) -> Any:
    try:
        answer = parse_push_answer(body)
    except ValidationError as exc:
        return _errors(exc)
    return ([tuple(r) for r in answer.results], answer.cursor, answer.mark)


@settings(max_examples=200, deadline=None)
@given(answers)
def test_the_laptop_reads_a_push_answer_exactly_as_the_pushresponse_model_does(answer):
    body = json.dumps(answer).encode()
    assert _answer_by_laptop(body) == _answer_by_model(body)


@pytest.mark.parametrize(
    "body",
    [
        b'{"changes": [], "cursor": "5", "more": 1, "mark": ""}',  # the model coerces these: so does the laptop
        b'{"changes": [], "cursor": 5, "more": false}',  # no mark: a hub always sends one
        b'{"changes": [], "cursor": 123456789012345678901234567890, "more": false, "mark": ""}',
        b'{"changes": [], "cursor": NaN, "more": false, "mark": ""}',
        b'{"changes": [{"table": "venues", "row_id": "v", "seq": 1, "version": "1-0-x", "origin": "o",'
        b' "fields": {"n": 123456789012345678901234567890, "s": "\\ud800"}}], "cursor": 1, "more": false, "mark": ""}',
        b"not json",
    ],
)
def test_unusual_pull_pages_are_read_as_the_model_reads_them(body):
    assert repr(_page_by_laptop(body)) == repr(_page_by_model(body))


def _push(op: dict[str, Any]) -> bytes:
    return json.dumps({"ops": [op]}).encode()


def _hub_refuses(**op: Any) -> bool:
    """Whether the hub refuses this op: the whole push (422), or the op alone."""
    try:
        (read,) = read_push(
            _push(
                {
                    "op_id": "o-1",
                    "table": "venues",
                    "row_id": "v-1",
                    "op": "update",
                    "fields": {"name": "Hall"},
                    "version": CLOCK,
                    **op,
                }
            )
        )
    except ValidationError:
        return True
    return P.op_problem(read) is not None


def _laptop_keeps_aside(**change: Any) -> bool:
    """Whether a laptop keeps this pulled change aside rather than apply it."""
    pulled = {
        "table": "venues",
        "row_id": "v-1",
        "seq": 1,
        "version": CLOCK,
        "origin": "laptop",
        "fields": {"name": "Hall"},
        "conflicts": [],
        **change,
    }
    return P.change_problem(pulled) is not None


@settings(max_examples=300, deadline=None)
@given(ids)
def test_a_row_id_is_refused_by_the_hub_exactly_when_a_laptop_would_keep_it_aside(row_id):
    """Both sides answer by the protocol's one ``Ident``."""
    assert _hub_refuses(row_id=row_id) == _laptop_keeps_aside(row_id=row_id)


@settings(max_examples=300, deadline=None)
@given(versions)
def test_a_version_is_refused_by_the_hub_exactly_when_a_laptop_would_keep_it_aside(version):
    """Both sides answer by the protocol's one ``Version`` and clock-value rule."""
    assert _hub_refuses(version=version) == _laptop_keeps_aside(version=version)


def test_a_changed_model_changes_the_fast_check_with_it() -> None:
    """Nothing in the fast check is written beside the model: narrow a field, add one, and it follows."""

    class Narrower(P.Change):
        row_id: Annotated[str, StringConstraints(max_length=3, pattern=r"^[a-z]+$")]
        venue: P.Ident
        note: str = ""

    check = P.ModelCheck(Narrower)
    row = {"table": "venues", "row_id": "abc", "seq": 1, "version": "v", "origin": "o", "fields": {}, "venue": "v-1"}
    assert check.fits(row) and P.ModelCheck(P.Change).fits(row) is False  # ``venue`` is new
    assert check.complete(dict(row))["note"] == "" and check.complete(dict(row))["conflicts"] == []
    for bad in ({"row_id": "abcd"}, {"row_id": "AB"}, {"venue": "a b"}, {"venue": None}, {"note": 1}):
        assert not check.fits({**row, **bad})
        with pytest.raises(ValidationError):
            Narrower.model_validate({**row, **bad})
    assert not check.fits({k: v for k, v in row.items() if k != "venue"})


def test_a_model_rule_the_fast_check_cannot_judge_is_refused_when_it_is_read() -> None:
    """A constraint with no fast check (here a bound on a number) cannot slip past it unnoticed."""

    class Bounded(P.Change):
        seq: Annotated[int, Field(gt=0)]

    with pytest.raises(TypeError, match="no fast check"):
        P.ModelCheck(Bounded)


def test_a_pulled_rows_origin_is_judged_by_the_protocols_one_origin_type() -> None:
    assert not _laptop_keeps_aside(origin="d" * 128)
    assert _laptop_keeps_aside(origin="d" * 129)
    assert P.value_check(P.Origin)("d" * 128) and not P.value_check(P.Origin)("d" * 129)
