"""What organisers learn across sessions: who comes, who comes back, what keeps people away."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import case, func, select, true
from sqlalchemy.orm import Session

from desktop.models import ExitCard, Participant, SignIn


@dataclass
class Report:
    sessions_held: int = 0
    sign_ins: int = 0
    people: int = 0
    first_timers: int = 0
    returners: int = 0
    exit_cards: int = 0
    ratings: Counter[int] = field(default_factory=Counter)
    will_return: Counter[str] = field(default_factory=Counter)
    barriers: Counter[str] = field(default_factory=Counter)
    stages: Counter[str] = field(default_factory=Counter)

    @property
    def return_rate(self) -> float:
        return self.returners / self.people if self.people else 0.0


def build_report(session: Session) -> Report:
    """All counts computed in SQL, so the report stays quick on years of sign-ins."""
    report = Report()
    live = (SignIn.voided.is_(False), SignIn.deleted.is_(False))
    held, total = session.execute(select(func.count(func.distinct(SignIn.session_id)), func.count()).where(*live)).one()
    report.sessions_held, report.sign_ins = int(held or 0), int(total or 0)

    visits = (
        select(func.count(func.distinct(SignIn.session_id)).label("n"))
        .where(*live, SignIn.participant_id.is_not(None))
        .group_by(SignIn.participant_id)
        .subquery()
    )
    people, returners = session.execute(select(func.count(), func.sum(case((visits.c.n > 1, 1), else_=0)))).one()
    report.people, report.returners = int(people or 0), int(returners or 0)
    report.first_timers = report.people - report.returners

    cards = ExitCard.deleted.is_(False)
    report.exit_cards = int(session.scalar(select(func.count()).where(cards)) or 0)
    for rating, n in session.execute(select(ExitCard.rating, func.count()).where(cards).group_by(ExitCard.rating)):
        report.ratings[rating] = n
    for answer, n in session.execute(
        select(ExitCard.will_return, func.count()).where(cards).group_by(ExitCard.will_return)
    ):
        report.will_return[answer] = n
    barrier = func.json_each(ExitCard.barriers).table_valued("value").alias("barrier")
    for key, n in session.execute(
        select(barrier.c.value, func.count())
        .select_from(ExitCard)
        .join(barrier, true())
        .where(cards)
        .group_by(barrier.c.value)
    ):
        report.barriers[key] = n
    for stage, n in session.execute(
        select(Participant.stage, func.count())
        .where(Participant.deleted.is_(False), Participant.erased.is_(False))
        .group_by(Participant.stage)
    ):
        report.stages[stage] = n
    return report
