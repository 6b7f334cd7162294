"""Test set-up: Qt offscreen, this checkout first on the import path, fresh data folders."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
# Subprocesses (python -m desktop ...) import this checkout, not another install.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Properties test what holds, not how fast: on a shared machine running a worker per core, a deadline
# or a slow-generation check fails for the load, not for the code. Each test keeps its own example count.
# Derandomized: every run tries the same examples, so CI is red only for a change, never for a draw.
# To hunt for new examples, load a profile without derandomize locally.
settings.register_profile(
    "suite", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True, derandomize=True
)
settings.load_profile("suite")


@pytest.fixture(autouse=True, scope="session")
def _collect_garbage_on_the_main_thread():
    """As in the app (desktop.ui.collector): no cyclic collection from worker threads.

    What was imported before the first test (Qt, FastAPI, hypothesis, schemathesis...) lives for the
    whole run, so it is frozen out of the collector's generations and never scanned again.
    """
    gc.disable()
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()
    gc.enable()


_long_lived = [0]  # objects in the oldest generation after the last full collection


@pytest.fixture(autouse=True)
def _collect_after_each_test():
    """Each test's cyclic garbage (widgets, databases) goes before the next test, on this thread.

    Everything the test made is in the young generations, so collecting those is enough and cheap.
    The whole heap is scanned only once its old generation has grown by a quarter, as CPython's own
    collector decides: a full scan after every test cost 0.2 to 0.5 s, half the suite's time.
    """
    yield
    gc.collect(1)
    if len(gc.get_objects(generation=2)) > _long_lived[0] * 5 // 4:
        gc.collect()
        _long_lived[0] = len(gc.get_objects(generation=2))


@pytest.fixture(autouse=True)
def _no_sync_worker_outlives_its_test():
    """A sync worker left running syncs a finished test's laptop and reports to its torn-down window.

    Such a thread once woke in a later test and took its worker process down. Whatever starts a worker
    stops it (``ctx.shutdown_hooks``, ``SyncController.stop``); a stopped worker ends its round first.
    """
    import threading

    before = {t for t in threading.enumerate() if t.name == "onramp-sync"}
    yield
    left = [t for t in threading.enumerate() if t.name == "onramp-sync" and t not in before]
    for thread in left:
        thread.join(10)
    running = [t for t in left if t.is_alive()]
    if running:
        pytest.fail(f"{len(running)} sync worker(s) still running after the test: stop them in its teardown")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data folder, also set as ONRAMP_DATA_DIR so nothing touches the real one."""
    folder = tmp_path / "data"
    monkeypatch.setenv("ONRAMP_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def db(data_dir: Path):
    """A freshly created, migrated database."""
    from desktop.models import open_database
    from desktop.paths import database_path

    database = open_database(database_path(data_dir))
    yield database
    database.close()


@pytest.fixture
def demo_db(db):
    """A database holding the standard demo data."""
    from desktop.demo import fill_demo

    fill_demo(db)
    return db


def run_onramp(*args: str, data_dir: Path | None = None, timeout: float = 120, **kw):
    """Run ``python -m desktop ARGS`` in a subprocess of this checkout."""
    import subprocess

    argv = [sys.executable, "-m", "desktop"]
    if data_dir is not None:
        argv += ["--data-dir", str(data_dir)]
    return subprocess.run([*argv, *args], check=False, capture_output=True, text=True, timeout=timeout, cwd=ROOT, **kw)
