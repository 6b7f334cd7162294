"""Believable demo data: venues of every kind, sessions past and upcoming, people from many places.

Every report has something to show: months of fortnightly sessions at each venue; regulars, helpers, a
co-host and a host; people who stopped coming (some who agreed to be contacted, some not, a few
already followed up); two venues that changed something (a crèche, food) with attendance and the
barrier it answers visibly different before and after; and sessions counted at the kiosk, by the host,
from a paper sheet (with its row codes) and, once, from the host's estimate. The same seed makes the
same data. Records are made through the domain's own functions, so the demo follows the rules.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from desktop import learning
from desktop.handouts.data import session_short_code
from desktop.learning import InterventionDraft
from desktop.models import (
    BARRIERS,
    HEARD_FROM,
    Database,
    ExitCard,
    Lesson,
    PairingGroup,
    PairingRound,
    Participant,
    TasterSession,
    Venue,
)
from desktop.models.base import new_id
from desktop.pairing.demo import demo_groups
from desktop.pairing.model import History
from desktop.signin.attendance import sign_in
from desktop.signin.paper import sheet_row_code
from desktop.text import digits, fold
from desktop.vocabulary import INTERVENTION_BARRIER

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


HOST = "Pat Volunteer"
FORTNIGHT = 14  # days between two sessions at one venue

# What two venues changed two thirds of the way through their history, as (venue, kind, description).
INTERVENTIONS = (
    (1, "childcare", "A crèche in the side room, run by two parents from the church."),
    (4, "food", "Soup and sandwiches from the union kitchen before each session."),
)
ESTIMATE_VENUE = 2  # one week the salon's laptop was away for repair: the host counted heads instead
PAPER_VENUES = (3, 5)  # one week the kiosk was not set up: everyone signed the printed sheet

# A person's part in their venue's story, by their place among the people who call it home.
ROLES = ("leader", "helper", "regular", "lapsed", "lapsed_no_contact", "newcomer")
OCCASIONAL = "occasional"
COMES = {"leader": 0.95, "helper": 0.85, "regular": 0.75, OCCASIONAL: 0.35}
FOLLOW_UP_NOTES = ("Called: she has a new job on Saturdays, will try the evening sessions.", "Left a message.")


@dataclass
class Home:
    """One venue's sessions, oldest first, and the people who usually come there."""

    venue: Venue
    past: list[TasterSession] = field(default_factory=list)
    people: list[tuple[Participant, str]] = field(default_factory=list)  # (person, role)
    changed_at: int | None = None  # index in ``past`` of the first session after its intervention
    barrier: str = ""  # the barrier its intervention answers

    def person(self, role: str) -> Participant | None:
        return next((p for p, r in self.people if r == role), None)


def _utc(local: datetime) -> datetime:
    """A local wall-clock time as the naive UTC the records keep (sessions alone keep the venue's time)."""
    return local.astimezone(UTC).replace(tzinfo=None)


def _role(index_at_venue: int) -> str:
    return ROLES[index_at_venue] if index_at_venue < len(ROLES) else OCCASIONAL


def _comes(rng: random.Random, home: Home, role: str, k: int) -> bool:
    """Whether someone of ``role`` comes to the ``k``-th session at their venue."""
    n = len(home.past)
    if role == "newcomer":
        return k == n - 1
    if role.startswith("lapsed") and n >= 5:
        # Came at least twice, then stopped before the venue's last three sessions.
        return k < 2 or (k < n - 4 and rng.random() < 0.6)
    if role == OCCASIONAL and home.changed_at is not None:
        # The people the change was for: hardly ever before it, most weeks after.
        return rng.random() < (0.8 if k >= home.changed_at else 0.1)
    return rng.random() < COMES.get(role, COMES[OCCASIONAL])


def _venues(rng: random.Random) -> list[Venue]:
    return [
        Venue(
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
        for name, kind, address, langs, offers in VENUES
    ]


def _person(rng: random.Random, i: int, role: str, now: datetime) -> Participant:
    first, last = FIRST_LAST[i % len(FIRST_LAST)]
    if i >= len(FIRST_LAST):
        first = f"{first} {i // len(FIRST_LAST) + 1}"
    phone = f"+1 555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}" if rng.random() < 0.5 else ""
    if role.startswith("lapsed") and not phone:
        phone = f"+1 555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
    consent = bool(phone) and role != "lapsed_no_contact"  # a number given, but no yes to being called
    p = Participant(
        first_name=first,
        last_name=last,
        phone=phone,
        phone_last4=digits(phone)[-4:],
        contact_consent=consent,
        contact_consent_text="You may contact me about future sessions." if consent else "",
        contact_consent_at=_utc(now - timedelta(days=rng.randint(1, 300))) if consent else None,
        experience=rng.choice(("never", "never", "a_little", "some")),
        languages=rng.choice((["en"], ["en"], ["es"], ["en", "es"], ["vi", "en"], ["zh"], ["ar", "en"], ["uk", "en"])),
        heard_from=rng.choice(HEARD_FROM),
        photo_consent=rng.choice((True, False, None)),
        search_key=fold(f"{first} {last}"),
    )
    p.language = p.languages[0]
    return p


def _schedule(
    rng: random.Random, homes: list[Home], lessons: list[Lesson], sessions: int, now: datetime
) -> list[TasterSession]:
    """Fortnightly sessions at every venue: three in four already held (oldest first), the rest to come."""
    made: list[TasterSession] = []
    for v, home in enumerate(homes):
        n = sessions // len(homes) + (1 if v < sessions % len(homes) else 0)
        held = n - n // 4
        for k in range(n):
            weeks_away = (k - held) * FORTNIGHT if k < held else (k - held) * FORTNIGHT + 7
            when = (now + timedelta(days=weeks_away + rng.randint(-2, 2))).replace(hour=rng.choice((10, 13, 18)))
            lesson = rng.choice(lessons)
            ts = TasterSession(
                venue_id=home.venue.id,
                title=lesson.title,
                starts_at=when.replace(minute=0),
                duration_minutes=lesson.minutes + 30,
                lesson_ids=[lesson.id],
                hosts=[HOST],
                capacity=rng.choice((8, 12, 16)),
                language=lesson.language,
                status="open" if k < held else "planned",  # closed once its sign-ins are in
            )
            made.append(ts)
            if k < held:
                home.past.append(ts)
    return made


def _exit_card(rng: random.Random, home: Home, k: int, ts: TasterSession, person: Participant) -> ExitCard:
    barriers = rng.sample(BARRIERS, rng.choice((0, 0, 1, 2)))
    if home.barrier:
        # The barrier the change answers: named on most cards before it, on few after.
        barriers = [b for b in barriers if b != home.barrier]
        if rng.random() < (0.08 if home.changed_at is not None and k >= home.changed_at else 0.6):
            barriers.append(home.barrier)
    return ExitCard(
        session_id=ts.id,
        participant_id=None if rng.random() < 0.3 else person.id,
        rating=rng.choice((2, 3, 3, 3, 1)),
        will_return=rng.choice(("yes", "yes", "maybe", "no")),
        barriers=barriers,
        comment=rng.choice(COMMENTS),
    )


def _ladder_steps(s: Session, homes: list[Home], visits: dict[str, list[TasterSession]]) -> int:
    """The venues' leaders on their way: one host, one co-host, one helper who said yes to helping."""
    steps: list[tuple[Participant | None, list[tuple[int, str, bool]]]] = [
        # (person, [(which of their visits, step, whether the step happened at that session)])
        (
            homes[0].person("leader"),
            [
                (-4, "invited_to_co_host", False),
                (-3, "co_hosted", True),
                (-2, "invited_to_host", False),
                (-1, "hosted", True),
            ],
        ),
        (
            homes[1].person("leader") if len(homes) > 1 else None,
            [(-3, "invited_to_co_host", False), (-2, "agreed_to_co_host", False), (-1, "co_hosted", True)],
        ),
        (
            homes[2].person("helper") if len(homes) > 2 else None,
            [(1, "invited_to_help", False), (2, "agreed_to_help", False)],
        ),
    ]
    made = 0
    for person, path in steps:
        came = visits.get(person.id, []) if person is not None else []
        if person is None or len(came) < 4:
            continue
        for which, kind, at_session in path:
            ts = came[which]
            learning.record_ladder_step(s, person.id, kind, ts.starts_at.date(), ts.id if at_session else None, by=HOST)
            made += 1
    return made


def fill_demo(
    db: Database,
    *,
    participants: int = 60,
    sessions: int = 56,
    seed: int = 7,
    now: datetime | None = None,
) -> dict[str, int]:
    """Add demo records through the domain (so they carry clock values and outbox entries)."""
    rng = random.Random(seed)
    now = (now or datetime.now()).replace(second=0, microsecond=0)
    counts = dict.fromkeys(
        (
            "venues",
            "sessions",
            "lessons",
            "participants",
            "sign-ins",
            "exit cards",
            "pairing rounds",
            "interventions",
            "follow-ups",
            "ladder steps",
        ),
        0,
    )
    with db.transaction() as s:
        venues = _venues(rng)
        s.add_all(venues)
        homes = [Home(v) for v in venues]
        # The starter lessons that ship with On-Ramp, as a host would have them.
        from desktop.lessons.library import install_starter_lessons

        installed = install_starter_lessons(s)
        lessons = [s.get_one(Lesson, i) for i in [*installed.lesson_ids, *installed.skipped]]
        counts["venues"], counts["lessons"] = len(venues), len(lessons)

        people = []
        for i in range(participants):
            home = homes[i % len(homes)]
            role = _role(i // len(homes))
            p = _person(rng, i, role, now)
            home.people.append((p, role))
            people.append(p)
        s.add_all(people)
        counts["participants"] = len(people)

        planned = _schedule(rng, homes, lessons, sessions, now)
        # One session today so the Today page has something to open.
        today = TasterSession(
            venue_id=venues[0].id,
            title=lessons[1].title,
            starts_at=now.replace(hour=18, minute=0),
            duration_minutes=120,
            lesson_ids=[lessons[1].id],
            hosts=[HOST],
            capacity=16,
            status="open",
        )
        planned.append(today)
        s.add_all(planned)
        s.flush()
        counts["sessions"] = len(planned)

        for venue_index, kind, description in INTERVENTIONS:
            if venue_index >= len(homes) or len(homes[venue_index].past) < 4:
                continue  # too little history to show a before and an after
            home = homes[venue_index]
            home.changed_at = len(home.past) * 2 // 3  # the windows either side start after its first weeks
            home.barrier = INTERVENTION_BARRIER.get(kind, "")
            starts_on = home.past[home.changed_at].starts_at.date()
            draft = InterventionDraft(home.venue.id, kind, description, starts_on)
            learning.record_intervention(s, draft, by=HOST)
            counts["interventions"] += 1

        # Who came to each session held, venue by venue.
        estimated = homes[ESTIMATE_VENUE].past[-2] if len(homes[ESTIMATE_VENUE].past) >= 3 else None
        attendees: dict[str, list[tuple[Participant, str]]] = {}
        where: dict[str, tuple[Home, int]] = {}
        for home in homes:
            for k, ts in enumerate(home.past):
                where[ts.id] = (home, k)
                if ts is estimated:
                    attendees[ts.id] = []
                    continue
                came = [(p, role) for p, role in home.people if _comes(rng, home, role, k)]
                for p, role in home.people:  # a session nobody came to would read as skipped
                    if len(came) < 2 and role in ("leader", "regular") and (p, role) not in came:
                        came.append((p, role))
                attendees[ts.id] = came
        if today.starts_at <= now:
            attendees[today.id] = [(p, r) for p, r in homes[0].people if r in ("leader", "helper", "regular")]
            where[today.id] = (homes[0], len(homes[0].past))

        visits: dict[str, list[TasterSession]] = {}
        pair_history = History()
        exit_cards: list[ExitCard] = []
        rounds: list[PairingRound] = []
        groups: list[PairingGroup] = []
        for ts in sorted((t for t in planned if t.id in attendees), key=lambda t: t.starts_at):
            home, k = where[ts.id]
            on_paper = ts.venue_id in {homes[v].venue.id for v in PAPER_VENUES if v < len(homes)} and k == 1
            present = [p for p, _role in attendees[ts.id]]
            for row, (p, role) in enumerate(attendees[ts.id], start=1):
                their_visits = visits.setdefault(p.id, [])
                their_visits.append(ts)
                source = "paper" if on_paper else "host" if rng.random() < 0.15 else "kiosk"
                sign_in(
                    s,
                    ts.id,
                    p.id,
                    source=source,
                    as_helper=(role == "leader" and len(their_visits) >= 3)
                    or (role == "helper" and len(their_visits) >= 4),
                    now=_utc(ts.starts_at + timedelta(minutes=rng.randint(-10, 20))),
                    row_code=sheet_row_code(session_short_code(ts.id), row) if on_paper else "",
                )
                counts["sign-ins"] += 1
                if rng.random() < 0.7 and ts is not today:
                    exit_cards.append(_exit_card(rng, home, k, ts, p))
            if len(present) >= 2:
                rnd = PairingRound(id=new_id(), session_id=ts.id, number=1, seed=rng.randint(0, 10_000))
                earlier = {p.id: len(visits[p.id]) - 1 for p in present}
                seated = [
                    PairingGroup(round_id=rnd.id, table_number=g.table, member_ids=list(g.members), reason=g.reason)
                    for g in demo_groups(present, earlier, pair_history, rnd.seed)
                ]
                if seated:  # a host keeps a round that seats people; the demo too
                    rounds.append(rnd)
                    groups += seated
        # Added once the sign-ins are in: one flush for them all, rounds before their groups.
        s.add_all(rounds)
        s.flush()
        s.add_all([*groups, *exit_cards])
        counts["pairing rounds"] = len(rounds)
        counts["exit cards"] = len(exit_cards)
        for home in homes:
            for ts in home.past:
                ts.status = "closed"
        s.flush()
        if estimated is not None:
            learning.set_headcount_estimate(s, estimated.id, 9)

        counts["ladder steps"] = _ladder_steps(s, homes, visits)
        # Someone reached out to a few of the people who stopped coming (only those who said yes to it).
        for home, note in zip(homes[:2], FOLLOW_UP_NOTES, strict=False):
            person = home.person("lapsed")
            if person is not None and person.contact_consent and len(visits.get(person.id, [])) >= 2:
                learning.mark_followed_up(s, person.id, (now - timedelta(days=3)).date(), note, by=HOST)
                counts["follow-ups"] += 1
    return counts
