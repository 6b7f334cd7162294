"""Sync in a host's words: what went wrong, when (local time), and which record, as the pages name it.

Every failure of a sync or an enrolment is one kind (``failure_kind``) and one plain sentence
(``describe_failure``); HTTP codes, errno numbers, table and field names and UTC never reach the
screen. The raw detail goes to the log for whoever looks after the hub. A change the hub refused,
or a row kept aside, is named as the page it came from would name it (``describe_record``).
"""

from __future__ import annotations

import errno
import logging
import socket
import sqlite3
import ssl
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from desktop import dates
from desktop.i18n import N_, _, current_language

log = logging.getLogger(__name__)

# Kinds of failure ----------------------------------------------------------------------------------

NO_SUCH_HOST = "no-such-host"  # the name does not resolve (no network, or a typo)
NO_ANSWER = "no-answer"  # nothing listens there, or the network is down
TIMEOUT = "timeout"
TLS = "tls"  # the certificate was not accepted
NOT_A_HUB = "not-a-hub"  # something answers, but not an On-Ramp hub (a web page, a 404)
NOT_ENROLLED = "not-enrolled"  # the hub does not know this laptop's key, or it was withdrawn
COPIED = "copied"  # this database came from another laptop: it needs its own enrolment
CODE_UNKNOWN = "code-unknown"
CODE_USED = "code-used"
CODE_EXPIRED = "code-expired"
CODE_REFUSED = "code-refused"
CLASH = "clash"  # changes the hub already holds differently
TOO_LARGE = "too-large"
HUB_FAILED = "hub-failed"  # the hub's own fault; it may pass
MALFORMED = "malformed"  # an answer that is not what a hub of this version says
REFUSED = "refused"  # the hub turned the request down for another reason
DISK_FULL = "disk-full"
OTHER = "other"


def local_time(moment: datetime | None = None) -> str:
    """``moment`` (aware, or naive local) as the hour and minute on this laptop's clock: "14:05"."""
    moment = moment or datetime.now()
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%H:%M")


def hub_name(url: str) -> str:
    """The part of a hub's address a person recognises: ``hub.example.org`` (no scheme, no path)."""
    parts = urlsplit(url if "://" in url else "https://" + url)
    return parts.netloc or url


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def failure_kind(error: BaseException) -> str:
    """What kind of failure ``error`` is, from the error and whatever caused it."""
    kind = getattr(error, "kind", None)
    if isinstance(kind, str) and kind:
        return kind
    for cause in _chain(error):
        if isinstance(cause, OSError) and cause.errno in (errno.ENOSPC, errno.EDQUOT):
            return DISK_FULL
        text = str(cause).lower()
        if isinstance(cause, sqlite3.OperationalError) and ("disk is full" in text or "disk i/o" in text):
            return DISK_FULL
        if "database or disk is full" in text:
            return DISK_FULL
        if isinstance(cause, socket.gaierror):
            return NO_SUCH_HOST
        if isinstance(cause, ssl.SSLError | ssl.CertificateError):
            return TLS
        if isinstance(cause, TimeoutError | socket.timeout):
            return TIMEOUT
        if isinstance(cause, ConnectionError):
            return NO_ANSWER
    return OTHER


_SENTENCES: dict[str, str] = {
    NO_SUCH_HOST: N_(
        "At {time} this laptop could not find the hub at {hub}. Check the Wi-Fi or phone hotspot, "
        "and that the address is typed right, then try again."
    ),
    NO_ANSWER: N_(
        "At {time} this laptop could not reach the hub at {hub}. Check the Wi-Fi or phone hotspot, then try again."
    ),
    TIMEOUT: N_("At {time} the hub at {hub} took too long to answer. The connection may be slow."),
    TLS: N_(
        "At {time} this laptop could not confirm that {hub} is really your hub: its security "
        "certificate was not accepted. Check the address with your organiser, and that this "
        "laptop's date is right."
    ),
    NOT_A_HUB: N_(
        "That address answers, but it is not an On-Ramp hub ({hub}, at {time}). Check the address with your organiser."
    ),
    NOT_ENROLLED: N_(
        "At {time} the hub at {hub} no longer accepted this laptop: it was taken off the hub, or "
        "needs enrolling again. Ask your organiser for a new enrolment code and enrol it on the "
        "Sync page. Nothing recorded here is lost."
    ),
    COPIED: N_(
        "This laptop's data was copied or restored from a backup, so it needs its own enrolment. "
        "Ask your organiser for a new enrolment code and enrol it on the Sync page. "
        "Everything recorded here is kept and will be sent once it is enrolled."
    ),
    CODE_UNKNOWN: N_(
        "That enrolment code is not known to the hub at {hub}. Check it, or ask your organiser for a new one."
    ),
    CODE_USED: N_("That enrolment code has already been used. Ask your organiser for a new one."),
    CODE_EXPIRED: N_("That enrolment code has expired. Ask your organiser for a new one."),
    CODE_REFUSED: N_(
        "The hub at {hub} did not accept that enrolment code. Check it, or ask your organiser for a new one."
    ),
    CLASH: N_(
        "At {time} the hub at {hub} turned down changes that clash with ones it already holds. "
        "They are kept on this laptop; tell whoever looks after your hub."
    ),
    TOO_LARGE: N_(
        "At {time} the hub at {hub} refused something as too large to take. It is kept on this "
        "laptop; tell whoever looks after your hub."
    ),
    HUB_FAILED: N_("At {time} the hub at {hub} had a problem of its own and could not finish."),
    MALFORMED: N_(
        "At {time} the answer from {hub} could not be understood. The address may be wrong, or "
        "this app or the hub may need updating."
    ),
    REFUSED: N_(
        "At {time} the hub at {hub} turned down this laptop's request. This app or the hub may "
        "need updating; tell whoever looks after your hub. Everything is kept on this laptop."
    ),
    DISK_FULL: N_(
        "At {time} this laptop ran out of storage space while syncing. Free some space (empty the "
        "wastebasket, remove old downloads), then sync again. Nothing recorded was lost."
    ),
    OTHER: N_(
        "At {time} sync stopped because of an unexpected problem. Everything is kept on this "
        "laptop, and it tries again by itself. If this keeps happening, tell whoever looks after your hub."
    ),
}
NO_HUB = N_("the hub")  # where no address is known (a failure before any was typed)


def describe_failure(error: BaseException, hub_url: str = "", when: datetime | None = None) -> str:
    """One plain sentence for a failed sync or enrolment, with the hub's address and the local time.

    ``hub_url`` and ``when`` default to what the error carries (a ``desktop.sync.client.HubError``
    knows both). The raw detail is logged, never returned.
    """
    kind = failure_kind(error)
    hub_url = hub_url or getattr(error, "hub_url", "")
    when = when or getattr(error, "at", None) or datetime.now()
    log.debug("sync failure (%s) at %s: %r", kind, hub_url or "-", getattr(error, "detail", "") or error)
    return _(_SENTENCES[kind]).format(time=local_time(when), hub=hub_name(hub_url) if hub_url else _(NO_HUB))


# Records, in the words of the pages they came from ----------------------------------------------------


def day_text(day: date) -> str:
    """ "Tuesday 3 March" in the app's language ("martes 3 de marzo")."""
    return dates.day_text(day, current_language())


# What each kind of record is called when nothing more is known of it (it is no longer on this laptop).
RECORD_KINDS = {
    "venues": N_("A venue"),
    "sessions": N_("A session"),
    "lessons": N_("A lesson"),
    "lesson_versions": N_("A version of a lesson"),
    "participants": N_("A person's details"),
    "sign_ins": N_("A sign-in"),
    "exit_cards": N_("An exit card"),
    "pairing_rounds": N_("A pairing round"),
    "pairing_groups": N_("A pairing group"),
    "interventions": N_("A change made at a venue"),
    "follow_ups": N_("A note that someone reached out to a person"),
    "ladder_steps": N_("A step towards hosting"),
    "erasures": N_("A request to erase a person's details"),
}
ANY_RECORD = N_("A record from a newer version of On-Ramp")

# The details of a record as the pages that edit them name them; any other is "one of its details".
FIELD_LABELS = {
    "name": N_("name"),
    "title": N_("title"),
    "first_name": N_("first name"),
    "last_name": N_("last name"),
    "phone": N_("phone"),
    "email": N_("e-mail"),
    "starts_at": N_("start time"),
    "duration_minutes": N_("length"),
    "status": N_("status"),
    "language": N_("language"),
    "languages": N_("languages"),
    "capacity": N_("places"),
    "notes": N_("notes"),
    "address": N_("address"),
    "kind": N_("kind of place"),
    "level": N_("level"),
    "minutes": N_("length"),
    "text": N_("text"),
    "experience": N_("coding experience"),
    "stage": N_("stage"),
    "barriers": N_("what made it hard to come"),
    "rating": N_("rating"),
    "comment": N_("comment"),
    "hosts": N_("hosts"),
    "helpers": N_("helpers"),
    "deleted": N_("whether it is deleted"),
    "member_ids": N_("people in the group"),
    "table_number": N_("table number"),
    "locked": N_("lock"),
}


def its_field(field: str) -> str:
    """A record's detail as a page names it: "its start time", never ``starts_at``; "one of its
    details" for a detail no page shows."""
    label = FIELD_LABELS.get(field)
    return _("its {field}").format(field=_(label)) if label else _("one of its details")


# Values, as the pages that edit them show them ------------------------------------------------------------

# Fields that hold the ids of other records without a foreign key (a list of ids, or a loose reference).
_REFERS_TO = {
    "lesson_ids": "lessons",
    "member_ids": "participants",
    "never_pair_with": "participants",
    "remixed_from": "lessons",
    "merged_into": "participants",
}
_LANGUAGE_FIELDS = frozenset({"language", "languages"})
_LONGEST = 60  # characters of free text shown on a button


def join_words(items: list[str]) -> str:
    """ "Ana", "Ana and Luis", "Ana, Luis and Sam" ("Ana, Luis y Sam")."""
    if len(items) <= 1:
        return "".join(items)
    return _("{first} and {last}").format(first=", ".join(items[:-1]), last=items[-1])


def _referred_table(model: Any, field: str) -> str:
    if field in _REFERS_TO:
        return _REFERS_TO[field]
    column = model.__table__.columns.get(field) if model is not None else None
    for key in column.foreign_keys if column is not None else ():
        return str(key.column.table.name)
    return ""


def _name_of(session: Session, table: str, row_id: str) -> str:
    """What the pages call the record ``row_id`` of ``table``; never the id itself."""
    from desktop.models import MODEL_BY_TABLE

    model = MODEL_BY_TABLE.get(table)
    row: Any = session.get(model, row_id) if model is not None and isinstance(row_id, str) else None
    if row is None:
        return _("one no longer on this laptop")
    if table == "participants":
        return _person(session, row_id) if row.erased else " ".join(filter(None, (row.first_name, row.last_name)))
    if table == "sessions":
        return _session_words(session, row_id)
    if table == "pairing_rounds":
        return _("pairing round {n} of {session}").format(n=row.number, session=_session_words(session, row.session_id))
    for attribute in ("name", "title"):
        if isinstance(getattr(row, attribute, None), str):
            return str(getattr(row, attribute))
    return _(RECORD_KINDS.get(table, ANY_RECORD)).lower()


def _moment(text: str, kind: str, table: str, field: str) -> str:
    language = current_language()
    try:
        if kind == "date":
            return dates.date_text(date.fromisoformat(text[:10]), language, with_time=False)
        moment = dates.stored_as_local(table, field, datetime.fromisoformat(text))
    except ValueError:
        return text
    return dates.date_text(moment, language)


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return _("several details") if isinstance(value, dict | list) else str(value)


def describe_value(session: Session, table: str, field: str, value: Any) -> str:
    """A value of ``table.field`` as its page shows it: a time as the local date and time in the app's
    language, a date as a date, yes or no, a list in words, and the records ids point to by their names."""
    from desktop.languages import language_name
    from desktop.models import MODEL_BY_TABLE
    from desktop.sync.values import column_kinds

    if field == "deleted":
        return _("deleted") if value else _("not deleted")
    if value is None or value == "" or value == []:
        return _("nothing")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    model = MODEL_BY_TABLE.get(table)
    kind = column_kinds(model).get(field, "") if model is not None else ""
    items = value if isinstance(value, list) else [value]
    if kind and all(isinstance(v, str) for v in items):
        return join_words([_moment(v, kind, table, field) for v in items])
    if referred := _referred_table(model, field):
        return join_words([_name_of(session, referred, v) for v in items])
    if field in _LANGUAGE_FIELDS:
        return join_words([language_name(str(v)) for v in items])
    text = join_words([_plain(v) for v in items])
    return text if len(text) <= _LONGEST else text[: _LONGEST - 3] + "…"


def _session_words(session: Session, session_id: str | None) -> str:
    from desktop.models import TasterSession

    found = session.get(TasterSession, session_id) if session_id else None
    if found is None:
        return _("a session no longer on this laptop")
    venue = found.venue.name if found.venue is not None else ""
    return _("the session on {day} at {venue}").format(day=day_text(found.starts_at.date()), venue=venue)


def _person(session: Session, participant_id: str | None) -> str:
    from desktop.models import Participant

    person = session.get(Participant, participant_id) if participant_id else None
    if person is None or person.erased:
        return _("someone")
    return person.first_name


def describe_record(session: Session, table: str, row_id: str) -> str:
    """The record a change is about, as its page would name it: "A sign-in for Ana at the session on
    Tuesday 3 March at St Mary's"; what kind of record it is when this laptop no longer holds it."""
    from desktop.models import MODEL_BY_TABLE, Lesson, PairingRound

    model = MODEL_BY_TABLE.get(table)
    row: Any = session.get(model, row_id) if model is not None else None
    if row is None:
        return _(RECORD_KINDS.get(table, ANY_RECORD))
    if table == "sign_ins":
        return _("A sign-in for {name} at {session}").format(
            name=_person(session, row.participant_id) if row.participant_id else _("a guest"),
            session=_session_words(session, row.session_id),
        )
    if table == "exit_cards":
        return _("An exit card from {session}").format(session=_session_words(session, row.session_id))
    if table == "participants":
        name = " ".join(filter(None, (row.first_name, row.last_name))) if not row.erased else ""
        return _("The details of {name}").format(name=name) if name else _(RECORD_KINDS[table])
    if table == "sessions":
        return _("The session “{title}” on {day}").format(title=row.title, day=day_text(row.starts_at.date()))
    if table == "venues":
        return _("The venue “{name}”").format(name=row.name)
    if table == "lessons":
        return _("The lesson “{title}”").format(title=row.title)
    if table == "lesson_versions":
        lesson = session.get(Lesson, row.lesson_id)
        return _("Version {n} of the lesson “{title}”").format(n=row.number, title=lesson.title if lesson else "")
    if table == "pairing_rounds":
        return _("Pairing round {n} of {session}").format(n=row.number, session=_session_words(session, row.session_id))
    if table == "pairing_groups":
        round_ = session.get(PairingRound, row.round_id)
        return _("Table {n} of the pairs at {session}").format(
            n=row.table_number, session=_session_words(session, round_.session_id if round_ else None)
        )
    return _(RECORD_KINDS.get(table, ANY_RECORD))


def describe_refusal(reason: str) -> str:
    """Why the hub refused a change, in plain words: the hub's reasons name tables and fields."""
    text = reason.strip()
    log.debug("refused by the hub: %s", text)
    if text.startswith("erased:"):
        return _("This person's details were erased at their request, so the change was not kept.")
    if text.startswith(("unknown field", "unknown table")):
        return _(
            "This hub is older than this app and cannot take this kind of detail yet. Ask whoever "
            "looks after your hub to update it, then send the change again."
        )
    if text.startswith("field ") and "." in text:
        field = text[len("field ") :].split(":", 1)[0].split(".", 1)[-1]
        return _("The hub could not accept {its_field}. Check it on its page, then send it again.").format(
            its_field=its_field(field)
        )
    if "different change with this id" in text or "already holds a different change" in text:
        return _("The hub already holds a different change in its place, so this one was not kept.")
    if "too large" in text.lower() or "larger than" in text.lower() or text == "HTTP 413":
        return _("It is too large for the hub to take.")
    return _(
        "The hub could not accept it. Tell whoever looks after your hub; it can be sent again once the hub is updated."
    )
