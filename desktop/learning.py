"""What a chapter records to learn from its sessions (issue 15), and the rules for recording it.

Interventions (what a chapter changed at a venue, and from when), follow-up marks (someone reached
out to a person who stopped coming), ladder steps (a step a person took towards hosting) and a
session's headcount estimate (when nobody signed in). Every function checks what it is given the
way a form would and raises ``InvalidInput`` with a plain sentence per field, so nothing half-made is
saved; the closed sets and lengths are the ones the sync protocol checks (``desktop.vocabulary``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import Device, FollowUp, Intervention, LadderStep, SignIn, TasterSession, Venue
from desktop.signin.people import NotFound, live_participant
from desktop.signin.validation import InvalidInput, clean_text
from desktop.vocabulary import (
    BARRIERS,
    HEADCOUNT_RANGE,
    INTERVENTION_BARRIER,
    INTERVENTION_KINDS,
    LADDER_STEP_KINDS,
    LEARNING_TEXT_MAX,
    YEAR_RANGE,
)

RECORDED_BY_MAX = 200


@dataclass
class InterventionDraft:
    venue_id: str = ""
    kind: str = ""
    description: str = ""
    starts_on: date | None = None
    ends_on: date | None = None  # None: still in place
    barrier: str | None = None  # None: the barrier this kind usually answers (INTERVENTION_BARRIER)

    @classmethod
    def from_intervention(cls, row: Intervention) -> InterventionDraft:
        return cls(row.venue_id, row.kind, row.description, row.starts_on, row.ends_on, row.barrier)


def recorded_by(session: Session, by: str = "") -> str:
    """Who records something: the name the host gave, else this laptop's name (else its id)."""
    name = clean_text(by, "by", max_len=RECORDED_BY_MAX, label=_("name"))
    if name:
        return name
    device = session.get(Device, 1)
    if device is None:
        return ""
    return device.name or device.device_id


def _check_day(day: object, field: str, problems: dict[str, str], *, required: bool = True) -> date | None:
    if day is None:
        if required:
            problems[field] = _("Please give a date.")
        return None
    if not isinstance(day, date) or not YEAR_RANGE[0] <= day.year <= YEAR_RANGE[1]:
        problems[field] = _("Please give a date between the years {lo} and {hi}.").format(
            lo=YEAR_RANGE[0], hi=YEAR_RANGE[1]
        )
        return None
    return day.date() if isinstance(day, datetime) else day  # a day, not a moment


def _note(value: str, field: str, problems: dict[str, str], label: str) -> str:
    try:
        return clean_text(value, field, max_len=LEARNING_TEXT_MAX, multiline=True, label=label)
    except InvalidInput as exc:
        problems.update(exc.problems)
        return ""


def clean_intervention(session: Session, draft: InterventionDraft) -> InterventionDraft:
    problems: dict[str, str] = {}
    venue = session.get(Venue, draft.venue_id) if draft.venue_id else None
    if venue is None or venue.deleted:
        problems["venue_id"] = _("Please choose a venue.")
    if draft.kind not in INTERVENTION_KINDS:
        problems["kind"] = _("Please choose what changed.")
    description = _note(draft.description, "description", problems, _("description"))
    starts_on = _check_day(draft.starts_on, "starts_on", problems)
    ends_on = _check_day(draft.ends_on, "ends_on", problems, required=False)
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        problems["ends_on"] = _("The end date cannot be before the start date.")
    barrier = INTERVENTION_BARRIER.get(draft.kind, "") if draft.barrier is None else draft.barrier
    if barrier and barrier not in BARRIERS:
        problems["barrier"] = _("Please choose a barrier from the list, or none.")
    if problems:
        raise InvalidInput(problems)
    return InterventionDraft(draft.venue_id, draft.kind, description, starts_on, ends_on, barrier)


def get_intervention(session: Session, intervention_id: str) -> Intervention:
    row = session.get(Intervention, intervention_id)
    if row is None or row.deleted:
        raise NotFound(_("That change is no longer on this laptop."))
    return row


def record_intervention(session: Session, draft: InterventionDraft, by: str = "") -> Intervention:
    clean = clean_intervention(session, draft)
    row = Intervention(
        venue_id=clean.venue_id,
        kind=clean.kind,
        description=clean.description,
        starts_on=clean.starts_on,
        ends_on=clean.ends_on,
        barrier=clean.barrier or "",
        recorded_by=recorded_by(session, by),
    )
    session.add(row)
    session.flush()
    return row


def update_intervention(session: Session, intervention_id: str, draft: InterventionDraft) -> Intervention:
    """Correct an intervention; only the fields that changed travel (and merge) through sync."""
    row = get_intervention(session, intervention_id)
    clean = clean_intervention(session, draft)
    for name in ("venue_id", "kind", "description", "starts_on", "ends_on", "barrier"):
        value = getattr(clean, name)
        if getattr(row, name) != value:
            setattr(row, name, value)
    session.flush()
    return row


def end_intervention(session: Session, intervention_id: str, ends_on: date) -> Intervention:
    """The change stopped (the crèche closed) on ``ends_on``, its last day."""
    row = get_intervention(session, intervention_id)
    draft = InterventionDraft.from_intervention(row)
    draft.ends_on = ends_on
    return update_intervention(session, intervention_id, draft)


def remove_intervention(session: Session, intervention_id: str) -> Intervention:
    """An intervention recorded by mistake: tombstoned, so the removal travels."""
    row = get_intervention(session, intervention_id)
    row.deleted = True
    session.flush()
    return row


def mark_followed_up(session: Session, participant_id: str, on: date, note: str = "", by: str = "") -> FollowUp:
    """Someone reached out to this person on ``on`` (merged records lead to the one kept)."""
    problems: dict[str, str] = {}
    day = _check_day(on, "on", problems)
    text = _note(note, "note", problems, _("note"))
    if problems:
        raise InvalidInput(problems)
    person = live_participant(session, participant_id)
    row = FollowUp(participant_id=person.id, followed_up_on=day, note=text, recorded_by=recorded_by(session, by))
    session.add(row)
    session.flush()
    return row


def record_ladder_step(
    session: Session,
    participant_id: str,
    kind: str,
    on: date,
    session_id: str | None = None,
    note: str = "",
    by: str = "",
) -> LadderStep:
    """A step this person took on the path to hosting (or a pause on it), on ``on``, maybe at a session."""
    problems: dict[str, str] = {}
    if kind not in LADDER_STEP_KINDS:
        problems["kind"] = _("Please choose which step.")
    day = _check_day(on, "on", problems)
    text = _note(note, "note", problems, _("note"))
    if session_id is not None:
        ts = session.get(TasterSession, session_id)
        if ts is None or ts.deleted:
            problems["session_id"] = _("That session is no longer on this laptop.")
    if problems:
        raise InvalidInput(problems)
    person = live_participant(session, participant_id)
    row = LadderStep(
        participant_id=person.id,
        kind=kind,
        taken_on=day,
        session_id=session_id,
        note=text,
        recorded_by=recorded_by(session, by),
    )
    session.add(row)
    session.flush()
    return row


# Headcounts -------------------------------------------------------------------------------------


def live_sign_in_count(session: Session, session_id: str) -> int:
    """Sign-ins that count: not undone, not deleted (an erased person's visit still counts)."""
    return (
        session.scalar(
            select(func.count())
            .select_from(SignIn)
            .where(SignIn.session_id == session_id, SignIn.voided.is_(False), SignIn.deleted.is_(False))
        )
        or 0
    )


def estimate_is_wanted(status: str, live_sign_ins: int, estimate: int | None) -> bool:
    """The rule: a closed session nobody signed in to, with no estimate yet, asks its host for one.

    Without it a skipped check-in would read as nobody coming.
    """
    return status == "closed" and live_sign_ins == 0 and estimate is None


def needs_estimate(session: Session, ts: TasterSession) -> bool:
    """Whether the host should be asked how many came to ``ts`` (``estimate_is_wanted``)."""
    return estimate_is_wanted(ts.status, live_sign_in_count(session, ts.id), ts.headcount_estimate)


def set_headcount_estimate(session: Session, session_id: str, estimate: int | None) -> TasterSession:
    """The host's estimate of how many came, for a session nobody signed in to; None takes it back."""
    ts = session.get(TasterSession, session_id)
    if ts is None or ts.deleted:
        raise NotFound(_("That session is no longer on this laptop."))
    lo, hi = HEADCOUNT_RANGE
    if estimate is not None and (type(estimate) is not int or not lo <= estimate <= hi):
        raise InvalidInput.one(
            "headcount_estimate", _("Please give a number of people from {lo} to {hi}.").format(lo=lo, hi=hi)
        )
    if estimate is not None and live_sign_in_count(session, session_id):
        raise InvalidInput.one(
            "headcount_estimate",
            _("People signed in to this session, so it is counted from their sign-ins, not an estimate."),
        )
    if ts.headcount_estimate != estimate:
        ts.headcount_estimate = estimate
        session.flush()
    return ts
