"""Every way a sync can fail reaches the host as one plain sentence with the hub's address and the local
time, and a refused or kept-aside change is named as the page it came from names it.

The failures are real: a port nobody listens on, a name that cannot resolve, a server that never
answers, a web server that is not a hub, a TLS server with a certificate nobody signed, and a real
hub that revoked the laptop.
"""

from __future__ import annotations

import errno
import http.server
import socket
import sqlite3
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from desktop import dates
from desktop.i18n import set_language
from desktop.sync import wording as W
from desktop.sync.client import HubClient, HubError
from tests.sync.conftest import enrolled, hub, laptops, org  # noqa: F401 - fixtures

AT = datetime(2026, 3, 3, 14, 5)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


def failure_of(url: str, call=lambda c: c.pull(0), token: str | None = "t", timeout: float = 5.0) -> HubError:
    with HubClient(url, token, timeout=timeout) as client, pytest.raises(HubError) as caught:
        call(client)
    return caught.value


def said(error: BaseException) -> str:
    return W.describe_failure(error, when=AT)


# Servers that are not a working hub ----------------------------------------------------------------


class Answer(http.server.BaseHTTPRequestHandler):
    status = 200
    content_type = "text/html"
    body = b"<html><body>Welcome to the library Wi-Fi</body></html>"

    health = b""  # what /healthz answers, when it answers otherwise than every other path

    def _answer(self) -> None:
        own = self.path.startswith("/healthz") and self.health
        body, content_type = (self.health, "application/json") if own else (self.body, self.content_type)
        self.send_response(200 if own else self.status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[callable]:
    """``server(status, content_type, body, tls_dir=None, health=b"")`` -> the URL of a real server
    answering that (and ``health`` at /healthz, when given)."""
    running: list[http.server.ThreadingHTTPServer] = []

    def start(status: int, content_type: str, body: bytes, tls_dir: Path | None = None, health: bytes = b"") -> str:
        fields = {"status": status, "content_type": content_type, "body": body, "health": health}
        handler = type("Handler", (Answer,), fields)
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        scheme = "http"
        if tls_dir is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(tls_dir / "cert.pem", tls_dir / "key.pem")
            httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
            scheme = "https"
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        running.append(httpd)
        return f"{scheme}://127.0.0.1:{httpd.server_address[1]}"

    yield start
    for httpd in running:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port held by this test and never listened on: a connection to it is refused."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    yield sock.getsockname()[1]
    sock.close()


def test_a_port_where_nothing_listens_is_a_hub_this_laptop_could_not_reach(closed_port):
    error = failure_of(f"http://127.0.0.1:{closed_port}")
    assert said(error) == (
        f"At 14:05 this laptop could not reach the hub at 127.0.0.1:{closed_port}. "
        "Check the Wi-Fi or phone hotspot, then try again."
    )


def test_an_address_that_does_not_resolve_asks_to_check_the_connection_and_the_address():
    error = failure_of("https://onramp-hub.invalid")  # .invalid never resolves (RFC 2606)
    assert said(error) == (
        "At 14:05 this laptop could not find the hub at onramp-hub.invalid. Check the Wi-Fi or phone "
        "hotspot, and that the address is typed right, then try again."
    )


def test_a_hub_that_never_answers_took_too_long():
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen(1)  # connections wait in the backlog; nothing ever answers them
    try:
        port = listening.getsockname()[1]
        error = failure_of(f"http://127.0.0.1:{port}", timeout=0.3)
    finally:
        listening.close()
    assert said(error) == (f"At 14:05 the hub at 127.0.0.1:{port} took too long to answer. The connection may be slow.")


@pytest.mark.parametrize(
    ("status", "content_type", "body"),
    [
        (200, "text/html", b"<html>Welcome to the library Wi-Fi</html>"),  # a sign-in page of a hotspot
        (404, "text/html", b"<html>Not found</html>"),
        (404, "application/json", b'{"detail": "Not Found"}'),  # another web service at that address
        (501, "text/html", b"<html>Not Implemented</html>"),  # a web server that does not take POST
        (405, "application/json", b'{"detail": "Method Not Allowed"}'),
        (500, "text/plain", b"Internal Server Error"),  # another application, failing
    ],
)
def test_an_address_that_answers_but_is_not_a_hub_says_so(server, status, content_type, body):
    url = server(status, content_type, body)
    for call in (lambda c: c.pull(0), lambda c: c.enrol("d", "laptop", code="ABCD")):
        error = failure_of(url, call)
        assert said(error) == (
            f"That address answers, but it is not an On-Ramp hub ({url.split('//')[1]}, at 14:05). "
            "Check the address with your organiser."
        )


def test_a_hubs_own_failure_in_no_shape_of_its_own_is_still_the_hubs(server):
    """A hub's unforeseen failure (a plain-text 500) is told apart from another server by its health check."""
    health = b'{"status": "ok", "protocol": 1, "version": "1.0"}'
    url = server(500, "text/plain", b"Internal Server Error", health=health)
    for call in (lambda c: c.pull(0), lambda c: c.enrol("d", "laptop", code="ABCD")):
        assert said(failure_of(url, call)) == (
            f"At 14:05 the hub at {url.split('//')[1]} had a problem of its own and could not finish."
        )


def test_a_certificate_nobody_signed_is_not_accepted(server, tmp_path):
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"),
            *("-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")),
        ],
        check=True,
        capture_output=True,
    )
    url = server(200, "application/json", b"{}", tls_dir=tmp_path)
    assert said(failure_of(url)) == (
        f"At 14:05 this laptop could not confirm that {url.split('//')[1]} is really your hub: its security "
        "certificate was not accepted. Check the address with your organiser, and that this laptop's date is right."
    )


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (500, "had a problem of its own and could not finish."),
        (503, "had a problem of its own and could not finish."),
        (409, "turned down changes that clash with ones it already holds."),
        (413, "refused something as too large to take."),
        (400, "turned down this laptop's request."),
    ],
)
def test_each_refusal_of_the_hub_is_one_plain_sentence(server, status, words):
    url = server(status, "application/json", b'{"detail": "field sign_ins.participant_id: errno 17", "errors": []}')
    sentence = said(failure_of(url))
    assert sentence.startswith(f"At 14:05 the hub at {url.split('//')[1]} {words}")
    for jargon in (str(status), "sign_ins", "participant_id", "errno", "HTTP", "UTC"):
        assert jargon not in sentence


def test_an_answer_that_is_not_the_protocols_could_not_be_understood(server):
    url = server(200, "application/json", b'{"hello": "world"}')
    assert said(failure_of(url)) == (
        f"At 14:05 the answer from {url.split('//')[1]} could not be understood. The address may be wrong, "
        "or this app or the hub may need updating."
    )


def test_a_revoked_laptop_is_told_to_enrol_again(hub, org, laptops):
    from desktop.sync.client import NotEnrolled
    from desktop.sync.engine import sync_once
    from hub import admin

    (laptop,) = enrolled(hub, org, laptops(1))
    admin.revoke(hub.engine, laptop.db.device_id, org)
    with pytest.raises(NotEnrolled) as caught:
        sync_once(laptop.db)
    assert said(caught.value) == (
        f"At 14:05 the hub at 127.0.0.1:{hub.port} no longer accepted this laptop: it was taken off the hub, "
        "or needs enrolling again. Ask your organiser for a new enrolment code and enrol it on the Sync page. "
        "Nothing recorded here is lost."
    )


def test_a_wrong_enrolment_code_is_named_as_such(hub, org, laptops):
    from desktop.sync.engine import enrol

    hub.org(org)
    (laptop,) = laptops(1)
    with pytest.raises(HubError) as caught:
        enrol(laptop.db, hub.url, "WRONG-CODE-0000")
    assert str(caught.value) == (
        f"That enrolment code is not known to the hub at 127.0.0.1:{hub.port}. "
        "Check it, or ask your organiser for a new one."
    )


def test_a_full_disk_says_to_free_space_whatever_raised_it():
    for error in (
        OSError(errno.ENOSPC, "No space left on device"),
        sqlite3.OperationalError("database or disk is full"),
    ):
        assert W.describe_failure(error, "https://hub.example.org", AT) == (
            "At 14:05 this laptop ran out of storage space while syncing. Free some space (empty the "
            "wastebasket, remove old downloads), then sync again. Nothing recorded was lost."
        )


def test_the_sentence_follows_the_apps_language(closed_port):
    error = failure_of(f"http://127.0.0.1:{closed_port}")
    set_language("es")
    sentence = said(error)
    assert sentence.startswith("A las 14:05") and f"127.0.0.1:{closed_port}" in sentence
    assert "could not" not in sentence


def test_the_time_is_this_laptops_local_time():
    from datetime import UTC

    moment = datetime(2026, 3, 3, 14, 5, tzinfo=UTC)
    assert W.local_time(moment) == moment.astimezone().strftime("%H:%M")
    assert dates.from_utc(datetime(2026, 3, 3, 14, 5)) == moment.astimezone().replace(tzinfo=None)


# Records -------------------------------------------------------------------------------------------


def test_a_sign_in_is_named_by_the_person_the_day_and_the_venue(db):
    from desktop.sessions.planning import SessionDraft, create_session
    from desktop.sessions.venues import VenueDraft, create_venue
    from desktop.signin.attendance import sign_in
    from desktop.signin.people import ParticipantDraft, register_participant

    with db.transaction() as s:
        venue = create_venue(s, VenueDraft(name="St Mary's"))
        session = create_session(s, SessionDraft(venue_id=venue.id, title="Email", starts_at=datetime(2026, 3, 3, 18)))
        ana = register_participant(s, ParticipantDraft(first_name="Ana"))
        signed = sign_in(s, session.id, ana.id)
        assert W.describe_record(s, "sign_ins", signed.sign_in_id) == (
            "A sign-in for Ana at the session on Tuesday 3 March at St Mary's"
        )
        assert W.describe_record(s, "venues", venue.id) == "The venue “St Mary's”"
        assert W.describe_record(s, "sign_ins", "no-such-row") == "A sign-in"
        assert W.describe_record(s, "robots", "r1") == "A record from a newer version of On-Ramp"
        set_language("es")
        assert W.describe_record(s, "sign_ins", signed.sign_in_id).startswith("Un registro de entrada de Ana")
        assert "martes 3 de marzo" in W.describe_record(s, "sign_ins", signed.sign_in_id)


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("unknown field venues.colour", "This hub is older than this app"),
        ("field sessions.status: not one of planned, open, closed", "The hub could not accept its status."),
        ("field sign_ins.came_with: longer than 200", "The hub could not accept one of its details."),
        ("erased: this person's details were erased at their request", "erased at their request"),
        ("The request is larger than this hub accepts.", "too large for the hub"),
        ("something nobody foresaw", "The hub could not accept it."),
    ],
)
def test_a_refusal_names_no_table_or_field(reason, words):
    plain = W.describe_refusal(reason)
    assert words in plain
    for jargon in ("venues", "colour", "sessions.", "sign_ins", "came_with", "not one of"):
        assert jargon not in plain


# Values ---------------------------------------------------------------------------------------------


@pytest.fixture
def away_from_utc(monkeypatch) -> Iterator[None]:
    """This laptop's clock six hours behind UTC, so a time left in UTC cannot pass for local."""
    monkeypatch.setenv("TZ", "UTC+6")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_value_is_shown_by_its_fields_type_with_names_for_ids(db, away_from_utc):
    from desktop.models import Lesson, Participant, TasterSession, Venue

    with db.transaction() as s:
        venue = Venue(name="St Mary's")
        ana, luis = Participant(first_name="Ana", last_name="Ruiz"), Participant(first_name="Luis")
        lesson = Lesson(slug="email", title="Email")
        s.add_all([venue, ana, luis, lesson])
        s.flush()
        session = TasterSession(venue_id=venue.id, title="Email", starts_at=datetime(2026, 3, 3, 18))
        s.add(session)
        s.flush()
        consent_utc = datetime(2026, 7, 1, 10, 0)
        assert W.describe_value(s, "participants", "contact_consent_at", consent_utc.isoformat()) == (
            "Wednesday 1 July 2026, 04:00"
        )
        # A session's start is the venue's wall-clock time: shown as it is.
        assert W.describe_value(s, "sessions", "starts_at", "2026-12-01T19:00:00") == "Tuesday 1 December 2026, 19:00"
        assert W.describe_value(s, "follow_ups", "followed_up_on", "2026-03-03") == "Tuesday 3 March 2026"
        assert W.describe_value(s, "participants", "contact_consent", True) == "yes"
        assert W.describe_value(s, "venues", "step_free", False) == "no"
        assert W.describe_value(s, "venues", "offers", ["childcare", "food", "wifi"]) == "childcare, food and wifi"
        assert W.describe_value(s, "sessions", "venue_id", venue.id) == "St Mary's"
        assert W.describe_value(s, "sessions", "lesson_ids", [lesson.id]) == "Email"
        assert W.describe_value(s, "pairing_groups", "member_ids", [ana.id, luis.id]) == "Ana Ruiz and Luis"
        assert W.describe_value(s, "sign_ins", "session_id", session.id) == (
            "the session on Tuesday 3 March at St Mary's"
        )
        assert W.describe_value(s, "sign_ins", "participant_id", "gone") == "one no longer on this laptop"
        assert W.describe_value(s, "participants", "languages", ["en", "es"]) == "English and Spanish"
        assert W.describe_value(s, "lessons", "title", "x" * 80) == "x" * 57 + "…"
        set_language("es")
        assert W.describe_value(s, "sessions", "starts_at", "2026-12-01T19:00:00") == (
            "martes 1 de diciembre de 2026, 19:00"
        )
        assert W.describe_value(s, "participants", "contact_consent", False) == "no"
        assert W.describe_value(s, "pairing_groups", "member_ids", [ana.id, luis.id]) == "Ana Ruiz y Luis"
