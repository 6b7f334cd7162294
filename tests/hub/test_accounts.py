"""Accounts on a real SQLite hub store: invites, passwords, sign-in limits, sessions, and the commands."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hub import accounts, admin
from hub.__main__ import main
from hub.accounts_store import audit_log, users
from hub.admin import AdminError
from hub.store import open_store, reading

PASSWORD = "correct horse battery"


@pytest.fixture
def engine(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    admin.create_org(engine, "East")
    yield engine
    engine.dispose()


def _account(engine, email="ana@example.org", role="org_admin", **kw):
    kw.setdefault("org", "East" if role in ("org_admin", "coordinator") else None)
    _user_id, token = accounts.create_user(engine, email, role, **kw)
    accounts.accept_invite(engine, token, PASSWORD)
    return email


def test_an_invite_works_once_and_a_new_one_retires_the_old(engine):
    _user_id, first = accounts.create_user(engine, "Ana@Example.org ", "org_admin", org="East")
    second = accounts.invite_again(engine, "ana@example.org")
    assert accounts.invited_user(engine, first) is None
    assert accounts.invited_user(engine, second).email == "ana@example.org"
    accounts.accept_invite(engine, second, PASSWORD)
    with pytest.raises(AdminError):
        accounts.accept_invite(engine, second, "another long password")
    assert accounts.sign_in(engine, "ana@example.org", PASSWORD, "10.0.0.1") is not None


def test_a_password_is_stored_as_argon2id_and_never_in_plain(engine, tmp_path):
    _account(engine)
    with reading(engine) as conn:
        stored = conn.execute(select(users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    engine.dispose()
    for path in tmp_path.glob("hub.sqlite3*"):
        assert PASSWORD.encode() not in path.read_bytes()


def test_a_short_password_is_refused_and_the_invite_stays_usable(engine):
    _user_id, token = accounts.create_user(engine, "ana@example.org", "org_admin", org="East")
    with pytest.raises(AdminError, match="at least 10"):
        accounts.accept_invite(engine, token, "short")
    assert accounts.invited_user(engine, token) is not None


def test_the_sixth_wrong_password_in_a_row_is_refused_even_when_right(engine):
    email = _account(engine)
    for _ in range(accounts.FAILURE_LIMIT):
        assert accounts.sign_in(engine, email, "wrong password!", "10.0.0.1") is None
    with pytest.raises(accounts.TooManyAttempts):
        accounts.sign_in(engine, email, PASSWORD, "10.0.0.1")
    with pytest.raises(accounts.TooManyAttempts):  # another computer, the same account
        accounts.sign_in(engine, email, PASSWORD, "10.0.0.2")


def test_one_client_spraying_many_accounts_is_stopped_too(engine):
    emails = [_account(engine, f"p{i}@example.org") for i in range(accounts.FAILURE_LIMIT + 1)]
    for email in emails[:-1]:
        assert accounts.sign_in(engine, email, "wrong password!", "10.0.0.9") is None
    with pytest.raises(accounts.TooManyAttempts):
        accounts.sign_in(engine, emails[-1], PASSWORD, "10.0.0.9")
    assert accounts.sign_in(engine, emails[-1], PASSWORD, "10.0.0.10") is not None


def test_signing_out_disabling_and_revoking_end_sessions_at_once(engine):
    email = _account(engine)
    signed, token = accounts.sign_in(engine, email, PASSWORD, "c")
    assert accounts.session_for(engine, token).user.email == email
    accounts.sign_out(engine, signed.session_id)
    assert accounts.session_for(engine, token) is None

    _signed, token = accounts.sign_in(engine, email, PASSWORD, "c")
    accounts.revoke_sessions(engine, email)
    assert accounts.session_for(engine, token) is None

    _signed, token = accounts.sign_in(engine, email, PASSWORD, "c")
    accounts.set_disabled(engine, email, True)
    assert accounts.session_for(engine, token) is None
    assert accounts.sign_in(engine, email, PASSWORD, "c") is None
    accounts.set_disabled(engine, email, False)
    assert accounts.sign_in(engine, email, PASSWORD, "c") is not None


def test_accepting_a_new_invite_ends_the_sessions_of_the_old_password(engine):
    email = _account(engine)
    _signed, token = accounts.sign_in(engine, email, PASSWORD, "c")
    accounts.accept_invite(engine, accounts.invite_again(engine, email), "a brand new password")
    assert accounts.session_for(engine, token) is None
    assert accounts.sign_in(engine, email, PASSWORD, "c") is None


@pytest.mark.parametrize(
    ("role", "kw", "complaint"),
    [
        ("org_admin", {}, "needs --org"),
        ("coordinator", {}, "needs --org"),
        ("funder", {}, "needs --funder"),
        ("hub_admin", {"org": "East"}, "no organisation"),
        ("coordinator", {"org": "East", "chapter_names": ["Nowhere"]}, "no chapter"),
        ("org_admin", {"org": "Nowhere"}, "No organisation"),
        ("boss", {}, "role must be"),
    ],
)
def test_an_account_that_cannot_be_is_refused_and_nothing_is_kept(engine, role, kw, complaint):
    with pytest.raises(AdminError, match=complaint):
        accounts.create_user(engine, "x@example.org", role, **kw)
    assert accounts.list_users(engine) == []


def test_every_change_of_access_is_in_the_audit_log(engine):
    accounts.create_funder(engine, "City Fund")
    accounts.set_funder_opt_in(engine, "East", "City Fund", True)
    accounts.create_chapter(engine, "East", "North", ["v1", "v2"])
    email = _account(engine, "c@example.org", "coordinator", chapter_names=["North"])
    accounts.set_disabled(engine, email, True)
    with reading(engine) as conn:
        actions = list(conn.execute(select(audit_log.c.action).order_by(audit_log.c.id)).scalars())
    assert actions == [
        "funder created",
        "funder opt-in",
        "chapter created",
        "user created",
        "password set",
        "user disabled",
    ]


# The command line ---------------------------------------------------------------------------------


def _run(engine, capsys, *argv: str) -> tuple[int, str, str]:
    status = main(["--database-url", engine.url.render_as_string(hide_password=False), *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_user_create_prints_a_working_invite_link_on_the_public_url(engine, capsys, monkeypatch):
    monkeypatch.setenv("ONRAMP_HUB_PUBLIC_URL", "https://hub.example.org/")
    status, out, _err = _run(
        engine, capsys, "user", "create", "ana@example.org", "--role", "org_admin", "--org", "East"
    )
    assert status == 0
    link = out.strip()
    assert link.startswith("https://hub.example.org/invite/")
    assert accounts.invited_user(engine, link.rsplit("/", 1)[1]).email == "ana@example.org"

    status, out, _err = _run(engine, capsys, "user", "invite", "ana@example.org", "--base-url", "http://10.0.0.5:8765")
    assert status == 0 and out.startswith("http://10.0.0.5:8765/invite/")
    assert accounts.invited_user(engine, link.rsplit("/", 1)[1]) is None


def test_chapter_funder_and_opt_in_commands_then_a_coordinator_of_the_chapter(engine, capsys):
    assert _run(engine, capsys, "chapter", "create", "--org", "East", "North", "--venue", "v1", "--venue", "v2")[0] == 0
    assert _run(engine, capsys, "funder", "create", "City Fund")[0] == 0
    assert _run(engine, capsys, "funder", "opt-in", "--org", "East", "--funder", "City Fund")[0] == 0
    status, _out, _err = _run(
        engine,
        capsys,
        "user",
        "create",
        "c@example.org",
        "--role",
        "coordinator",
        "--org",
        "East",
        "--chapter",
        "North",
    )
    assert status == 0
    assert _run(engine, capsys, "user", "disable", "c@example.org")[0] == 0
    status, out, _err = _run(engine, capsys, "user", "list")
    assert "c@example.org\tcoordinator  disabled" in out
    assert _run(engine, capsys, "user", "sign-out", "c@example.org")[0] == 0


@pytest.mark.parametrize(
    "argv",
    [
        ("user", "create", "x@example.org", "--role", "org_admin"),
        ("user", "disable", "nobody@example.org"),
        ("user", "invite", "nobody@example.org"),
        ("funder", "opt-in", "--org", "East", "--funder", "Nobody"),
        ("chapter", "create", "--org", "Nowhere", "North"),
    ],
)
def test_a_refused_command_says_why_in_one_line_with_status_2(engine, capsys, argv):
    status, out, err = _run(engine, capsys, *argv)
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
