"""Sessions scene: "Enter paper sign-ins", with rows typed in and one problem shown beside its row."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.sessions.planning import list_sessions
from desktop.ui.sessions.paper_signins import PaperSignInsDialog


def paper_signins_scenes(window) -> list[tuple[str, QWidget]]:
    """For ``make screenshots``: the screen part-way through typing a sheet in (nothing is saved)."""
    ctx = window.ctx
    with ctx.db.session() as s:
        session = list_sessions(s)[0]
    dialog = PaperSignInsDialog(ctx, session.id, session.title, window)
    for line, (code, name, ticks, contact) in zip(
        dialog.lines,
        [
            ("1", "Ana", (True, True, False), "ana@example.org"),
            ("2", "Kwame", (False, False, True), ""),
            ("XYZ-03", "Nguyễn Thị Hoa", (True, False, False), ""),
            ("4", "", (False, False, False), ""),
        ],
        strict=False,
    ):
        line.code.setText(code)
        line.name.setText(name)
        for box, ticked in zip((line.first_time, line.contact_me, line.photos_ok), ticks, strict=True):
            box.setChecked(ticked)
        line.contact.setText(contact)
        dialog.check_code(line)
    return [("paper-signins", dialog)]
