from tests.migrated_template import db, migrated_template  # noqa: F401 - fixtures
