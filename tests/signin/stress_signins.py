"""Run by test_durability: sign 1,000 people in as fast as possible, printing each acknowledgement.

``python -m tests.signin.stress_signins DB_PATH``. Each "ack <id>" line is printed
only after its transaction has committed, exactly as the kiosk says welcome.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from desktop.models import Participant, open_database
from desktop.sessions.planning import SessionDraft, create_session, open_session
from desktop.sessions.venues import VenueDraft, create_venue
from desktop.signin.attendance import sign_in

PEOPLE = 1000


def main(path: str) -> None:
    db = open_database(Path(path))
    with db.transaction() as s:
        venue = create_venue(s, VenueDraft(name="Eastside Branch Library", kind="library"))
        ts = create_session(s, SessionDraft(venue_id=venue.id, starts_at=datetime.now()))
        open_session(s, ts.id)
        people = [Participant(first_name=f"Person {i}") for i in range(PEOPLE)]
        s.add_all(people)
    print("ready", ts.id, flush=True)
    for p in people:
        with db.transaction() as s:
            result = sign_in(s, ts.id, p.id)
        sys.stdout.write(f"ack {result.sign_in_id}\n")
        sys.stdout.flush()
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
