"""The hub's typed projection holds every complete row a laptop pushed, typed as the laptop holds it, in
step with each push (an erasure's scrubs included), and migration 0004 fills it on a hub with data."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import httpx
import pytest
from alembic import command
from sqlalchemy import select

from desktop.demo import fill_demo
from desktop.models import Participant
from desktop.signin.erasure import erase_participant
from hub.projection import LAPTOP_TABLES, PROJECTED
from hub.store import alembic_config, organisations
from tests.sync.conftest import enrolled

BOOKKEEPING = {"org_id", "updated_at", "origin"}  # the hub's own version and writer, not the laptop's
NOW = datetime(2026, 6, 15, 12, 0)


def org_id_of(engine, org: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(organisations.c.id).where(organisations.c.name == org)).scalar_one()


def projected(engine, org_id: int) -> dict[str, dict[str, dict[str, Any]]]:
    """Every projected row of the organisation: table -> id -> column -> value."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    with engine.connect() as conn:
        for name, table in PROJECTED.items():
            found = conn.execute(select(table).where(table.c.org_id == org_id)).mappings()
            out[name] = {r["id"]: {k: v for k, v in r.items() if k not in BOOKKEEPING} for r in found}
    return out


def on_laptop(laptop) -> dict[str, dict[str, dict[str, Any]]]:
    out: dict[str, dict[str, dict[str, Any]]] = {}
    with laptop.db.transaction() as s:
        for name, table in LAPTOP_TABLES.items():
            found = s.execute(select(table)).mappings()
            out[name] = {r["id"]: {k: v for k, v in r.items() if k not in BOOKKEEPING} for r in found}
    return out


def synced(laptop) -> None:
    """Sync until nothing is left to push or pull."""
    for _ in range(20):
        report = laptop.sync()
        if not report.pushed and not report.pulled:
            return
    raise AssertionError("the laptop kept finding something to sync")


@pytest.fixture
def demo_laptop(any_hub, org, laptops):
    """A laptop with a small demo chapter's records, synced to the hub."""
    (laptop,) = enrolled(any_hub, org, laptops(1))
    fill_demo(laptop.db, participants=30, sessions=40, now=NOW)
    _taken_from_the_commons(laptop)
    synced(laptop)
    return laptop


def _taken_from_the_commons(laptop) -> None:
    """One of the demo's lessons as if taken from the commons: its lineage (every field set) is projected too."""
    from desktop.models.entities import Lesson, LessonLineage

    with laptop.db.transaction() as s:
        lesson = s.query(Lesson).order_by(Lesson.slug).first()
        s.add(
            LessonLineage(
                id=lesson.id,
                source_version_id=str(uuid.uuid4()),
                source_title="Flyer as a web page",
                source_licence="CC-BY-SA-4.0",
                source_authors=["Ana Souza", "Zoë Williams"],
                source_organisation="Curl Up Salon",
                parent_version_id=str(uuid.uuid4()),
                parent_title="Flyer, remixed",
                parent_licence="CC-BY-SA-4.0",
                parent_authors=["Bo Chen"],
                parent_organisation="Local 1199",
                taken_at=datetime(2026, 5, 1, 9, 30),
                taken_version_number=2,
                published_version_id=str(uuid.uuid4()),
                declined_version_id=str(uuid.uuid4()),
            )
        )


def test_every_row_a_laptop_pushed_is_projected_with_the_laptops_own_values(any_hub, org, demo_laptop):
    mine, hubs = on_laptop(demo_laptop), projected(any_hub.engine, org_id_of(any_hub.engine, org))
    for name in LAPTOP_TABLES:
        assert mine[name], f"the demo made no {name}: the comparison would prove nothing"
        assert hubs[name] == mine[name], name
    some_session = next(iter(hubs["sessions"].values()))
    assert isinstance(some_session["starts_at"], datetime) and isinstance(some_session["lesson_ids"], list)
    assert isinstance(next(iter(hubs["interventions"].values()))["starts_on"], date)


def test_an_erasure_leaves_no_trace_of_the_person_in_any_projected_row(any_hub, org, demo_laptop):
    with demo_laptop.db.transaction() as s:
        person = s.scalars(
            select(Participant).where(Participant.phone != "", Participant.contact_consent.is_(True))
        ).first()
        assert person is not None
        traces = {t for t in (person.first_name, person.last_name, person.phone, person.email, person.id) if t}
        erase_participant(s, person.id)
    synced(demo_laptop)

    hubs = projected(any_hub.engine, org_id_of(any_hub.engine, org))
    for name, found in hubs.items():
        for row_id, row in found.items():
            if name == "participants" and row_id == person.id:
                continue
            text = repr(row)
            assert not any(trace in text for trace in traces), (name, row)
    tombstone = hubs["participants"][person.id]
    assert tombstone["erased"] and tombstone["deleted"]
    assert not any(trace in repr({k: v for k, v in tombstone.items() if k != "id"}) for trace in traces)
    # The visits stay, as anonymous counts; what existed only about them is deleted.
    assert any(r["participant_id"] is None for r in hubs["sign_ins"].values())
    assert on_laptop(demo_laptop) == hubs


def test_a_change_that_arrives_before_its_record_is_projected_only_once_the_record_arrives(any_hub, org):
    any_hub.org(org)
    answer = httpx.post(any_hub.url + "/v1/enrol", json={"code": any_hub.code(org), "device_id": str(uuid.uuid4())})
    auth = {"Authorization": f"Bearer {answer.json()['token']}"}
    venue_id = str(uuid.uuid4())

    def push(op: str, version: str, **fields: Any) -> None:
        body = {
            "ops": [
                {
                    "op_id": str(uuid.uuid4()),
                    "table": "venues",
                    "row_id": venue_id,
                    "op": op,
                    "fields": fields,
                    "base_version": "",
                    "version": version,
                }
            ]
        }
        response = httpx.post(any_hub.url + "/v1/sync/push", json=body, headers=auth)
        assert response.status_code == 200, response.text

    org_id = org_id_of(any_hub.engine, org)
    push("update", "1767225600001-000000-laptop", notes="Side door after 6")
    assert venue_id not in projected(any_hub.engine, org_id)["venues"]
    push("insert", "1767225600000-000000-laptop", name="Curl Up & Dye Salon", kind="salon")
    venue = projected(any_hub.engine, org_id)["venues"][venue_id]
    assert (venue["name"], venue["kind"], venue["notes"], venue["step_free"]) == (
        "Curl Up & Dye Salon",
        "salon",
        "Side door after 6",
        False,  # not sent: the laptop's default
    )


def test_migration_0004_fills_the_projection_of_a_hub_that_already_holds_records(any_hub, org, demo_laptop):
    engine = any_hub.engine
    org_id = org_id_of(engine, org)
    before = projected(engine, org_id)
    config = alembic_config(engine)
    command.downgrade(config, "0003_web_accounts")  # the hub as it was before 0004, its rows kept
    try:
        command.upgrade(config, "head")
    finally:
        command.upgrade(config, "head")  # the module's hub stays usable whatever happened
    assert projected(engine, org_id) == before
