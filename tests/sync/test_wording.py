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
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

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

    def _answer(self) -> None:
        self.send_response(self.status)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    do_GET = do_POST = _answer

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[callable]:
    """``server(status, content_type, body, tls_dir=None)`` -> the URL of a real server answering that."""
    running: list[http.server.ThreadingHTTPServer] = []

    def start(status: int, content_type: str, body: bytes, tls_dir: Path | None = None) -> str:
        handler = type("Handler", (Answer,), {"status": status, "content_type": content_type, "body": body})
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
    assert W.from_utc(datetime(2026, 3, 3, 14, 5)) == moment.astimezone().replace(tzinfo=None)


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
