"""A copied or restored laptop database is detected and gets a new device identity."""

from __future__ import annotations

import shutil

import pytest

from desktop.models import Device, open_database
from desktop.paths import database_path
from desktop.sync.client import NotEnrolled
from desktop.sync.identity import check_identity
from hub import admin
from tests.hubtools import Laptop, hub_rows, shared_rows
from tests.sync.conftest import enrolled
from tests.sync.scenarios import add_venue, edit, get


def _device_id(laptop) -> str:
    with laptop.db.transaction() as s:
        return s.get(Device, 1).device_id


def test_a_database_copied_to_another_laptop_gets_a_new_identity_and_both_keep_syncing(hub, org, laptops, tmp_path):
    (original,) = enrolled(hub, org, laptops(1))
    venue = add_venue(original, "Eastside Branch Library")
    original.sync()
    add_venue(original, "Made before the copy, not yet sent")
    # The database file alone is copied to a new laptop (without the marker beside it).
    copy_dir = tmp_path / "copy"
    copy_dir.mkdir()
    original.db.engine.dispose()
    shutil.copy(database_path(original.data_dir), database_path(copy_dir))
    copy = Laptop.open(copy_dir, name="copy")
    try:
        before = _device_id(copy)
        with pytest.raises(NotEnrolled):  # its inherited token is not its own: it needs a code
            copy.sync()
        assert _device_id(copy) != before == _device_id(original)
        copy.enrol(hub.url, hub.code(org))
        copy.sync()
        edit(copy, type(get(copy, _venue_model(), venue)), venue, notes="from the copy")
        copy.sync()
        original_report = original.sync()
        assert not original_report.new_identity
        assert original_report.duplicates == 1  # the change both held was stored once
        assert get(original, _venue_model(), venue).notes == "from the copy"
        devices = [d.device_id for d in admin.list_devices(hub.engine, org)]
        assert sorted(devices) == sorted([before, _device_id(copy)])
        copy.sync()
        assert shared_rows(copy) == shared_rows(original)
        assert len(hub_rows(hub.engine, org)) == 2
    finally:
        copy.close()


def _venue_model():
    from desktop.models import Venue

    return Venue


def test_a_restored_backup_is_detected(hub, org, laptops, tmp_path):
    from desktop.backup import restore_backup, take_backup

    (laptop,) = enrolled(hub, org, laptops(1))
    laptop.sync()
    backup = take_backup(laptop.db.path, tmp_path / "backups", "manual")
    add_venue(laptop, "After the backup")
    laptop.sync()  # the hub took a change: the marker moves on
    before = _device_id(laptop)
    laptop.db.close()
    restore_backup(backup, laptop.db.path)
    laptop.db = open_database(laptop.db.path)
    assert check_identity(laptop.db)
    assert _device_id(laptop) != before
    with pytest.raises(NotEnrolled):  # restored: enrolled again with a new code
        laptop.sync()
    laptop.enrol(hub.url, hub.code(org))
    laptop.sync()
    assert tuple({t for t, _ in hub_rows(hub.engine, org)}) == ("venues",)
    assert len(shared_rows(laptop)) == 1  # what the backup lacked came back from the hub


def test_an_untouched_database_keeps_its_identity(hub, org, laptops):
    (laptop,) = enrolled(hub, org, laptops(1))
    add_venue(laptop)
    laptop.sync()
    before = _device_id(laptop)
    laptop.db.close()
    laptop.db = open_database(laptop.db.path)
    assert not check_identity(laptop.db)
    assert not laptop.sync().new_identity
    assert _device_id(laptop) == before
