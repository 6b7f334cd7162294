"""The On-Ramp hub: the central server laptops sync with.

A FastAPI service (``hub.app``) over SQLAlchemy Core storage (``hub.store``):
SQLite by default, PostgreSQL through a database URL. It imports nothing from
``desktop`` except the shared wire protocol, ``desktop.sync.protocol``.
"""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("onramp")
except _metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "dev"
