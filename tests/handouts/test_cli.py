"""`onramp handout` from a shell: PDFs written, and plain messages (never a traceback) for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.handouts.conftest import SAMPLE_LESSON, pdf_reader, pdf_text
from tests.helpers import run_onramp


def test_lesson_file_to_learner_and_large_print_host_copy(tmp_path: Path, data_dir: Path):
    out = tmp_path / "learner.pdf"
    r = run_onramp("handout", str(SAMPLE_LESSON), "--out", str(out), "--paper", "letter", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "SECRET-SOLUTION" not in pdf_text(out.read_bytes())
    assert round(float(pdf_reader(out.read_bytes()).pages[0].mediabox.width)) == 612
    host = tmp_path / "host.pdf"
    r = run_onramp("handout", str(SAMPLE_LESSON), "--host", "--large-print", "--out", str(host), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "SECRET-SOLUTION" in pdf_text(host.read_bytes())


def test_badges_from_a_names_file(tmp_path: Path, data_dir: Path):
    names = tmp_path / "names.csv"
    names.write_text("first_name,pronouns\nZoë,she/her\nمحمد,he/him\n王芳,\n", encoding="utf-8")
    out = tmp_path / "badges.pdf"
    r = run_onramp("handout", "badges", "--names", str(names), "--out", str(out), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    text = pdf_text(out.read_bytes())
    assert all(n in text for n in ("Zoë", "محمد", "王芳", "she/her"))


@pytest.mark.slow
def test_bad_input_gets_a_plain_message(tmp_path: Path, data_dir: Path):
    out = tmp_path / "x.pdf"
    cases = [
        ("handout", "no-such-lesson", "--out", str(out)),
        ("handout", "missing-file.md", "--out", str(out)),
        ("handout", "badges", "--session", "latest", "--out", str(out)),
        ("handout", "certificates", "--session", "nope", "--out", str(out)),
        ("handout", "badges", "--names", str(tmp_path / "none.txt"), "--out", str(out)),
        ("handout", "take-home", "--out", str(out)),
    ]
    for args in cases:
        r = run_onramp(*args, data_dir=data_dir)
        assert r.returncode == 1, args
        assert r.stderr.strip() and "Traceback" not in r.stderr, (args, r.stderr)
    assert not out.exists()


@pytest.mark.slow
def test_session_handouts_for_the_latest_session_with_people(tmp_path: Path, data_dir: Path, demo_db):
    from sqlalchemy import func, select

    from desktop.models import SignIn, TasterSession

    with demo_db.transaction() as s:
        session_id = s.scalars(
            select(TasterSession.id)
            .join(SignIn, SignIn.session_id == TasterSession.id)
            .group_by(TasterSession.id)
            .order_by(func.max(TasterSession.starts_at).desc())
            .limit(1)
        ).one()
    demo_db.close()
    for kind in ("signin-sheet", "badges", "pair-cards", "certificates", "take-home"):
        out = tmp_path / f"{kind}.pdf"
        r = run_onramp("handout", kind, "--session", session_id[:8], "--out", str(out), data_dir=data_dir)
        assert r.returncode == 0, (kind, r.stderr)
        assert len(pdf_reader(out.read_bytes()).pages) >= 1
