"""The whole app on the demo database, as the UI tests start it."""

from tests.ui.conftest import controller  # noqa: F401 - fixture
