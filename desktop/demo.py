"""Believable demo data: venues of every kind, sessions past and upcoming, people from many places."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from desktop.models import (
    BARRIERS,
    HEARD_FROM,
    Database,
    ExitCard,
    Lesson,
    PairingGroup,
    PairingRound,
    Participant,
    SignIn,
    TasterSession,
    Venue,
)
from desktop.pairing.demo import demo_groups
from desktop.pairing.model import History
from desktop.text import digits, fold

VENUES = [
    ("Greater Hope Baptist Church", "place_of_worship", "412 Elm Street", ["en"], ["childcare", "food"]),
    ("Iglesia Nueva Vida", "place_of_worship", "88 Calle Sol", ["es", "en"], ["childcare"]),
    ("Curl Up & Dye Salon", "salon", "17 Market Row", ["en", "es"], []),
    ("Fresh Cutz Barbershop", "barbershop", "230 King Avenue", ["en"], []),
    ("Local 1199 Union Hall", "union_hall", "5 Labor Plaza", ["en", "es"], ["food"]),
    ("Eastside Branch Library", "library", "901 Reading Way", ["en", "vi", "zh"], []),
    ("Maple Community Centre", "community_centre", "64 Maple Road", ["en", "ar", "uk"], ["childcare", "food"]),
]

FIRST_LAST = [
    ("José", "García"),
    ("Nguyễn", "Thị Hoa"),
    ("Zoë", "Williams"),
    ("Siobhán", "O'Brien"),
    ("王芳", ""),
    ("Олена", "Коваленко"),
    ("محمد", "الأحمد"),
    ("Ana", "Souza"),
    ("Beatriz", "Lima"),
    ("Darnell", "Jackson"),
    ("Keisha", "Brown"),
    ("Marcus", "Johnson"),
    ("Tamika", "Davis"),
    ("Lupe", "Hernández"),
    ("Mateo", "Ramírez"),
    ("Camila", "Torres"),
    ("Trần", "Văn Minh"),
    ("Lê", "Thu Trang"),
    ("李", "娜"),
    ("陈", "伟"),
    ("Ирина", "Петрова"),
    ("Дмитро", "Шевченко"),
    ("فاطمة", "حسن"),
    ("Yusuf", "Abdi"),
    ("Amara", "Okafor"),
    ("Chinedu", "Eze"),
    ("Grace", "Mensah"),
    ("Kwame", "Asante"),
    ("Priya", "Patel"),
    ("Arjun", "Singh"),
    ("Sofía", "Martínez"),
    ("Renée", "Dubois"),
    ("François", "Lefèvre"),
    ("Björn", "Larsson"),
    ("Søren", "Kierkegaard"),
    ("Ewa", "Łukasiewicz"),
    ("Mei", "Tanaka"),
    ("はるか", "佐藤"),
    ("민준", "김"),
    ("Αλέξανδρος", "Παπαδόπουλος"),
    ("דוד", "כהן"),
    ("Aaliyah", "Robinson"),
    ("DeShawn", "Carter"),
    ("Imani", "Wright"),
    ("Jamal", "Harris"),
    ("Rosa", "Parks"),
    ("Ngozi", "Adeyemi"),
    ("Faith", "Morgan"),
    ("Hope", "Edwards"),
    ("Luz", "Flores"),
    ("Dolores", "Cruz"),
    ("Esperanza", "Reyes"),
    ("Thúy", "Phạm"),
    ("Hoàng", "Đức Anh"),
    ("Bilal", "Khan"),
    ("Leila", "Nasser"),
    ("Tomasz", "Nowak"),
    ("Aoife", "Murphy"),
    ("Eilidh", "MacLeod"),
    ("Ngaio", "Te Rangi"),
]

COMMENTS = [
    "I didn't know I could do this!",
    "Loved working with my partner.",
    "Can we do spreadsheets next?",
    "Me encantó, vuelvo la próxima vez.",
    "A bit fast at the end.",
    "The childcare made it possible for me.",
    "",
    "",
    "",
]


def _utc(local: datetime) -> datetime:
    """A local wall-clock time as the naive UTC the records keep (sessions alone keep the venue's time)."""
    return local.astimezone(UTC).replace(tzinfo=None)


def fill_demo(
    db: Database,
    *,
    participants: int = 60,
    sessions: int = 24,
    seed: int = 7,
    now: datetime | None = None,
) -> dict[str, int]:
    """Add demo records through the ORM (so they carry clock values and outbox entries)."""
    rng = random.Random(seed)
    now = (now or datetime.now()).replace(second=0, microsecond=0)
    counts = dict.fromkeys(
        ("venues", "sessions", "lessons", "participants", "sign-ins", "exit cards", "pairing rounds"), 0
    )
    with db.transaction() as s:
        venues = []
        for name, kind, address, langs, offers in VENUES:
            v = Venue(
                name=name,
                kind=kind,
                address=address,
                languages=langs,
                offers=offers,
                step_free=rng.random() < 0.7,
                public_transport=rng.random() < 0.8,
                parking=rng.random() < 0.5,
                access_notes="Ramp at the side door." if rng.random() < 0.5 else "",
            )
            venues.append(v)
        s.add_all(venues)
        # The starter lessons that ship with On-Ramp, as a host would have them.
        from desktop.lessons.library import install_starter_lessons

        installed = install_starter_lessons(s)
        lessons = [s.get_one(Lesson, i) for i in [*installed.lesson_ids, *installed.skipped]]
        counts["venues"], counts["lessons"] = len(venues), len(lessons)

        people = []
        for i in range(participants):
            first, last = FIRST_LAST[i % len(FIRST_LAST)]
            if i >= len(FIRST_LAST):
                first = f"{first} {i // len(FIRST_LAST) + 1}"
            phone = f"+1 555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}" if rng.random() < 0.5 else ""
            p = Participant(
                first_name=first,
                last_name=last,
                phone=phone,
                phone_last4=digits(phone)[-4:],
                contact_consent=bool(phone),
                contact_consent_text="You may contact me about future sessions." if phone else "",
                contact_consent_at=_utc(now - timedelta(days=rng.randint(1, 300))) if phone else None,
                experience=rng.choice(("never", "never", "a_little", "some")),
                languages=rng.choice(
                    (["en"], ["en"], ["es"], ["en", "es"], ["vi", "en"], ["zh"], ["ar", "en"], ["uk", "en"])
                ),
                heard_from=rng.choice(HEARD_FROM),
                photo_consent=rng.choice((True, False, None)),
                search_key=fold(f"{first} {last}"),
            )
            p.language = p.languages[0]
            people.append(p)
        s.add_all(people)
        counts["participants"] = len(people)

        planned: list[TasterSession] = []
        for i in range(sessions):
            days = (i - sessions * 2 // 3) * 7 + rng.randint(-2, 2)
            when = (now + timedelta(days=days)).replace(hour=rng.choice((10, 13, 18)), minute=0)
            lesson = rng.choice(lessons)
            venue = venues[i % len(venues)]
            ts = TasterSession(
                venue_id=venue.id,
                title=lesson.title,
                starts_at=when,
                duration_minutes=lesson.minutes + 30,
                lesson_ids=[lesson.id],
                hosts=["Pat Volunteer"],
                capacity=rng.choice((8, 12, 16)),
                language=lesson.language,
                status="closed" if when < now else "planned",
            )
            planned.append(ts)
        # One session today so the Today page has something to open.
        today = TasterSession(
            venue_id=venues[0].id,
            title=lessons[1].title,
            starts_at=now.replace(hour=18, minute=0),
            duration_minutes=120,
            lesson_ids=[lessons[1].id],
            hosts=["Pat Volunteer"],
            capacity=16,
            status="open",
        )
        planned.append(today)
        s.add_all(planned)
        s.flush()
        counts["sessions"] = len(planned)

        visits: dict[str, int] = {}
        pair_history = History()
        for ts in planned:
            if ts.starts_at > now:
                continue
            size = min(len(people), rng.randint(6, 14))
            present = rng.sample(people, size)
            for p in present:
                visits[p.id] = visits.get(p.id, 0) + 1
                s.add(
                    SignIn(
                        session_id=ts.id,
                        participant_id=p.id,
                        signed_in_at=_utc(ts.starts_at + timedelta(minutes=rng.randint(-10, 20))),
                        first_visit=visits[p.id] == 1,
                        as_helper=visits[p.id] >= 3 and rng.random() < 0.5,
                        source="kiosk",
                    )
                )
                counts["sign-ins"] += 1
                if rng.random() < 0.7:
                    s.add(
                        ExitCard(
                            session_id=ts.id,
                            participant_id=None if rng.random() < 0.3 else p.id,
                            rating=rng.choice((2, 3, 3, 3, 1)),
                            will_return=rng.choice(("yes", "yes", "maybe", "no")),
                            barriers=rng.sample(BARRIERS, rng.choice((0, 0, 1, 2))),
                            comment=rng.choice(COMMENTS),
                        )
                    )
                    counts["exit cards"] += 1
            rnd = PairingRound(session_id=ts.id, number=1, seed=rng.randint(0, 10_000))
            s.add(rnd)
            s.flush()
            counts["pairing rounds"] += 1
            earlier = {p.id: visits[p.id] - 1 for p in present}
            for g in demo_groups(present, earlier, pair_history, rnd.seed):
                s.add(PairingGroup(round_id=rnd.id, table_number=g.table, member_ids=list(g.members), reason=g.reason))
        for p in people:
            n = visits.get(p.id, 0)
            p.stage = "peer_helper" if n >= 4 else "returner" if n >= 2 else "newcomer"
    return counts
