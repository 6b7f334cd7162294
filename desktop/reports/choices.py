"""What a report's filter can be narrowed to: the venues, lessons and languages the records hold."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Lesson, TasterSession, Venue


@dataclass(frozen=True)
class FilterChoices:
    """(id, name) of venues and lessons, by name; session language codes, in code order."""

    venues: list[tuple[str, str]] = field(default_factory=list)
    lessons: list[tuple[str, str]] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)

    @property
    def names(self) -> dict[str, str]:
        """Venue and lesson ids to their names, as ``filters.describe`` takes them."""
        return dict(self.venues) | dict(self.lessons)


def filter_choices(session: Session) -> FilterChoices:
    """Venues and lessons still on record (erased-from-the-list lessons too: old sessions taught them),
    and the languages sessions were held in."""
    venues = session.execute(select(Venue.id, Venue.name).where(Venue.deleted.is_(False)).order_by(Venue.name))
    lessons = session.execute(select(Lesson.id, Lesson.title).where(Lesson.deleted.is_(False)).order_by(Lesson.title))
    languages = session.scalars(
        select(TasterSession.language)
        .where(TasterSession.deleted.is_(False))
        .distinct()
        .order_by(TasterSession.language)
    )
    return FilterChoices(
        [(i, n) for i, n in venues], [(i, t) for i, t in lessons], [code for code in languages if code]
    )
