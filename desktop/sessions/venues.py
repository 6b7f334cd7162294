"""Venues: where sessions happen, how to get in, what is offered, which languages are spoken."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import N_, _
from desktop.models import VENUE_KINDS, Venue
from desktop.signin.people import NotFound
from desktop.signin.validation import LONG_TEXT_MAX, InvalidInput, clean_choice, clean_text
from desktop.vocabulary import OFFERS

KIND_LABELS = {
    "place_of_worship": N_("Church or other place of worship"),
    "salon": N_("Salon"),
    "barbershop": N_("Barbershop"),
    "union_hall": N_("Union hall"),
    "library": N_("Library"),
    "community_centre": N_("Community centre"),
    "other": N_("Other"),
}
OFFER_LABELS = {"childcare": N_("Childcare"), "food": N_("Food")}


@dataclass
class VenueDraft:
    name: str = ""
    kind: str = "other"
    address: str = ""
    access_notes: str = ""
    step_free: bool = False
    public_transport: bool = False
    parking: bool = False
    offers: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    notes: str = ""

    @classmethod
    def from_venue(cls, v: Venue) -> VenueDraft:
        return cls(**{f.name: getattr(v, f.name) for f in fields(cls)})


def clean_languages(value: list[str] | str, field_name: str = "languages") -> list[str]:
    """Language codes such as "en, es, vi" (letters and hyphens, up to 16 characters each)."""
    items = value.replace(";", ",").split(",") if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        code = " ".join(str(item).split()).lower()
        if not code:
            continue
        if len(code) > 16 or not all(c.isascii() and (c.isalpha() or c == "-") for c in code):
            raise InvalidInput.one(
                field_name, _("Languages are short codes separated by commas, such as “en, es, vi”.")
            )
        if code not in out:
            out.append(code)
    return out


def clean_venue(draft: VenueDraft) -> VenueDraft:
    problems: dict[str, str] = {}
    out = VenueDraft()

    def take(name: str, fn) -> None:
        try:
            setattr(out, name, fn())
        except InvalidInput as exc:
            problems.update(exc.problems)

    take("name", lambda: clean_text(draft.name, "name", max_len=200, label=_("venue name")))
    if "name" not in problems and not out.name:
        problems["name"] = _("Please give the venue a name.")
    take("kind", lambda: clean_choice(draft.kind or "other", "kind", VENUE_KINDS, allow_empty=False))
    take("address", lambda: clean_text(draft.address, "address", max_len=500, multiline=True, label=_("address")))
    take(
        "access_notes",
        lambda: clean_text(
            draft.access_notes, "access_notes", max_len=LONG_TEXT_MAX, multiline=True, label=_("access notes")
        ),
    )
    take("notes", lambda: clean_text(draft.notes, "notes", max_len=LONG_TEXT_MAX, multiline=True, label=_("notes")))
    take("languages", lambda: clean_languages(draft.languages))
    if any(o not in OFFERS for o in draft.offers):
        problems["offers"] = _("Please choose from the listed offers.")
    out.offers = [o for o in OFFERS if o in draft.offers]
    out.step_free, out.public_transport, out.parking = (
        bool(draft.step_free),
        bool(draft.public_transport),
        bool(draft.parking),
    )
    if problems:
        raise InvalidInput(problems)
    return out


def create_venue(session: Session, draft: VenueDraft) -> Venue:
    clean = clean_venue(draft)
    venue = Venue(**{f.name: getattr(clean, f.name) for f in fields(VenueDraft)})
    session.add(venue)
    session.flush()
    return venue


def update_venue(session: Session, venue_id: str, draft: VenueDraft) -> Venue:
    venue = get_venue(session, venue_id)
    clean = clean_venue(draft)
    for f in fields(VenueDraft):
        new = getattr(clean, f.name)
        if getattr(venue, f.name) != new:
            setattr(venue, f.name, new)
    session.flush()
    return venue


def get_venue(session: Session, venue_id: str) -> Venue:
    venue = session.get(Venue, venue_id)
    if venue is None or venue.deleted:
        raise NotFound(_("That venue is no longer on this laptop."))
    return venue


def list_venues(session: Session) -> list[Venue]:
    return list(session.scalars(select(Venue).where(Venue.deleted.is_(False)).order_by(Venue.name)))


def remove_venue(session: Session, venue_id: str) -> None:
    """Tombstone a venue that has no sessions (a venue with history stays)."""
    from desktop.models import TasterSession

    venue = get_venue(session, venue_id)
    used = session.scalar(
        select(TasterSession.id).where(TasterSession.venue_id == venue_id, TasterSession.deleted.is_(False)).limit(1)
    )
    if used:
        raise InvalidInput.one("venue", _("This venue has sessions, so it is kept."))
    venue.deleted = True
    session.flush()
