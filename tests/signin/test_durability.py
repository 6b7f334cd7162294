"""An acknowledged sign-in survives the process being killed at any moment."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import ROOT

KILL_AFTER = 400


@pytest.mark.slow
def test_every_acknowledged_sign_in_survives_sigkill_midway(tmp_path):
    db_path = tmp_path / "onramp.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.signin.stress_signins", str(db_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    acked: list[str] = []
    try:
        header = proc.stdout.readline().split()
        assert header[:1] == ["ready"], proc.stderr.read()
        session_id = header[1]
        while len(acked) < KILL_AFTER:
            line = proc.stdout.readline()
            assert line.startswith("ack "), line + proc.stderr.read()
            acked.append(line.split()[1])
        os.kill(proc.pid, signal.SIGKILL)
        # Acknowledgements already written to the pipe before the kill count too.
        for line in proc.stdout.read().splitlines():
            if line.startswith("ack ") and len(line.split()) == 2 and len(line.split()[1]) == 36:
                acked.append(line.split()[1])
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert len(acked) < 1000, "the process finished before it could be killed midway"

    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {r[0] for r in conn.execute("SELECT id FROM sign_ins WHERE session_id = ?", (session_id,))}
        missing = set(acked) - stored
        assert not missing, f"{len(missing)} acknowledged sign-ins were lost"
        outbox = {r[0] for r in conn.execute("SELECT row_id FROM outbox WHERE table_name = 'sign_ins'")}
        assert set(acked) <= outbox  # each with its outbox entry, so it will reach the hub
    finally:
        conn.close()
