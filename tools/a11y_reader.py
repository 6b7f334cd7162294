"""A small screen-reader client: what On-Ramp's accessibility tree says, read over AT-SPI.

Runs in the SYSTEM's Python (``/usr/bin/python3``) with Debian's ``python3-gi`` and
``gir1.2-atspi-2.0`` -- libatspi, the library Orca itself reads the tree with -- on an X
display, inside a session bus (``dbus-run-session``). It starts the app side
(``python -m tools.a11y_walk``, given after ``--``), and for each scene the app shows:

- lists the window's controls (focusable objects, a list or table counted once) with role,
  name and labelled-by relation;
- presses Tab through the window (libatspi's key synthesis, XTest underneath) and records
  where focus lands; in a group of buttons it also tries the arrow keys;
- where the scene says so, presses a button through its AT-SPI action and listens for what
  is announced (an ``object:announcement`` event, or an alert or notification shown).

It writes one JSON report to the file given with ``--out``. It imports nothing from the project:
the app's venv cannot import the system's ``gi``, and this script needs nothing else.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time

# The system's PyGObject: the venv that runs mypy has none, nor stubs for it.
import gi  # type: ignore[import-not-found]

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # type: ignore[import-not-found]  # noqa: E402

# Descendants of these are reached with the arrow keys inside them; the container is the Tab stop.
CONTAINER_ROLES = {
    Atspi.Role.LIST,
    Atspi.Role.LIST_BOX,
    Atspi.Role.TABLE,
    Atspi.Role.TREE,
    Atspi.Role.TREE_TABLE,
    Atspi.Role.COMBO_BOX,
    Atspi.Role.MENU_BAR,
    Atspi.Role.MENU,
    Atspi.Role.SPIN_BUTTON,
    Atspi.Role.PAGE_TAB_LIST,
}
# Roles that are not controls, unless Tab stops on them (then they must be named like one).
PASSIVE_ROLES = {
    Atspi.Role.LABEL,
    Atspi.Role.STATIC,
    Atspi.Role.FILLER,
    Atspi.Role.PANEL,
    Atspi.Role.SCROLL_PANE,
    Atspi.Role.SECTION,
    Atspi.Role.PARAGRAPH,
    Atspi.Role.HEADING,
    Atspi.Role.IMAGE,
    Atspi.Role.SEPARATOR,
    Atspi.Role.STATUS_BAR,
}
# Roles whose members move focus among themselves with the arrow keys when grouped.
GROUPED_ROLES = {Atspi.Role.RADIO_BUTTON, Atspi.Role.TOGGLE_BUTTON, Atspi.Role.PUSH_BUTTON, Atspi.Role.CHECK_BOX}
HEARD_EVENTS = ("object:announcement", "object:state-changed:showing", "object:property-change:accessible-name")
KEY_TAB, KEY_SPACE, KEY_LEFT, KEY_UP, KEY_RIGHT, KEY_DOWN = 0xFF09, 0x20, 0xFF51, 0xFF52, 0xFF53, 0xFF54


class Ear:
    """Listens to focus changes and announcements, as a screen reader does."""

    def __init__(self) -> None:
        self.focused: list[Atspi.Accessible] = []
        self.heard: list[dict[str, str]] = []
        self._focus = Atspi.EventListener.new(self._on_focus)
        self._focus.register("object:state-changed:focused")
        self._heard = Atspi.EventListener.new(self._on_heard)
        for kind in HEARD_EVENTS:
            self._heard.register(kind)

    def _on_focus(self, event: Atspi.Event) -> None:
        if event.detail1 == 1:
            self.focused.append(event.source)

    def _on_heard(self, event: Atspi.Event) -> None:
        try:
            role = event.source.get_role()
            name = event.source.get_name() or ""
        except GLib.Error:
            return
        kind = event.type
        text = ""
        if kind.startswith("object:announcement"):
            text = str(event.any_data or "")
        elif kind.startswith("object:state-changed:showing"):
            if event.detail1 != 1 or role not in (Atspi.Role.ALERT, Atspi.Role.NOTIFICATION):
                return
            text = name or _text_of(event.source)
        elif kind.startswith("object:property-change:accessible-name"):
            live = (_attributes(event.source).get("live") or _attributes(event.source).get("container-live")) or ""
            if live not in ("polite", "assertive") and role not in (Atspi.Role.ALERT, Atspi.Role.NOTIFICATION):
                return
            text = name
        self.heard.append({"event": kind, "role": Atspi.Role(role).value_nick, "text": text})


def pump_until(condition, timeout: float) -> bool:
    """Run the GLib loop (events arrive there) until ``condition()`` holds, at most ``timeout`` s."""
    context = GLib.MainContext.default()
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        if not context.iteration(False):
            time.sleep(0.005)  # nothing pending: yield the CPU to the app under test
    return True


def _attributes(acc: Atspi.Accessible) -> dict[str, str]:
    try:
        return dict(acc.get_attributes() or {})
    except GLib.Error:
        return {}


def _text_of(acc: Atspi.Accessible) -> str:
    try:
        text = acc.get_text_iface()
        return text.get_text(0, text.get_character_count()) if text else ""
    except GLib.Error:
        return ""


def _states(acc: Atspi.Accessible) -> Atspi.StateSet:
    acc.clear_cache()  # the reader listens to focus only, so a cached state may be stale
    return acc.get_state_set()


def find_window(pid: int, title: str, timeout: float) -> Atspi.Accessible | None:
    found: list[Atspi.Accessible] = []

    def look() -> bool:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is None or app.get_process_id() != pid:
                continue
            app.clear_cache()
            for j in range(app.get_child_count()):
                window = app.get_child_at_index(j)
                if window is None:
                    continue
                states = _states(window)
                if window.get_name() == title and states.contains(Atspi.StateType.SHOWING):
                    found.append(window)
                    return True
        return False

    pump_until(look, timeout)
    return found[0] if found else None


def controls_of(window: Atspi.Accessible) -> list[Atspi.Accessible]:
    """Focusable objects and buttons on screen; a list, table or combo box once, not its items."""
    out: list[Atspi.Accessible] = []

    def walk(acc: Atspi.Accessible, depth: int) -> None:
        if depth > 60:
            return
        for i in range(acc.get_child_count()):
            child = acc.get_child_at_index(i)
            if child is None:
                continue
            states = _states(child)
            if not states.contains(Atspi.StateType.SHOWING):
                continue
            role = child.get_role()
            # A button that takes no focus (a line edit's clear button) is still pressed, and read, by name.
            if (states.contains(Atspi.StateType.FOCUSABLE) and role != Atspi.Role.MENU_BAR) or role in GROUPED_ROLES:
                out.append(child)
            if role not in CONTAINER_ROLES:
                walk(child, depth + 1)

    walk(window, 0)
    return out


def describe(acc: Atspi.Accessible) -> dict[str, object]:
    labelled_by = []
    for relation in acc.get_relation_set() or []:
        if relation.get_relation_type() == Atspi.RelationType.LABELLED_BY:
            for i in range(relation.get_n_targets()):
                target = relation.get_target(i)
                labelled_by.append((target.get_name() or _text_of(target)) if target else "")
    states = _states(acc)
    return {
        "role": acc.get_role_name(),
        "name": acc.get_name() or "",
        "labelled_by": labelled_by,
        "enabled": states.contains(Atspi.StateType.ENABLED),
        "focusable": states.contains(Atspi.StateType.FOCUSABLE),
        "where": _where(acc),
    }


def _where(acc: Atspi.Accessible) -> str:
    """The object's Qt identifier (object names from the window down), to find it in the code."""
    try:
        return acc.get_accessible_id() or ""
    except GLib.Error:
        return ""


def owner_in(acc: Atspi.Accessible | None, keys: set[str]) -> str | None:
    """The control a focused object belongs to: itself, or the list or table around its item."""
    probe = acc
    for _ in range(8):
        if probe is None:
            return None
        if probe.path in keys:
            return str(probe.path)
        probe = probe.get_parent()
    return None


def press(ear: Ear, keysym: int, timeout: float) -> Atspi.Accessible | None:
    """Press a key; the object that took focus, or None if focus did not move within ``timeout``."""
    before = len(ear.focused)
    Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)
    if pump_until(lambda: len(ear.focused) > before, timeout):
        return ear.focused[-1]
    return None


def tab_walk(ear: Ear, controls: list[Atspi.Accessible]) -> dict[str, object]:
    """Tab round the window once; then, from each button reached, the arrow keys through its group."""
    keys = {str(c.path) for c in controls}
    reached: dict[str, str] = {}
    stops: list[dict[str, object]] = []
    first: str | None = None
    stuck = None
    for _ in range(2 * len(controls) + 6):
        acc = press(ear, KEY_TAB, 1.5)
        if acc is None:
            # Focus did not move: one stop only, or a control that keeps Tab for itself.
            stuck = ear.focused[-1] if ear.focused else None
            owner = owner_in(stuck, keys)
            if owner is not None and not stops:
                reached[owner] = "tab"
                stops.append(describe(stuck))
            break
        if str(acc.path) == first:
            break  # round the whole window once
        first = first or str(acc.path)
        stops.append(describe(acc))
        owner = owner_in(acc, keys)
        if owner is not None:
            reached.setdefault(owner, "tab")
    for control in list(controls):
        if reached.get(str(control.path)) != "tab" or control.get_role() not in GROUPED_ROLES:
            continue
        parent = control.get_parent()
        group = {str(c.path) for c in controls if c.get_parent() == parent and c.get_role() in GROUPED_ROLES}
        if not group - set(reached):
            continue
        members = [c for c in controls if str(c.path) in group]
        checked = [c for c in members if _states(c).contains(Atspi.StateType.CHECKED)]
        for keysym in (KEY_RIGHT, KEY_DOWN, KEY_LEFT, KEY_UP):
            if not control.grab_focus():
                break
            for _n in range(len(group)):
                moved = press(ear, keysym, 0.4)
                if moved is None or str(moved.path) not in group:
                    break
                reached.setdefault(str(moved.path), "arrows")
        # In a one-of group the arrows also choose: put the choice back (the kiosk's language, say).
        # By the keyboard: the AT-SPI action toggles the button without the click the app listens to.
        for c in checked:
            if not _states(c).contains(Atspi.StateType.CHECKED) and c.grab_focus():
                Atspi.generate_keyboard_event(KEY_SPACE, None, Atspi.KeySynthType.SYM)
                pump_until(lambda c=c: _states(c).contains(Atspi.StateType.CHECKED), 1.0)
    enabled = [c for c in controls if _states(c).contains(Atspi.StateType.ENABLED)]
    stuck_at = describe(stuck) if stuck is not None and len(enabled) > 1 and len(stops) > 1 else None
    return {"stops": stops, "reached": reached, "stuck": stuck_at}


def read_scene(ear: Ear, pid: int, scene: dict) -> dict[str, object]:
    window = find_window(pid, scene["window"], 10.0)
    if window is None:
        return {"scene": scene["scene"], "error": f"no showing window named {scene['window']!r}"}
    controls = controls_of(window)
    before = {str(c.path): describe(c) for c in controls}  # as they were when the scene was shown
    report: dict[str, object] = {"scene": scene["scene"], "window": scene["window"]}
    if "press" in scene:
        target = next((c for c in controls if c.get_name() == scene["press"]), None)
        if target is None:
            report["error"] = f"no control named {scene['press']!r} to press"
            return report
        count = len(ear.heard)
        target.do_action(0)
        pump_until(lambda: len(ear.heard) > count, 3.0)
        report["heard"] = ear.heard[count:]
        return report
    walked = tab_walk(ear, controls)
    reached = walked["reached"]
    assert isinstance(reached, dict)
    # A label or a plain container that takes focus by click only is no control; one that Tab stops on is.
    report["controls"] = [
        {**before[str(c.path)], "reached": reached.get(str(c.path), "")}
        for c in controls
        if c.get_role() not in PASSIVE_ROLES or str(c.path) in reached
    ]
    report["stops"] = walked["stops"]
    report["stuck"] = walked["stuck"]
    return report


def main(argv: list[str]) -> int:
    if "--" not in argv or argv[:1] != ["--out"]:
        print("usage: a11y_reader.py --out REPORT.json -- APP-COMMAND...", file=sys.stderr)
        return 2
    out = argv[1]
    command = argv[argv.index("--") + 1 :]
    ear = Ear()
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_ACCESSIBILITY="1")
    app = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True)
    assert app.stdin is not None and app.stdout is not None
    scenes: list[dict[str, object]] = []
    try:
        while True:
            ready, _, _ = select.select([app.stdout], [], [], 60.0)
            if not ready:
                scenes.append({"error": "the app said nothing for 60 s"})
                break
            line = app.stdout.readline()
            if not line:
                scenes.append({"error": f"the app ended early ({app.wait()})"})
                break
            message = json.loads(line)
            if message.get("done"):
                break
            try:
                scenes.append(read_scene(ear, app.pid, message))
            except GLib.Error as error:  # an object went away under the reader: say so, go on
                scenes.append({"scene": message.get("scene"), "error": f"the tree changed while read: {error}"})
            app.stdin.write("next\n")
            app.stdin.flush()
    finally:
        if app.poll() is None:
            try:
                app.stdin.write("quit\n")
                app.stdin.flush()
                app.wait(20)
            except (OSError, subprocess.TimeoutExpired):
                app.kill()
                app.wait()
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"scenes": scenes}, f, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
