"""Where the hub keeps its data, and the limits it enforces."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_DATABASE_URL = "ONRAMP_HUB_DATABASE_URL"
ENV_DATA_DIR = "ONRAMP_HUB_DATA_DIR"
DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024


def default_data_dir() -> Path:
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_data_dir("onramp-hub", "On-Ramp"))


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def database_url(explicit: str | None = None) -> str:
    """The explicit URL, else $ONRAMP_HUB_DATABASE_URL, else a SQLite file in the hub's data folder."""
    url = explicit or os.environ.get(ENV_DATABASE_URL)
    if url:
        return normalise_url(url)
    folder = default_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'hub.sqlite3'}"


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    pull_page_bytes: int = 4 * 1024 * 1024
