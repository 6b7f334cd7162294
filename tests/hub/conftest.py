from tests.sync.conftest import *  # noqa: F403 - the same hubs and laptops
