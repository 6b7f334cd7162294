"""Helpers for the commons' tests: a laptop's calls to /v1/commons, and records made on simulated laptops."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx

from tests.hubtools import Laptop


def lesson_text(title: str, body: str = "Open the editor and type along.") -> str:
    return f"---\ntitle: {title}\nteaching: 20\nexercises: 10\n---\n\n## What we do\n\n{body}\n"


class Commons:
    """A laptop's calls to the hub's commons routes, with its own device token."""

    def __init__(self, laptop: Laptop) -> None:
        from desktop.models import SyncState

        with laptop.db.transaction() as s:
            state = s.get(SyncState, 1)
            assert state is not None and state.device_token, "the laptop is not enrolled"
            url, token = state.hub_url, state.device_token
        self.http = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30)

    def publish(self, lesson_id: str, title: str, **overrides: Any) -> httpx.Response:
        body: dict[str, Any] = {
            "lesson_id": lesson_id,
            "title": title,
            "level": "beginner",
            "language": "en",
            "minutes": 30,
            "tags": ["web"],
            "text": lesson_text(title),
            "licence": "CC-BY-4.0",
            "authors": ["Ana Souza"],
            "source_version_id": None,
            "parent_version_id": None,
            **overrides,
        }
        return self.http.post("/v1/commons/publish", json=body)

    def published(self, lesson_id: str, title: str, **overrides: Any) -> dict[str, Any]:
        answer = self.publish(lesson_id, title, **overrides)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def unpublish(self, commons_lesson_id: str) -> httpx.Response:
        return self.http.post("/v1/commons/unpublish", json={"commons_lesson_id": commons_lesson_id})

    def page(self, after: int = 0, limit: int | None = None) -> dict[str, Any]:
        params = {"after": after} | ({"limit": limit} if limit else {})
        answer = self.http.get("/v1/commons/catalogue", params=params)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def everything(self, after: int = 0, limit: int | None = None) -> tuple[list[dict[str, Any]], list[str], int]:
        """Every page from ``after``: (entries, removed, last_seq)."""
        entries: list[dict[str, Any]] = []
        removed: list[str] = []
        while True:
            page = self.page(after, limit)
            entries += page["entries"]
            removed += page["removed"]
            after = page["last_seq"]
            if not page["more"]:
                return entries, removed, after

    def usage(self, etag: str | None = None) -> httpx.Response:
        return self.http.get("/v1/commons/usage", headers={"If-None-Match": etag} if etag else {})

    def close(self) -> None:
        self.http.close()


def take_copy(laptop: Laptop, entry: dict[str, Any]) -> str:
    """The laptop takes a catalogue entry as a lesson of its own, with its lineage (as "Use this lesson" does)."""
    from desktop.lessons.library import create_lesson
    from desktop.models.entities import LessonLineage

    with laptop.db.transaction() as s:
        lesson = create_lesson(s, entry["text"])
        s.add(
            LessonLineage(
                id=lesson.id,
                source_version_id=entry["source_version_id"] or entry["version_id"],
                source_title=entry["title"],
                source_licence=entry["licence"],
                source_authors=entry["authors"],
                source_organisation=entry["organisation"],
                parent_version_id=entry["version_id"],
                parent_title=entry["title"],
                parent_licence=entry["licence"],
                parent_authors=entry["authors"],
                parent_organisation=entry["organisation"],
                taken_at=datetime(2026, 2, 1, 12, 0),
                taken_version_number=entry["number"],
            )
        )
        return lesson.id


def own_lesson(laptop: Laptop, title: str) -> str:
    from desktop.lessons.library import create_lesson

    with laptop.db.transaction() as s:
        return create_lesson(s, lesson_text(title)).id


def hold_session(
    laptop: Laptop,
    lesson_id: str,
    *,
    venue: str,
    people: list[str],
    ratings: list[int] = (),  # type: ignore[assignment]
    comment: str = "",
    when: datetime = datetime(2026, 3, 4, 18, 0),
) -> str:
    """A session held at a new venue with ``lesson_id``: these people signed in, these exit cards given."""
    from desktop.models import ExitCard, Participant, TasterSession, Venue
    from desktop.signin.attendance import sign_in
    from desktop.text import fold

    with laptop.db.transaction() as s:
        place = Venue(name=venue, kind="library", address=f"{venue}, 1 Main Street", languages=["en"])
        s.add(place)
        s.flush()
        held = TasterSession(
            venue_id=place.id, title=venue, starts_at=when, lesson_ids=[lesson_id], status="open", hosts=["Host"]
        )
        s.add(held)
        s.flush()
        for name in people:
            first, _, last = name.partition(" ")
            person = Participant(first_name=first, last_name=last, search_key=fold(name))
            s.add(person)
            s.flush()
            sign_in(s, held.id, person.id)
        for rating in ratings:
            s.add(ExitCard(session_id=held.id, rating=rating, comment=comment, barriers=["travel"]))
        return held.id
