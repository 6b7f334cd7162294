"""Under a real X server (Xvfb) at 1366×768 and 1280×720, larger text off and on, English and Spanish,
the kiosk's new-person path is walked by Tab alone with its primary button always wholly on screen."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.helpers import ROOT

XVFB = shutil.which("Xvfb")


@pytest.fixture
def xvfb_display(request) -> Iterator[str]:
    """A fresh X server of the size asked for; its display number comes back on a pipe (-displayfd)."""
    if XVFB is None:
        pytest.skip("Xvfb is not installed (Debian: apt-get install xvfb xauth); the keyboard walk needs real X")
    width, height = request.param
    read, write = os.pipe()
    server = subprocess.Popen(
        [XVFB, "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        ready, _, _ = select.select([read], [], [], 30)
        number = os.read(read, 16).decode().strip() if ready else ""
        if not number:
            pytest.fail("Xvfb did not report a display within 30 s")
        yield f":{number}"
    finally:
        os.close(read)
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("xvfb_display", [(1366, 768), (1280, 720)], indirect=True, ids=["1366x768", "1280x720"])
def test_the_new_person_path_by_tab_alone_keeps_its_primary_button_on_screen(xvfb_display, tmp_path):
    env = {**os.environ, "DISPLAY": xvfb_display, "QT_QPA_PLATFORM": "xcb", "ONRAMP_DATA_DIR": str(tmp_path)}
    env.pop("WAYLAND_DISPLAY", None)
    walk = subprocess.run(
        [sys.executable, "-m", "tests.ui.signin.kiosk_keyboard_walk", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert walk.returncode == 0, f"{walk.stdout}\n{walk.stderr[-2000:]}"
    assert "4 of 4 variants clean" in walk.stdout, walk.stdout
