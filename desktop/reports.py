"""What organisers learn across sessions: who comes, who comes back, what keeps people away."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
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
    report = Report()
    live_signins = (SignIn.voided.is_(False), SignIn.deleted.is_(False))
    report.sessions_held = int(
        session.scalar(
            select(func.count(func.distinct(SignIn.session_id))).where(*live_signins)
        )
        or 0
    )
    report.sign_ins = int(session.scalar(select(func.count()).where(*live_signins)) or 0)
    visits = select(SignIn.participant_id, func.count(func.distinct(SignIn.session_id)).label("n")).where(
        *live_signins, SignIn.participant_id.is_not(None)
    ).group_by(SignIn.participant_id).subquery()
    for (n,) in session.execute(select(visits.c.n)):
        report.people += 1
        if n > 1:
            report.returners += 1
        else:
            report.first_timers += 1
    for rating, will_return, barriers in session.execute(
        select(ExitCard.rating, ExitCard.will_return, ExitCard.barriers).where(ExitCard.deleted.is_(False))
    ):
        report.exit_cards += 1
        report.ratings[rating] += 1
        report.will_return[will_return] += 1
        report.barriers.update(barriers or [])
    for stage, n in session.execute(
        select(Participant.stage, func.count())
        .where(Participant.deleted.is_(False), Participant.erased.is_(False))
        .group_by(Participant.stage)
    ):
        report.stages[stage] = n
    return report
