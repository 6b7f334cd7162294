"""Telling a copied or restored database from the one that has been syncing.

A marker is kept both in the database (``Device.instance_marker``) and in a
small file beside it. Each push the hub accepts changes the marker, in the
database first and then the file. A database restored from a backup, or
copied to another laptop without the file, holds a marker the file does not:
it takes a new device identity (a new id for its clock) so its changes are
never mistaken for the original laptop's.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.models import Database, Device, SyncState, new_id
from desktop.models.clock import HybridLogicalClock
from desktop.models.outbox import CLOCK_KEY


def marker_path(db: Database) -> Path:
    return db.path.with_name(db.path.name + ".instance")


def read_marker(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def write_marker(path: Path, marker: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".instance-")
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(marker + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def rotate_marker(session: Session) -> str:
    """Give the database a new marker (inside the caller's transaction); write it to the file after commit."""
    device = session.get(Device, 1)
    assert device is not None
    device.instance_marker = new_id()
    return device.instance_marker


def check_identity(db: Database) -> bool:
    """Detect a copied or restored database and give it a new identity. True if it did."""
    path = marker_path(db)
    on_file = read_marker(path)
    with db.transaction() as session:
        device = session.get(Device, 1)
        assert device is not None
        state = session.get(SyncState, 1)
        enrolled = state is not None and bool(state.device_token)
        if on_file == device.instance_marker or (on_file is None and not enrolled):
            marker, renewed = device.instance_marker, False
        else:
            device.device_id = new_id()
            device.instance_marker = new_id()
            marker, renewed = device.instance_marker, True
            node = device.device_id
    if renewed:
        adopt_node(db, node)
    if on_file != marker:
        write_marker(path, marker)
    return renewed


def adopt_node(db: Database, node: str) -> None:
    """Switch the open database's clock to a new device id, never going back in time."""
    clock = HybridLogicalClock(node, last=db.clock.last())
    db.clock = clock
    db.session_factory.configure(info={CLOCK_KEY: clock})
