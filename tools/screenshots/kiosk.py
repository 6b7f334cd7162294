"""Kiosk screens for ``make screenshots`` (listed in EXTRA_SCENES): one window per step, on the demo data.

The new-person screens also come at each of ``KIOSK_SIZES``, with the kiosk's larger text off and on."""

from __future__ import annotations

from sqlalchemy import select

from desktop.models import TasterSession
from desktop.signin.lookup import Match
from desktop.ui.signin.kiosk.window import KioskWindow

KIOSK_SIZES = ((1366, 768), (1280, 720))  # ordinary laptops


def kiosk_scenes(window) -> list[tuple[str, KioskWindow]]:
    ctx = window.ctx

    def open_session(s):
        ts = s.scalars(select(TasterSession).where(TasterSession.status == "open")).first()
        return (ts.id, ts.title) if ts else (None, "")

    found: dict = {}
    ctx.db_runner.run(open_session, lambda result, _error: found.update(value=result))
    session_id, title = found.get("value") or (None, "")
    if session_id is None:
        return []

    def kiosk() -> KioskWindow:
        return KioskWindow(ctx, session_id, title, preview=True)

    start = kiosk()
    find = kiosk()
    find.go(find.find_screen)
    find.find_screen.search.setText("ma")
    is_it_you = kiosk()
    is_it_you.confirm.ask_one(Match("", "Ana S."))
    is_it_you.go(is_it_you.confirm)
    which = kiosk()
    which.confirm.ask_which([Match("", "Ana S."), Match("", "Ana M."), Match("", "Ana")])
    which.go(which.confirm)
    welcome = kiosk()
    welcome.message.show_message("Welcome back, {name}!", "You're signed in. Good to see you again.", name="Ana")
    welcome.go(welcome.message)
    card = kiosk()
    card.go(card.exit_card)
    card.exit_card.rating_buttons[3].setChecked(True)
    card.exit_card.barrier_buttons["childcare"].setChecked(True)
    pin = kiosk()
    pin.go(pin.pin)
    return [
        *_roster_scene(window),
        ("kiosk-start", start),
        ("kiosk-find", find),
        ("kiosk-is-this-you", is_it_you),
        ("kiosk-is-one-of-these-you", which),
        ("kiosk-welcome", welcome),
        ("kiosk-exit-card", card),
        ("kiosk-pin", pin),
        *_laptop_scenes(kiosk),
        *([] if window.large_text_action.isChecked() else _new_person_scenes(kiosk)),
    ]


def _new_person_scenes(kiosk) -> list:
    """The new-person screens at both laptop sizes, with the kiosk's own larger text ("A A") off and on.

    Left out when the whole app is in large text: there "larger" would mean the host's setting and the
    kiosk's together, a third size that no participant chooses alone."""
    scenes = []
    for width, height in KIOSK_SIZES:
        for larger in (False, True):
            suffix = f"{width}x{height}{'-larger' if larger else ''}"
            first, details = kiosk(), kiosk()
            first.set_larger_text(larger)
            first.go(first.new)
            first.new.first_name.setText("Zoë")
            details.set_larger_text(larger)
            details.details.begin("Zoë")
            details.go(details.details)
            details.details.phone.setText("555 12")
            details.details.save_button.click()  # the phone's error, beside its field
            for name, shown in (("new", first), ("new-details", details)):
                shown.setFixedSize(width, height)
                scenes.append((f"kiosk-{name}-{suffix}", shown))
    return scenes


def _laptop_scenes(kiosk) -> list:
    """The exit card, PIN and thank-you screens on the two common laptop displays (fixed size: the loop's resize is ignored)."""
    scenes = []
    for width, height in ((1366, 768), (1280, 720)):
        card, pin, thanks = kiosk(), kiosk(), kiosk()
        card.go(card.exit_card)
        card.exit_card.barrier_buttons["childcare"].setChecked(True)
        pin.go(pin.pin)
        pin.pin.show_error(_not_right())
        thanks.message.show_message("Thank you!", "Your card helps us make the next session better.")
        thanks.go(thanks.message)
        for name, shown in (("exit-card", card), ("pin", pin), ("thanks", thanks)):
            shown.setFixedSize(width, height)
            scenes.append((f"kiosk-{name}-{width}x{height}", shown))
    return scenes


def _not_right() -> str:
    from desktop.i18n import _

    return _("That PIN is not right.")


def _roster_scene(window) -> list:
    """The Sessions page on the latest past session, so the roster has people in it."""
    from desktop.sessions.planning import list_sessions

    found: dict = {}
    window.ctx.db_runner.run(
        lambda s: next((r.id for r in list_sessions(s, status="closed") if r.signed_in), None),
        lambda result, _error: found.update(value=result),
    )
    if not found.get("value"):
        return []

    def prepare() -> None:
        from desktop.ui.sessions.page import SessionsPage

        page = window.open_page(SessionsPage)
        page.show_session(found["value"])
        if page.roster_model.rows:
            page.roster_view.selectRow(0)

    return [("sessions-roster", _Borrowed(window, prepare))]


class _Borrowed:
    """Hands the main window to the screenshot loop: set up when shown, never closed by the loop."""

    def __init__(self, widget, prepare) -> None:
        self.widget = widget
        self.prepare = prepare

    def __getattr__(self, name: str):
        return getattr(self.widget, name)

    def show(self) -> None:
        self.prepare()
        self.widget.show()

    def close(self) -> None:
        pass
