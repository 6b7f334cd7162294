"""The wire protocol agrees with the laptop's models, and its pure rules hold."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String, Text, inspect

from desktop.models import SYNCED_MODELS
from desktop.models.base import Synced
from desktop.sync import protocol as P
from tests.conftest import ROOT


def _tag(column) -> str:
    t = column.type
    base = (
        "datetime"
        if isinstance(t, DateTime)
        else "date"
        if isinstance(t, Date)
        else "bool"
        if isinstance(t, Boolean)
        else "int"
        if isinstance(t, Integer)
        else "str"
        if isinstance(t, String | Text)
        else (
            "list"
            if column.type.__class__ is JSON and column.default is not None and column.default.arg.__name__ == "list"
            else "dict"
        )
        if isinstance(t, JSON)
        else "?"
    )
    return base + ("?" if column.nullable else "")


@pytest.mark.parametrize("model", SYNCED_MODELS, ids=lambda m: m.__tablename__)
def test_every_synced_table_and_field_is_described_in_the_protocol(model):
    spec = P.TABLES[model.__tablename__]
    columns = {a.key: a.columns[0] for a in inspect(model).column_attrs if a.key not in Synced.SYNC_META | {"id"}}
    assert {name: _tag(c) for name, c in columns.items()} == spec.fields
    assert spec.kind == model.sync_kind
    required = {n for n, c in columns.items() if not c.nullable and c.default is None}
    assert required == spec.required


def test_the_protocol_covers_exactly_the_synced_tables():
    assert set(P.TABLES) == {m.__tablename__ for m in SYNCED_MODELS}


def test_the_hub_imports_no_qt_and_nothing_of_the_desktop_app_s_screens():
    # Which desktop modules the hub may use is checked in tests/hub/test_hub_imports_only_the_protocol.py;
    # here, that starting the hub and its web side loads no Qt and no screen of the desktop app.
    code = (
        "import sys, hub.app, hub.__main__, hub.merge, hub.web.app\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'desktop.ui', 'desktop.app'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "[]"


def test_the_laptop_sync_code_imports_no_qt():
    code = "import sys, desktop.sync.engine, desktop.sync.worker, desktop.sync.cli; print(any(m.startswith('PySide6') for m in sys.modules))"
    assert (
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
        ).stdout.strip()
        == "False"
    )


def test_hub_versions_carry_their_sequence_and_laptop_versions_do_not():
    v = P.hub_version("1767225600000-000003-5f0c", 42)
    assert P.hub_seq_of(v) == 42 and P.is_clock_value(v)
    assert P.hub_seq_of("1767225600000-000003-5f0c-aa") is None
    assert P.hub_seq_of("garbage") is None


def test_scrubbing_removes_an_erased_person_from_a_row_and_leaves_others_alone():
    gone = {"p1"}
    assert P.scrub("pairing_groups", "g", {"member_ids": ["p1", "p2"]}, gone) == {"member_ids": ["p2"]}
    assert P.scrub("sign_ins", "s", {"participant_id": "p1", "came_with": "Luz"}, gone) == {
        "participant_id": None,
        "came_with": "",
    }
    assert P.scrub("sign_ins", "s", {"participant_id": "p2", "came_with": "Luz"}, gone) == {
        "participant_id": "p2",
        "came_with": "Luz",
    }
    assert P.scrub("sign_ins", "s", {"came_with": "Luz"}, gone, about_erased=True) == {"came_with": ""}
    assert P.scrub("participants", "p1", {"phone": "555"}, gone) == {"phone": ""}


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"name": "x", "id": "other"}, "id does not match"),
        ({"name": 3}, "expected str"),
        ({"name": "x", "offers": "childcare"}, "expected list"),
        ({"name": "x", "step_free": 1}, "expected bool"),
        ({}, "needs name"),
    ],
)
def test_op_problems_are_named(fields, problem):
    op = P.Op(op_id="o", table="venues", row_id="r", op="insert", fields=fields, version="1-0-n")
    assert problem in (P.op_problem(op) or "")
