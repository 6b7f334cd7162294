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


# One label per barrier everywhere: the words the kiosk asks participants in, shown the same in reports,
# exports and the host's exit card.
BARRIER_LABELS = {
    "time": N_("Time"),
    "travel": N_("Getting here"),
    "childcare": N_("Childcare"),
    "language": N_("Language"),
    "access": N_("Access"),
    "cost": N_("Cost"),
    "other": N_("Something else"),
}
# What a chapter changed at a venue to lower a barrier (issue 15, "interventions").
INTERVENTION_KINDS = (
    "childcare",
    "food",
    "time_changed",
    "place_changed",
    "language_support",
    "access",
    "cost_help",
    "travel_help",
    "other",
)
INTERVENTION_LABELS = {
    "childcare": N_("Childcare (a crèche)"),
    "food": N_("Food provided"),
    "time_changed": N_("Changed the day or time"),
    "place_changed": N_("Moved to another place"),
    "language_support": N_("Help in another language"),
    "access": N_("Easier to get in and around"),
    "cost_help": N_("Help with costs"),
    "travel_help": N_("Help with getting there"),
    "other": N_("Something else"),
}
# The barrier each kind of change usually answers, offered first when one is recorded (the host may pick
# another). Food answers cost: a meal there is one a family need not pay for, and the exit card asks
# about cost, not food. "other" answers none until the host says which.
INTERVENTION_BARRIER = {
    "childcare": "childcare",
    "food": "cost",
    "time_changed": "time",
    "place_changed": "travel",
    "language_support": "language",
    "access": "access",
    "cost_help": "cost",
    "travel_help": "travel",
    "other": "",
}
# A recorded step on the path newcomer -> returner -> peer helper -> co-host -> host, or a pause on it.
LADDER_STEP_KINDS = (
    "invited_to_help",
    "agreed_to_help",
    "helped",
    "invited_to_co_host",
    "agreed_to_co_host",
    "co_hosted",
    "invited_to_host",
    "hosted",
    "declined",
    "paused",
)
LADDER_STEP_LABELS = {
    "invited_to_help": N_("Asked to help"),
    "agreed_to_help": N_("Said yes to helping"),
    "helped": N_("Helped at a session"),
    "invited_to_co_host": N_("Asked to co-host"),
    "agreed_to_co_host": N_("Said yes to co-hosting"),
    "co_hosted": N_("Co-hosted a session"),
    "invited_to_host": N_("Asked to host"),
    "hosted": N_("Hosted a session"),
    "declined": N_("Said no for now"),
    "paused": N_("Taking a break"),
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
# Free text on an intervention, a follow-up or a ladder step: a sentence or two, never a file.
LEARNING_TEXT_MAX = 500
# The host's estimate of how many came, when nobody signed in: a room, not a stadium.
HEADCOUNT_RANGE = (0, 1000)
# How far ahead of the hub's time (or a laptop's own wall clock) a clock value may be: the hub
# stamps a change further ahead with its own time, and a laptop's clock never moves further.
CLOCK_TOLERANCE_MS = 5 * 60 * 1000
