"""Re-export of conftest helpers for test modules."""

from tests.conftest import ROOT, run_onramp

__all__ = ["ROOT", "run_onramp"]
