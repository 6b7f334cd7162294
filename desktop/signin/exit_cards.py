"""The three-question exit card: how was it, will you come back, what made it hard to come."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import BARRIERS, ExitCard, TasterSession
from desktop.signin.people import NotFound, live_participant
from desktop.signin.validation import LONG_TEXT_MAX, InvalidInput, clean_text
from desktop.vocabulary import RATINGS, WILL_RETURN


@dataclass
class ExitCardDraft:
    rating: int | None = None
    will_return: str = "maybe"
    barriers: list[str] = field(default_factory=list)
    comment: str = ""
    participant_id: str | None = None  # None: anonymous


def record_exit_card(session: Session, session_id: str, draft: ExitCardDraft) -> ExitCard:
    problems: dict[str, str] = {}
    if draft.rating not in RATINGS:
        problems["rating"] = _("Please choose a face.")
    if draft.will_return not in WILL_RETURN:
        problems["will_return"] = _("Please say whether you might come back.")
    unknown = [b for b in draft.barriers if b not in BARRIERS]
    if unknown:
        problems["barriers"] = _("Please choose from the listed reasons.")
    try:
        comment = clean_text(draft.comment, "comment", max_len=LONG_TEXT_MAX, multiline=True, label=_("comment"))
    except InvalidInput as exc:
        problems.update(exc.problems)
        comment = ""
    ts = session.get(TasterSession, session_id)
    if ts is None or ts.deleted:
        raise NotFound(_("That session is no longer on this laptop."))
    if problems or draft.rating is None:  # a missing rating is among the problems
        raise InvalidInput(problems)
    participant_id = live_participant(session, draft.participant_id).id if draft.participant_id else None
    card = ExitCard(
        session_id=session_id,
        participant_id=participant_id,
        rating=int(draft.rating),
        will_return=draft.will_return,
        barriers=[b for b in BARRIERS if b in draft.barriers],  # stable order, no repeats
        comment=comment,
    )
    session.add(card)
    session.flush()
    return card
