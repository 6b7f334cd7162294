"""Helpers shared by test modules: the conftest's, and one bounded wait."""

from __future__ import annotations

from tests.conftest import ROOT, run_onramp
from tools.local_servers import wait_until

__all__ = ["ROOT", "run_onramp", "wait_until"]
