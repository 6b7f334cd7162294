"""Kiosk screens for ``make screenshots`` (listed in EXTRA_SCENES): one window per step, on the demo data."""

from __future__ import annotations

from sqlalchemy import select

from desktop.models import TasterSession
from desktop.ui.signin.kiosk.window import KioskWindow


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
    new = kiosk()
    new.go(new.new)
    new.new.first_name.setText("Zoë")
    new.new.phone.setText("555 12")
    new.new.show_problems({"phone": new.new.phone.text() and _too_short()})
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
        ("kiosk-new", new),
        ("kiosk-welcome", welcome),
        ("kiosk-exit-card", card),
        ("kiosk-pin", pin),
        *_laptop_scenes(kiosk),
    ]


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


def _too_short() -> str:
    from desktop.signin.validation import InvalidInput, clean_phone

    try:
        clean_phone("555 12")
    except InvalidInput as exc:
        return exc.problems["phone"]
    return ""


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
