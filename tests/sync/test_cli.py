"""``onramp enrol`` and ``onramp sync`` as a host would type them, against a real hub."""

from __future__ import annotations

from tests.helpers import run_onramp
from tests.hubtools import hub_rows


def test_enrol_then_sync_from_the_command_line(hub, org, tmp_path):
    hub.org(org)
    laptop = tmp_path / "laptop"
    assert run_onramp("demo", "--participants", "8", "--sessions", "2", data_dir=laptop).returncode == 0
    enrolled = run_onramp("enrol", hub.url, hub.code(org).lower(), "--name", "Front desk", data_dir=laptop)
    assert enrolled.returncode == 0, enrolled.stderr
    assert org in enrolled.stdout
    synced = run_onramp("sync", data_dir=laptop)
    assert synced.returncode == 0, synced.stderr
    assert "Sent" in synced.stdout and "refused" in synced.stdout
    assert any(table == "participants" for table, _ in hub_rows(hub.engine, org))
    again = run_onramp("sync", data_dir=laptop)
    assert "Sent 0 changes" in again.stdout


def test_sync_before_enrolling_says_how_to_enrol(tmp_path):
    result = run_onramp("sync", data_dir=tmp_path / "laptop")
    assert result.returncode == 2
    assert "onramp enrol" in result.stderr and "Traceback" not in result.stderr


def test_enrolling_with_a_bad_code_or_address_gives_a_plain_message(hub, org, tmp_path):
    hub.org(org)
    bad_code = run_onramp("enrol", hub.url, "NOPE-NOPE-NOPE", data_dir=tmp_path / "a")
    assert bad_code.returncode == 1 and "not known" in bad_code.stderr
    bad_url = run_onramp("enrol", "not a url", "ABCD-EFGH", data_dir=tmp_path / "b")
    assert bad_url.returncode == 1 and "web address" in bad_url.stderr
    nobody = run_onramp("enrol", "http://127.0.0.1:9", "ABCD-EFGH", data_dir=tmp_path / "c")
    assert nobody.returncode == 1 and "could not reach the hub" in nobody.stderr
    assert not any("Traceback" in r.stderr for r in (bad_code, bad_url, nobody))
