"""Paper sign-ins: the rows of a printed sign-in sheet, typed in by the host afterwards.

Each row of the sheet has a code ("K7M-07": the session's three characters, then the row number).
A row becomes a new person and their sign-in, made by the kiosk's own functions (the same checks,
the same consent rule: a phone or email is kept only when "Contact me" is ticked), with the source
"paper" and the row code stored on the sign-in. The code is what makes typing a row twice harmless,
on this laptop or another one that got the row through sync: the second time is recognised, and
nothing new is written. A code already entered for someone else (a slip: "03" for "06") is a problem
the host fixes, so that second person is never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.handouts.data import session_short_code
from desktop.i18n import _, ngettext
from desktop.models import Participant, SignIn, TasterSession
from desktop.signin.attendance import register_and_sign_in
from desktop.signin.people import NotFound, ParticipantDraft, consent_wording, name_key, problems_in

SOURCE = "paper"
MAX_ROW = 999  # rows on one sheet; a longer sheet would be two sessions


@dataclass(frozen=True)
class PaperRow:
    """One row as the host types it: what the sheet says, and the contact slip that goes with it."""

    code: str
    first_name: str
    first_time: bool = False
    contact_me: bool = False
    photos_ok: bool = False  # a box left empty is no photos: the safe reading of a blank
    contact: str = ""  # phone or email, from the person's own slip


Status = Literal["entered", "already", "problem"]


@dataclass(frozen=True)
class RowOutcome:
    """What became of one row: entered, already there (``message`` says so), or a problem to fix."""

    index: int  # the row's place in what was given
    status: Status
    message: str = ""
    code: str = ""  # the code as stored, once it is known to be one of this sheet's
    sign_in_id: str | None = None


@dataclass(frozen=True)
class PaperResult:
    outcomes: list[RowOutcome] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def summary(self) -> str:
        """One sentence for the host: "9 sign-ins entered, 1 was already there"."""
        entered, already, problems = self.count("entered"), self.count("already"), self.count("problem")
        parts = [ngettext("{n} sign-in entered", "{n} sign-ins entered", entered).format(n=entered)]
        if already:
            parts.append(ngettext("{n} was already there", "{n} were already there", already).format(n=already))
        if problems:
            parts.append(ngettext("{n} row needs fixing", "{n} rows need fixing", problems).format(n=problems))
        return ", ".join(parts) + "."


class RowCodeProblem(ValueError):
    """A typed code that is not one of this session's sheet; ``str()`` says why in plain words."""


def sheet_row_code(short_code: str, row: int) -> str:
    return f"{short_code}-{row:02d}"


def _is_number(text: str) -> bool:
    """Digits 0-9 only: "²" and "٣" are digits to Python, but no row number of ours."""
    return text.isascii() and text.isdecimal()


def read_row_code(session_id: str, typed: str) -> tuple[str, int]:
    """The stored code and row number for what the host typed: "K7M-07", "k7m 7", "K7M07" or just "7"."""
    short = session_short_code(session_id)
    text = "".join((typed or "").split()).upper()
    if not text:
        raise RowCodeProblem(_("Type the code printed at the start of the row, such as {code}.").format(code=short))
    if "-" in text:
        prefix, _dash, number = text.partition("-")
    elif _is_number(text) and not (len(text) > len(short) and text.startswith(short)):
        prefix, number = "", text  # a row number alone ("7"); a code of digits ("399") may lead it ("39907")
    else:
        prefix, number = text[: len(short)], text[len(short) :]
    if not _is_number(number) or not 1 <= int(number) <= MAX_ROW or len(prefix) not in (0, len(short)):
        raise RowCodeProblem(
            _("“{typed}” is not a row code. Codes look like {example}.").format(
                typed=typed.strip(), example=sheet_row_code(short, 7)
            )
        )
    if prefix and prefix != short:
        raise RowCodeProblem(
            _("{typed} is not from this session's sheet: its codes start with {code}-.").format(
                typed=typed.strip(), code=short
            )
        )
    row = int(number)
    return sheet_row_code(short, row), row


def _draft(row: PaperRow, language: str) -> ParticipantDraft:
    contact = " ".join(row.contact.split())
    email, phone = (contact, "") if "@" in contact else ("", contact)
    return ParticipantDraft(
        first_name=row.first_name,
        phone=phone,
        email=email,
        contact_consent=row.contact_me,
        photo_consent=row.photos_ok,
        language=language,
    )


def _row_problem(draft: ParticipantDraft) -> str:
    """What keeps a row from being entered, in the host's words ("" if nothing does)."""
    problems = problems_in(draft)
    if "contact_consent" in problems:
        # The kiosk's own rule, said to the host who holds the slip rather than to the person.
        problems["contact_consent"] = _(
            "There is a phone or email but “Contact me” is not ticked: without the tick it cannot be kept."
        )
    return " ".join(problems.values())


def _already_entered(session: Session, session_id: str, code: str) -> tuple[str, str | None] | None:
    """The sign-in made from this row earlier (here or on another laptop), with the person's first name."""
    found = session.execute(
        select(SignIn.id, Participant.first_name)
        .outerjoin(Participant, Participant.id == SignIn.participant_id)
        .where(
            SignIn.session_id == session_id,
            SignIn.row_code == code,
            SignIn.voided.is_(False),
            SignIn.deleted.is_(False),
        )
        .limit(1)
    ).first()
    return None if found is None else (found[0], found[1])


def _same_person(entered_name: str | None, typed_name: str) -> bool:
    """Whether a row typed again names the person entered from it before, as the kiosk compares names
    (accents, case and spacing aside). An erased person's row has no name left to compare: it stays theirs."""
    if not entered_name:
        return True
    return name_key(entered_name) == name_key(typed_name)


def record_paper_rows(session: Session, session_id: str, rows: list[PaperRow]) -> PaperResult:
    """Enter the rows of a paper sheet. Good rows are entered; a row with a problem is left out (and said why),
    so the host fixes it and saves again without the others being entered twice."""
    taster = session.get(TasterSession, session_id)
    if taster is None or taster.deleted:
        raise NotFound(_("That session is no longer on this laptop."))
    # The consent the person agreed to is the sheet's wording, printed in the session's language.
    language = taster.language if taster.language in ("en", "es") else "en"
    consent_text = consent_wording(language)
    outcomes: list[RowOutcome] = []
    for index, row in enumerate(rows):
        try:
            code, number = read_row_code(session_id, row.code)
        except RowCodeProblem as exc:
            outcomes.append(RowOutcome(index, "problem", str(exc)))
            continue
        earlier = _already_entered(session, session_id, code)
        if earlier is not None and not _same_person(earlier[1], row.first_name):
            # Most often a slip in the code ("03" for "06"): the row is somebody else's, and is not lost.
            message = _("Row {n} is already {name}'s. Check the code on the sheet for {typed}.").format(
                n=number, name=earlier[1], typed=" ".join(row.first_name.split())
            )
            outcomes.append(RowOutcome(index, "problem", message, code))
            continue
        if earlier is not None:
            sign_in_id, name = earlier
            message = (
                _("Row {n} was already entered, for {name}: nothing was changed.").format(n=number, name=name)
                if name
                else _("Row {n} was already entered: nothing was changed.").format(n=number)
            )
            outcomes.append(RowOutcome(index, "already", message, code, sign_in_id))
            continue
        draft = _draft(row, taster.language or "")
        problem = _row_problem(draft)
        if problem:
            outcomes.append(RowOutcome(index, "problem", problem, code))
            continue
        result = register_and_sign_in(
            session,
            session_id,
            draft,
            source=SOURCE,
            consent_text=consent_text if draft.contact_consent else None,
            row_code=code,
            first_visit=row.first_time,
        )
        outcomes.append(RowOutcome(index, "entered", "", code, result.sign_in_id))
    return PaperResult(outcomes)
