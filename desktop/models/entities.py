"""The shared records of On-Ramp: venues, sessions, lessons, people and what happens at a session.

Lists and small structures are JSON columns so that a record travels through
sync as one unit and merges field by field.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import SENT_ONLY_WHEN_SET, Base, Synced, utcnow

# The closed sets are defined once, shared with the sync protocol; re-exported here for the app.
from desktop.vocabulary import (  # noqa: F401
    BARRIERS,
    EXPERIENCE_LEVELS,
    HEARD_FROM,
    PATHWAY_STAGES,
    SESSION_STATUSES,
    VENUE_KINDS,
)


class Venue(Synced, Base):
    __tablename__ = "venues"

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), default="other")
    address: Mapped[str] = mapped_column(Text, default="")
    access_notes: Mapped[str] = mapped_column(Text, default="")
    step_free: Mapped[bool] = mapped_column(Boolean, default=False)
    public_transport: Mapped[bool] = mapped_column(Boolean, default=False)
    parking: Mapped[bool] = mapped_column(Boolean, default=False)
    offers: Mapped[list[str]] = mapped_column(default=list)  # "childcare", "food"
    languages: Mapped[list[str]] = mapped_column(default=list)  # BCP 47 codes
    notes: Mapped[str] = mapped_column(Text, default="")

    sessions: Mapped[list[TasterSession]] = relationship(back_populates="venue")


class TasterSession(Synced, Base):
    """One taster session at a venue (called a "session" everywhere users can see)."""

    __tablename__ = "sessions"
    # Covering indexes for the Reports page: a sign-in's session by id, and the sessions a filter covers by date.
    __table_args__ = (
        Index("ix_sessions_by_id", "id", "deleted", "starts_at", "venue_id", "language"),
        Index("ix_sessions_by_date", "starts_at", "deleted", "venue_id", "language", "id"),
    )

    venue_id: Mapped[str] = mapped_column(ForeignKey("venues.id"), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)  # venue-local time
    duration_minutes: Mapped[int] = mapped_column(Integer, default=90)
    lesson_ids: Mapped[list[str]] = mapped_column(default=list)
    hosts: Mapped[list[str]] = mapped_column(default=list)
    helpers: Mapped[list[str]] = mapped_column(default=list)
    capacity: Mapped[int] = mapped_column(Integer, default=12)
    language: Mapped[str] = mapped_column(String(16), default="en")
    status: Mapped[str] = mapped_column(String(16), default="planned")
    notes: Mapped[str] = mapped_column(Text, default="")
    # How many the host thinks came, given only when nobody signed in (None: not given).
    headcount_estimate: Mapped[int | None] = mapped_column(Integer, default=None, info=SENT_ONLY_WHEN_SET)

    venue: Mapped[Venue] = relationship(back_populates="sessions")


class Lesson(Synced, Base):
    """A lesson in the library; its text lives in numbered versions."""

    __tablename__ = "lessons"

    slug: Mapped[str] = mapped_column(String(200), index=True)  # the front matter `id`
    title: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(16), default="en")
    level: Mapped[str] = mapped_column(String(32), default="beginner")
    minutes: Mapped[int] = mapped_column(Integer, default=60)
    offline: Mapped[bool] = mapped_column(Boolean, default=True)
    tags: Mapped[list[str]] = mapped_column(default=list)
    text: Mapped[str] = mapped_column(Text, default="")  # Markdown of the current version
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    remixed_from: Mapped[str | None] = mapped_column(String(36), default=None)
    trashed_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    source_path: Mapped[str] = mapped_column(Text, default="")


class LessonVersion(Synced, Base):
    __tablename__ = "lesson_versions"
    __table_args__ = (UniqueConstraint("lesson_id", "number", "origin"),)
    sync_kind = "append"

    lesson_id: Mapped[str] = mapped_column(ForeignKey("lessons.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")


class Participant(Synced, Base):
    """A person who came. Only ``first_name`` is required; everything else is optional."""

    __tablename__ = "participants"

    first_name: Mapped[str] = mapped_column(String(200))
    last_name: Mapped[str] = mapped_column(String(200), default="")
    pronouns: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    contact_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_consent_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    contact_consent_text: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    languages: Mapped[list[str]] = mapped_column(default=list)
    experience: Mapped[str] = mapped_column(String(16), default="never")
    came_with: Mapped[str] = mapped_column(String(200), default="")
    access_needs: Mapped[str] = mapped_column(Text, default="")
    heard_from: Mapped[str] = mapped_column(String(32), default="")
    photo_consent: Mapped[bool | None] = mapped_column(Boolean, default=None)
    is_minor: Mapped[bool] = mapped_column(Boolean, default=False)
    guardian_name: Mapped[str] = mapped_column(String(200), default="")
    stage: Mapped[str] = mapped_column(String(16), default="newcomer", index=True)
    never_pair_with: Mapped[list[str]] = mapped_column(default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Accent- and case-folded "first last", kept for the kiosk's lookup.
    search_key: Mapped[str] = mapped_column(String(400), default="", index=True)
    phone_last4: Mapped[str] = mapped_column(String(4), default="", index=True)
    merged_into: Mapped[str | None] = mapped_column(String(36), default=None)
    erased: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SignIn(Synced, Base):
    __tablename__ = "sign_ins"
    # Covering indexes for the counts every page shows and the Reports page: per session, per person, recent.
    __table_args__ = (
        Index("ix_sign_ins_session_visits", "session_id", "voided", "deleted", "participant_id", "as_helper", "source"),
        Index("ix_sign_ins_person_visits", "participant_id", "session_id", "voided", "deleted", "as_helper"),
        Index("ix_sign_ins_recent", "signed_in_at", "voided", "participant_id"),
    )
    sync_kind = "append"

    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    # Null once the person is erased: the sign-in stays as an anonymous count.
    participant_id: Mapped[str | None] = mapped_column(ForeignKey("participants.id"), index=True, default=None)
    signed_in_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    signed_out_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    as_helper: Mapped[bool] = mapped_column(Boolean, default=False)
    first_visit: Mapped[bool] = mapped_column(Boolean, default=False)
    came_with: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(16), default="kiosk")  # kiosk, host, paper
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    # A paper sheet's row ("K7M-07"), so the same row typed in twice, on any laptop, is one sign-in.
    row_code: Mapped[str] = mapped_column(String(16), default="", info=SENT_ONLY_WHEN_SET)


class ExitCard(Synced, Base):
    __tablename__ = "exit_cards"
    __table_args__ = (
        # Everything the Reports page counts, so it reads cards from the index alone (migration 0011).
        Index("ix_exit_cards_report", "session_id", "deleted", "rating", "will_return", "barriers", "comment"),
    )
    sync_kind = "append"

    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    participant_id: Mapped[str | None] = mapped_column(
        ForeignKey("participants.id"), index=True, default=None
    )  # None: anonymous
    rating: Mapped[int] = mapped_column(Integer)  # 1 sad, 2 neutral, 3 happy
    will_return: Mapped[str] = mapped_column(String(8), default="maybe")  # yes, maybe, no
    barriers: Mapped[list[str]] = mapped_column(default=list)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PairingRound(Synced, Base):
    __tablename__ = "pairing_rounds"
    sync_kind = "append"

    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    seed: Mapped[int] = mapped_column(Integer, default=0)
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    score: Mapped[int] = mapped_column(Integer, default=0)


class PairingGroup(Synced, Base):
    __tablename__ = "pairing_groups"
    sync_kind = "append"

    round_id: Mapped[str] = mapped_column(ForeignKey("pairing_rounds.id"), index=True)
    table_number: Mapped[int] = mapped_column(Integer, default=1)
    member_ids: Mapped[list[str]] = mapped_column(default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    locked: Mapped[bool] = mapped_column(Boolean, default=False)


class Intervention(Synced, Base):
    """What a chapter changed at a venue, and from when ("a crèche from 1 March")."""

    __tablename__ = "interventions"

    venue_id: Mapped[str] = mapped_column(ForeignKey("venues.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # vocabulary.INTERVENTION_KINDS
    description: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date, default=None)  # None: still in place
    barrier: Mapped[str] = mapped_column(String(16), default="")  # the barrier it answers; "" none
    recorded_by: Mapped[str] = mapped_column(String(200), default="")  # the host or laptop that recorded it
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class FollowUp(Synced, Base):
    """Someone reached out to a person who stopped coming. Removed with the person on erasure."""

    __tablename__ = "follow_ups"
    sync_kind = "append"

    # Null once the person is erased (the row is then deleted too).
    participant_id: Mapped[str | None] = mapped_column(ForeignKey("participants.id"), index=True, default=None)
    followed_up_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class LadderStep(Synced, Base):
    """A step a person took on the path to hosting (asked to help, co-hosted...). Removed with them on erasure."""

    __tablename__ = "ladder_steps"
    sync_kind = "append"

    participant_id: Mapped[str | None] = mapped_column(ForeignKey("participants.id"), index=True, default=None)
    kind: Mapped[str] = mapped_column(String(32))  # vocabulary.LADDER_STEP_KINDS
    taken_on: Mapped[date] = mapped_column(Date)
    session_id: Mapped[str | None] = mapped_column(ForeignKey("sessions.id"), index=True, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class LessonLineage(Synced, Base):
    """Where a lesson of this library came from in the lesson commons, and what it became there.

    The row's id is the lesson's id. ``source`` is the original commons version it descends from (the
    root of its lineage), ``parent`` the commons version it was copied or remixed from (the source
    itself for a first-generation copy); each keeps the title, licence, authors and organisation that
    version was published with, so credit lines print from here even after the original is
    unpublished. ``published_version_id`` is the newest commons version published from this lesson.
    """

    __tablename__ = "lesson_lineage"

    source_version_id: Mapped[str | None] = mapped_column(String(64), default=None)
    source_title: Mapped[str] = mapped_column(String(300), default="")
    source_licence: Mapped[str] = mapped_column(String(32), default="")
    source_authors: Mapped[list[str]] = mapped_column(default=list)
    source_organisation: Mapped[str] = mapped_column(String(200), default="")
    parent_version_id: Mapped[str | None] = mapped_column(String(64), default=None)
    parent_title: Mapped[str] = mapped_column(String(300), default="")
    parent_licence: Mapped[str] = mapped_column(String(32), default="")
    parent_authors: Mapped[list[str]] = mapped_column(default=list)
    parent_organisation: Mapped[str] = mapped_column(String(200), default="")
    taken_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    taken_version_number: Mapped[int | None] = mapped_column(Integer, default=None)  # the parent's number
    published_version_id: Mapped[str | None] = mapped_column(String(64), default=None)
    # A newer commons version the host chose not to take (``desktop.commons.updates``): not offered again.
    declined_version_id: Mapped[str | None] = mapped_column(String(64), default=None)


class Erasure(Synced, Base):
    """A person's right to be forgotten, recorded so sync carries it. Carries the id only."""

    __tablename__ = "erasures"
    sync_kind = "append"

    participant_id: Mapped[str] = mapped_column(String(36), index=True)
    requested_on: Mapped[date] = mapped_column(Date)


class Visit(Base):
    """One visit (``reports.definitions.VISIT``): a person's standing sign-ins to one session still on
    record, with the session's start and whether they helped at it. Derived, local, never synced and never
    written by the app: SQLite triggers (migration 0009) keep it in step with ``sign_ins`` and ``sessions``
    whichever code path writes them (kiosk, host, paper sheets, imports, sync apply, erasure)."""

    __tablename__ = "visits"
    __table_args__ = (
        Index("ix_visits_session", "session_id", "starts_at"),
        Index("ix_visits_starts_at", "starts_at"),
        Index("ix_visits_person_first", "participant_id", "starts_at"),
        Index("ix_visits_person_helped", "participant_id", "helped", "starts_at"),
        {"sqlite_with_rowid": False},
    )

    participant_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    session_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    helped: Mapped[bool] = mapped_column(Boolean)


class SignInTally(Base):
    """How many standing sign-ins (not cancelled, not deleted) each session has from each source (kiosk,
    host, paper). Derived, local, never synced: SQLite triggers (migration 0010) keep it in step with
    ``sign_ins``, whichever code path writes them."""

    __tablename__ = "sign_in_tallies"
    __table_args__ = ({"sqlite_with_rowid": False},)

    session_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    source: Mapped[str] = mapped_column(String(16), primary_key=True)
    sign_ins: Mapped[int] = mapped_column(Integer)


SYNCED_MODELS: tuple[type[Synced], ...] = (
    Venue,
    TasterSession,
    Lesson,
    LessonVersion,
    Participant,
    SignIn,
    ExitCard,
    PairingRound,
    PairingGroup,
    Intervention,
    FollowUp,
    LadderStep,
    LessonLineage,
    Erasure,
)
MODEL_BY_TABLE: dict[str, type[Synced]] = {m.__tablename__: m for m in SYNCED_MODELS}
