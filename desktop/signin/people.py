"""Registering and editing participants: only a first name is required; contact needs explicit consent."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import event
from sqlalchemy.orm import Session

from desktop.i18n import N_, _, current_language, translate_in
from desktop.languages import normalise_codes
from desktop.models import EXPERIENCE_LEVELS, HEARD_FROM, Participant, utcnow
from desktop.signin.validation import (
    LONG_TEXT_MAX,
    InvalidInput,
    clean_choice,
    clean_email,
    clean_name,
    clean_phone,
    clean_text,
    phone_last4,
)
from desktop.text import fold
from desktop.vocabulary import LANGUAGE_CODES

# The exact words a person agrees to; stored with the time, in the language they read it in.
CONSENT_WORDING = N_(
    "You may contact me by phone or email about future On-Ramp sessions. I can ask you to stop at any time."
)


@dataclass
class ParticipantDraft:
    """What the kiosk's "new here" form or the host's edit form holds, before it is checked."""

    first_name: str = ""
    last_name: str = ""
    pronouns: str = ""
    phone: str = ""
    email: str = ""
    contact_consent: bool = False
    language: str = ""
    experience: str = "never"
    came_with: str = ""
    access_needs: str = ""
    heard_from: str = ""
    photo_consent: bool | None = None
    is_minor: bool = False
    guardian_name: str = ""
    # Every language the person speaks, the preferred one among them; None leaves the stored list as it
    # is (the kiosk asks only for the preferred language, which is added to it).
    languages: list[str] | None = None

    @classmethod
    def from_participant(cls, p: Participant) -> ParticipantDraft:
        draft = cls(**{f.name: getattr(p, f.name) for f in fields(cls) if f.name != "languages"})
        draft.languages = list(p.languages or [])
        return draft


def clean_draft(draft: ParticipantDraft) -> ParticipantDraft:
    """Check every field and gather every problem at once, so the person fixes them in one go."""
    problems: dict[str, str] = {}
    out = ParticipantDraft()

    def take(name: str, fn) -> None:
        try:
            setattr(out, name, fn())
        except InvalidInput as exc:
            problems.update(exc.problems)

    take("first_name", lambda: clean_name(draft.first_name, "first_name", required=True, label=_("first name")))
    take("last_name", lambda: clean_name(draft.last_name, "last_name", label=_("last name")))
    take("pronouns", lambda: clean_text(draft.pronouns, "pronouns", max_len=40, label=_("pronouns")))
    take("phone", lambda: clean_phone(draft.phone))
    take("email", lambda: clean_email(draft.email))
    take("language", lambda: clean_choice(draft.language, "language", LANGUAGE_CODES))
    take("experience", lambda: clean_choice(draft.experience or "never", "experience", EXPERIENCE_LEVELS))
    take("came_with", lambda: clean_name(draft.came_with, "came_with", label=_("friend's name")))
    take(
        "access_needs",
        lambda: clean_text(
            draft.access_needs, "access_needs", max_len=LONG_TEXT_MAX, multiline=True, label=_("access needs")
        ),
    )
    take("heard_from", lambda: clean_choice(draft.heard_from, "heard_from", HEARD_FROM))
    take("guardian_name", lambda: clean_name(draft.guardian_name, "guardian_name", label=_("guardian's name")))
    out.languages = None if draft.languages is None else normalise_codes([*draft.languages, out.language])
    out.photo_consent = draft.photo_consent if draft.photo_consent in (True, False) else None
    out.is_minor = bool(draft.is_minor)
    out.contact_consent = bool(draft.contact_consent)
    if out.is_minor and not out.guardian_name and "guardian_name" not in problems:
        problems["guardian_name"] = _("For someone under 18, please add a parent's or guardian's name.")
    has_contact = bool(out.phone or out.email)
    if has_contact and not out.contact_consent and not {"phone", "email"} & problems.keys():
        problems["contact_consent"] = _(
            "To keep a phone number or email, please tick the box to say we may contact you."
        )
    if not has_contact:
        out.contact_consent = False
    if problems:
        raise InvalidInput(problems)
    return out


def problems_in(draft: ParticipantDraft) -> dict[str, str]:
    """What would need fixing in ``draft``, field by field (empty when it would be saved as is)."""
    try:
        clean_draft(draft)
    except InvalidInput as exc:
        return exc.problems
    return {}


def consent_wording(language: str | None = None) -> str:
    return translate_in(language or current_language(), CONSENT_WORDING)


def _apply(p: Participant, clean: ParticipantDraft, consent_text: str | None, now: datetime) -> None:
    had_consent = bool(p.contact_consent)
    old_contact = (p.phone or "", p.email or "")
    for f in fields(ParticipantDraft):
        if f.name in ("contact_consent", "languages"):
            continue
        setattr(p, f.name, getattr(clean, f.name))
    if clean.contact_consent:
        # A new agreement (or new contact details) is stamped with its own time and words.
        if not had_consent or old_contact != (clean.phone, clean.email):
            p.contact_consent = True
            p.contact_consent_at = now
            p.contact_consent_text = consent_text or consent_wording()
    else:
        p.contact_consent = False
        p.contact_consent_at = None
        p.contact_consent_text = ""
    if clean.languages is not None:
        p.languages = clean.languages
    elif clean.language and clean.language not in (p.languages or []):
        p.languages = [*(p.languages or []), clean.language]
    refresh_search_fields(p)


_JOINERS = str.maketrans("", "", "'’ʼ`´-‐‑–")  # inside a name: O'Brien, Mary-Jane


def name_key(name: str) -> str:
    """A name (or a typed word) as the kiosk compares it: folded, apostrophes and hyphens dropped, so
    "O'Brien", "obrien" and "O’Brien" are one key."""
    return fold(name.translate(_JOINERS))


def search_key(first: str | None, last: str | None) -> str:
    """The lookup key: the first name whole (its spaces too), then the last name whole, then each part
    of a name that had spaces, apostrophes or hyphens, so "obr", "brien", "maryann" and "ann" all find
    "Mary Ann O'Brien". It starts with the whole first name and a space (``same_first_name`` relies on it)."""
    wholes = [name_key(n or "").replace(" ", "") for n in (first, last)]
    parts = [w for n in (first, last) for w in fold(re.sub(r"['’ʼ`´\-‐‑–]", " ", n or "")).split()]
    return " ".join(dict.fromkeys(w for w in [*wholes, *parts] if w))


def refresh_search_fields(p: Participant) -> None:
    """Keep the kiosk's lookup keys in step with the name and phone."""
    p.search_key = search_key(p.first_name, p.last_name)
    p.phone_last4 = phone_last4(p.phone or "")


@event.listens_for(Participant, "before_insert")
@event.listens_for(Participant, "before_update")
def _keep_search_fields(_mapper, _connection, target: Participant) -> None:
    # Any writer (sync, demo, a script) that forgets leaves the lookup right all the same.
    if target.erased:
        return
    key = search_key(target.first_name, target.last_name)
    last4 = phone_last4(target.phone or "")
    if target.search_key != key:
        target.search_key = key
    if target.phone_last4 != last4:
        target.phone_last4 = last4


def register_participant(
    session: Session,
    draft: ParticipantDraft,
    *,
    consent_text: str | None = None,
    now: datetime | None = None,
    participant_id: str | None = None,
) -> Participant:
    """A new person. Raises InvalidInput (and adds nothing) if a field needs fixing.

    ``participant_id``, when given, is the id the new record takes (the kiosk picks it once per person).
    """
    clean = clean_draft(draft)
    p = Participant(first_name=clean.first_name, created_at=now or utcnow())
    if participant_id:
        p.id = participant_id
    _apply(p, clean, consent_text, now or utcnow())
    session.add(p)
    session.flush()
    return p


def update_participant(
    session: Session, participant_id: str, draft: ParticipantDraft, *, consent_text: str | None = None
) -> Participant:
    p = live_participant(session, participant_id)
    clean = clean_draft(draft)
    _apply(p, clean, consent_text, utcnow())
    session.flush()
    return p


class NotFound(LookupError):
    """The record is gone (erased, merged or deleted). ``str()`` is a message for the person."""


def live_participant(session: Session, participant_id: str) -> Participant:
    """The participant, following merges to the record that was kept."""
    seen: set[str] = set()
    current = participant_id
    while current and current not in seen:
        seen.add(current)
        p = session.get(Participant, current)
        if p is None or p.deleted or p.erased:
            break
        if not p.merged_into:
            return p
        current = p.merged_into
    raise NotFound(_("That person's details are no longer on this laptop."))


def short_name(first: str, last: str) -> str:
    """First name and last initial: all another participant may ever see ("Ana S.")."""
    last = (last or "").strip()
    return f"{first} {last[0]}." if last else first


def full_name(first: str | None, last: str | None) -> str:
    return " ".join(part for part in (first or "", last or "") if part) or _("(no name)")
