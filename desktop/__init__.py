"""On-Ramp: the offline-first desktop app for volunteer-run taster coding sessions."""

__version__ = "0.1.0"
APP_NAME = "On-Ramp"
APP_ID = "onramp"
ORG_NAME = "On-Ramp"
