"""A hostile user of each role against a real hub over HTTP: odd ids and dates in the address and the
form are a plain page (not found, or the form asking again), never the hub's 500."""

from __future__ import annotations

import itertools

import pytest

from hub import accounts
from tests.hub.test_web_auth import form_token, person, signed_in

_funders = itertools.count(1)


@pytest.mark.parametrize("page", ["/health", "/attention", "/report", "/report.csv", "/barriers"])
@pytest.mark.parametrize(
    "org_id",
    [
        "\u00b2",  # a superscript two: str.isdigit() says yes, int() says no
        "9" * 5000,  # more digits than int() reads
        "9" * 30,  # more than any database integer
    ],
    ids=["superscript", "5000-digits", "30-digits"],
)
def test_an_organisation_id_that_is_not_a_plain_number_is_not_found_never_a_500(hub, org, page, org_id):
    client = signed_in(hub, person(hub, org=hub.org(org)))
    answer = client.get(page, params={"org": org_id})
    assert answer.status_code == 404, answer.text[-400:]
    assert "Page not found" in answer.text


@pytest.mark.parametrize("page", ["/report", "/report.csv", "/barriers"])
@pytest.mark.parametrize(
    "days", [("9999-12-01", "9999-12-31"), ("9999-01-01", "9999-12-31")], ids=["last-month", "last-year"]
)
def test_a_report_for_the_calendar_s_last_days_asks_for_the_dates_again(hub, org, page, days):
    client = signed_in(hub, person(hub, org=hub.org(org)))
    answer = client.get(page, params={"from": days[0], "to": days[1]}, follow_redirects=True)
    assert answer.status_code == 200, answer.text[-400:]
    assert 'href="#from"' in answer.text and 'href="#to"' in answer.text  # the error summary links to both boxes


@pytest.mark.parametrize("page", ["/funder", "/funder.csv"])
@pytest.mark.parametrize(
    "days,by",
    [(("9999-12-01", "9999-12-31"), "month"), (("9999-10-01", "9999-12-31"), "quarter")],
    ids=["month", "quarter"],
)
def test_a_funder_asking_for_the_calendar_s_last_days_is_asked_for_the_dates_again(hub, org, page, days, by):
    funder = f"Fund {next(_funders)}"
    accounts.create_funder(hub.engine, funder)
    accounts.set_funder_opt_in(hub.engine, hub.org(org), funder, True)
    client = signed_in(hub, person(hub, "funder", funder=funder))
    answer = client.get(page, params={"start": days[0], "end": days[1], "by": by}, follow_redirects=True)
    assert answer.status_code == 200, answer.text[-400:]
    assert 'href="#start"' in answer.text and 'href="#end"' in answer.text


@pytest.mark.parametrize("action", ["disable", "enable", "invite"])
def test_an_account_id_beyond_any_database_integer_is_not_found(hub, org, action):
    client = signed_in(hub, person(hub, org=hub.org(org)))
    token = form_token(client.get("/users").text)
    answer = client.post(f"/users/{'9' * 30}/{action}", data={"csrf_token": token})
    assert answer.status_code == 404, answer.text[-400:]
