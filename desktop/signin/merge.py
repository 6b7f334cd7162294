"""Merging two records of one person: history joined, nothing lost, no details copied.

The duplicate keeps its row with ``merged_into`` pointing at the record that
stays, so sync can carry the merge and an old id still leads somewhere. Its
details (name, contact, notes: ``protocol.PERSONAL_FIELDS``) stay on its own
row and are never copied to the kept record, in fields or in free text: if the
person behind either record asks to be erased, erasing that record's id is then
enough, on every laptop and on the hub, whatever order the changes arrive in.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import (
    EXPERIENCE_LEVELS,
    PATHWAY_STAGES,
    Erasure,
    ExitCard,
    FollowUp,
    LadderStep,
    PairingGroup,
    Participant,
    SignIn,
)
from desktop.signin.people import live_participant
from desktop.signin.validation import InvalidInput


@dataclass(frozen=True)
class MergeResult:
    kept_id: str
    merged_id: str
    sign_ins_moved: int
    sign_ins_voided: int  # both records signed in to the same session: the later one is voided, kept
    exit_cards_moved: int


def _replace_id(ids: list[str], old: str, new: str) -> list[str]:
    out: list[str] = []
    for found in ids:
        kept = new if found == old else found
        if kept not in out:
            out.append(kept)
    return out


def _refuse_if_erased(session: Session, participant_id: str) -> None:
    person = session.get(Participant, participant_id)
    erased = (
        person.erased
        if person is not None
        else session.scalar(select(Erasure.id).where(Erasure.participant_id == participant_id).limit(1)) is not None
    )
    if erased:
        raise InvalidInput.one(
            "merge",
            _("This person asked for their details to be erased, so their record cannot be merged with another."),
        )


def merge_participants(session: Session, keep_id: str, duplicate_id: str) -> MergeResult:
    """Join the duplicate's history to the kept record. Refused if either person was erased."""
    _refuse_if_erased(session, keep_id)
    _refuse_if_erased(session, duplicate_id)
    keep = live_participant(session, keep_id)
    dup = live_participant(session, duplicate_id)
    if keep.id == dup.id:
        raise InvalidInput.one("merge", _("Those are already the same person."))

    kept_sessions = {
        s.session_id: s
        for s in session.scalars(
            select(SignIn).where(SignIn.participant_id == keep.id, SignIn.voided.is_(False), SignIn.deleted.is_(False))
        )
    }
    moved = voided = 0
    for s in session.scalars(select(SignIn).where(SignIn.participant_id == dup.id)):
        twin = kept_sessions.get(s.session_id)
        if twin is not None and not s.voided and not s.deleted:
            # One visit recorded twice: keep the earlier sign-in live, void the other (still kept).
            earlier, later = (twin, s) if twin.signed_in_at <= s.signed_in_at else (s, twin)
            later.voided = True
            earlier.as_helper = earlier.as_helper or later.as_helper
            if later is twin:
                kept_sessions[s.session_id] = s
            voided += 1
        s.participant_id = keep.id
        moved += 1
    cards = 0
    for card in session.scalars(select(ExitCard).where(ExitCard.participant_id == dup.id)):
        card.participant_id = keep.id
        cards += 1
    # Who reached out to them, and their steps towards hosting.
    follow_ups = select(FollowUp).where(FollowUp.participant_id == dup.id)
    steps = select(LadderStep).where(LadderStep.participant_id == dup.id)
    for row in [*session.scalars(follow_ups), *session.scalars(steps)]:
        row.participant_id = keep.id
    for group in session.scalars(select(PairingGroup)):
        if dup.id in (group.member_ids or []):
            group.member_ids = _replace_id(group.member_ids, dup.id, keep.id)
    for other in session.scalars(select(Participant).where(Participant.merged_into == dup.id)):
        other.merged_into = keep.id
    for other in session.scalars(select(Participant).where(Participant.deleted.is_(False))):
        if dup.id in (other.never_pair_with or []) and other.id != dup.id:
            other.never_pair_with = [i for i in _replace_id(other.never_pair_with, dup.id, keep.id) if i != other.id]

    _join_history(keep, dup)
    dup.merged_into = keep.id
    session.flush()
    return MergeResult(keep.id, dup.id, moved, voided, cards)


def _join_history(keep: Participant, dup: Participant) -> None:
    """What the two records tell about taking part; nothing that says who the person is or how to reach them."""
    keep.languages = list(dict.fromkeys([*(keep.languages or []), *(dup.languages or [])]))
    keep.never_pair_with = [
        i
        for i in dict.fromkeys([*(keep.never_pair_with or []), *(dup.never_pair_with or [])])
        if i not in (keep.id, dup.id)
    ]
    keep.stage = max(keep.stage, dup.stage, key=lambda s: PATHWAY_STAGES.index(s) if s in PATHWAY_STAGES else 0)
    keep.experience = max(
        keep.experience, dup.experience, key=lambda e: EXPERIENCE_LEVELS.index(e) if e in EXPERIENCE_LEVELS else 0
    )
    if keep.photo_consent is None:
        keep.photo_consent = dup.photo_consent
    keep.is_minor = keep.is_minor or dup.is_minor
    if dup.created_at and (keep.created_at is None or dup.created_at < keep.created_at):
        keep.created_at = dup.created_at
