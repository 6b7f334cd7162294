"""The closed sets and ranges of On-Ramp's records, defined once.

The laptop's forms offer these, its domain code checks against them, and the
sync protocol (``desktop.sync.protocol``) refuses anything else on the hub and
quarantines it on a laptop that pulls it. Pure Python with no imports: the hub
loads this module through the protocol.

Changing a set here changes what the hub accepts: add values, never remove one
that laptops in the field may still send.
"""

from __future__ import annotations

VENUE_KINDS = (
    "place_of_worship",
    "salon",
    "barbershop",
    "union_hall",
    "library",
    "community_centre",
    "other",
)
OFFERS = ("childcare", "food")  # what a venue offers besides the session
SESSION_STATUSES = ("planned", "open", "closed")
EXPERIENCE_LEVELS = ("never", "a_little", "some")
# The path a person can grow along: newcomer -> returner -> peer helper -> co-host -> host.
PATHWAY_STAGES = ("newcomer", "returner", "peer_helper", "co_host", "host")
BARRIERS = ("time", "travel", "childcare", "language", "access", "cost", "other")


def N_(text: str) -> str:
    """Marks a word for the translation catalogs (no imports here); whoever shows it passes it through ``_``."""
    return text


# The host's word for each barrier, in reports and exported tables (the kiosk asks participants in its own words).
BARRIER_LABELS = {
    "time": N_("Time"),
    "travel": N_("Travel"),
    "childcare": N_("Childcare"),
    "language": N_("Language"),
    "access": N_("Access"),
    "cost": N_("Cost"),
    "other": N_("Other"),
}
HEARD_FROM = (
    "place_of_worship",
    "salon",
    "barbershop",
    "friend",
    "flyer",
    "union",
    "online",
    "other",
)
# Languages a participant can give as preferred (desktop.languages names each one; sessions, lessons and
# venues take any short code). Add codes at the end; "other" is "another language".
LANGUAGE_CODES = (
    *("en", "es", "fr", "pt", "vi", "zh", "ar", "uk", "ru", "ko", "ja", "other"),
    *("am", "bn", "de", "el", "fa", "he", "hi", "ht", "ig", "it", "pl", "so", "sw", "tl", "tr", "ur", "yo"),
)
RATINGS = (1, 2, 3)  # the exit card's sad, neutral and happy faces
WILL_RETURN = ("yes", "maybe", "no")
SIGN_IN_SOURCES = ("kiosk", "host", "paper")

# Years of every date and time a record holds: all real sessions, sign-ins and consents, and far
# from the ends of Python's datetime, so adding a session's length to any of them never overflows.
YEAR_RANGE = (1900, 2199)
DURATION_RANGE = (10, 12 * 60)  # minutes a session lasts
CAPACITY_RANGE = (1, 500)  # people a session takes
LESSON_MINUTES_RANGE = (0, 2 * 24 * 60)  # teaching plus exercises, each at most a day
# How far ahead of the hub's time (or a laptop's own wall clock) a clock value may be: the hub
# stamps a change further ahead with its own time, and a laptop's clock never moves further.
CLOCK_TOLERANCE_MS = 5 * 60 * 1000
