"""The main window: every page there, reachable by keyboard, named for screen readers, scalable."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

from desktop.app import LARGE_TEXT_SCALE
from desktop.ui.pages import PAGES


def test_every_capability_has_a_page_in_the_sidebar(controller):
    window = controller.window
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles == ["Today", "Lessons", "Sessions", "Sign-in", "Pairing", "Handouts", "Sync", "Reports"]
    assert set(window.pages) == {spec.key for spec in PAGES}


def test_ctrl_number_jumps_to_a_page(controller, qtbot):
    window = controller.window
    window.show()
    qtbot.waitExposed(window)
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.pages["reports"]
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.pages["today"]


def unnamed_controls(root: QWidget) -> list[str]:
    """Interactive widgets a screen reader would announce with no name."""
    interactive = (
        QAbstractButton,
        QLineEdit,
        QAbstractItemView,
        QComboBox,
        QAbstractSpinBox,
        QTextEdit,
        QPlainTextEdit,
        QAbstractSlider,
    )
    found = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, interactive) or not w.isVisibleTo(root):
            continue
        if isinstance(w.parent(), (QAbstractSpinBox, QComboBox, QAbstractItemView)):
            continue  # parts of a composite control, named through it
        if isinstance(w, QScrollBar):
            continue  # scroll bars belong to the scroll area they move
        iface = QAccessible.queryAccessibleInterface(w)
        if iface is None or not iface.text(QAccessible.Text.Name).strip():
            found.append(f"{type(w).__name__} in {type(w.window()).__name__}")
    return found


def test_every_control_on_every_page_has_an_accessible_name(controller):
    window = controller.window
    window.show()
    problems = []
    for key in window.pages:
        window.show_page(key)
        problems += [f"{key}: {p}" for p in unnamed_controls(window.pages[key])]
    problems += unnamed_controls(window.sidebar.parentWidget())
    assert problems == []


def test_large_text_scales_the_whole_ui_and_is_remembered(controller):
    from desktop import settings as S

    window = controller.window
    window.show()
    before = QApplication.font().pointSizeF()
    # Pages built before the switch, one on screen and one hidden behind it, follow the new size.
    window.show_page("today")
    window.show_page("pairing")
    window.large_text_action.setChecked(True)
    QApplication.processEvents()  # Qt posts the font change to the windows
    large = QApplication.font().pointSizeF()
    assert large == pytest.approx(before * LARGE_TEXT_SCALE)
    assert window.pages["pairing"].heading.font().pointSizeF() == pytest.approx(1.6 * large)
    window.show_page("today")
    assert window.pages["today"].heading.font().pointSizeF() == pytest.approx(1.6 * large)
    assert controller.settings.get(S.LARGE_TEXT) is True


@pytest.mark.parametrize("language", ["en", "es"])
def test_with_large_text_every_page_fits_a_1280_by_720_laptop_screen(controller, language):
    """The widest page (Pairing's button rows, in Spanish) and the sidebar together fit 1280 pixels, and the
    tallest page (Reports) fits 720."""
    controller.apply_language(language, rebuild=True)
    controller.apply_large_text(True, save=False)
    window = controller.window
    window.show()
    for spec in PAGES:
        window.show_page(spec.key)
        QApplication.processEvents()
    sizes = {key: window.pages[key].minimumSizeHint().toTuple() for key in window.pages}
    assert window.minimumSizeHint().width() <= 1280, sizes
    assert window.minimumSizeHint().height() <= 720, sizes


def test_switching_to_spanish_rebuilds_the_window_in_spanish(controller):
    controller.apply_language("es", rebuild=True)
    window = controller.window
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles[0] == "Hoy" and "Informes" in titles
    assert window.pages["today"].heading.text() == "Hoy"


def test_print_pair_cards_on_the_pairing_page_opens_table_cards_for_that_session(controller, qtbot):
    window = controller.window
    controller.ctx.tasks.synchronous = True
    with controller.ctx.db.session() as s:
        from sqlalchemy import select

        from desktop.models import PairingRound

        session_id = s.scalars(select(PairingRound.session_id)).first()
    window.pages["pairing"].print_cards_requested.emit(session_id, [])
    handouts = window.pages["handouts"]
    assert window.stack.currentWidget() is handouts
    assert handouts.kind.currentData() == "pair-cards"
    assert handouts.session.currentData() == session_id
    # Made on the page's own workers: waited for (bounded); if it is not made, the page says why.
    qtbot.waitUntil(lambda: handouts.pdf is not None or not handouts.loading, timeout=30_000)
    assert handouts.pdf is not None and handouts.pdf.startswith(b"%PDF"), handouts.status.text()


def test_back_up_now_saves_a_backup_where_the_app_restores_from_and_says_where(controller):
    from desktop.backup import list_backups
    from desktop.paths import backups_dir

    controller.ctx.tasks.synchronous = True
    window = controller.window
    (action,) = [a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&Back up now"]
    action.trigger()
    (backup,) = list_backups(backups_dir(controller.ctx.data_dir))
    assert backup.reason == "manual"
    # Said with the time, not the file's path: restoring lists the backups by date.
    message = window.statusBar().currentMessage()
    assert message.startswith("Backup saved at ") and str(backup.path.parent) not in message


def overlapping_siblings(root: QWidget) -> list[str]:
    """Pairs of visible widgets laid out side by side in one layout whose rectangles intersect."""
    found = []
    for parent in (root, *root.findChildren(QWidget)):
        layout = parent.layout()
        if layout is None or not parent.isVisibleTo(root):
            continue
        items = [item.widget() for i in range(layout.count()) if (item := layout.itemAt(i)) is not None]
        shown = [w for w in items if w is not None and w.isVisibleTo(root) and not w.geometry().isEmpty()]
        for i, a in enumerate(shown):
            for b in shown[i + 1 :]:
                if a.geometry().intersects(b.geometry()):
                    found.append(f"{type(parent).__name__}: {a.objectName() or type(a).__name__} / {type(b).__name__}")
    return found


def test_switching_large_text_lays_out_every_page_and_the_sidebar_again(controller, qtbot):
    from desktop.ops import pairing as pairing_ops
    from desktop.pairing import pair
    from desktop.pairing.store import load_inputs, sessions_for_pairing

    window = controller.window
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    with controller.ctx.db.transaction() as s:  # a pairing on the board, so the page shows its cards
        session_id = sessions_for_pairing(s)[0].id
        pairing_ops.start_round(s, session_id, list(pair(load_inputs(s, session_id).people).groups), 0)
    sidebar = window.sidebar
    before = (sidebar.minimumWidth(), sidebar.visualItemRect(sidebar.item(0)).height())
    window.large_text_action.setChecked(True)
    after = (sidebar.minimumWidth(), sidebar.visualItemRect(sidebar.item(0)).height())
    assert after[0] > before[0] and after[1] > before[1], (before, after)
    assert sidebar.width() >= sidebar.minimumWidth()
    for spec in PAGES:
        page = window.show_page(spec.key)
        qtbot.waitUntil(lambda p=page: not getattr(p, "loading", False), timeout=5000)
        QApplication.processEvents()
        assert not overlapping_siblings(window), (spec.key, overlapping_siblings(window))
    cards = [c for c in window.pages["pairing"].findChildren(QWidget) if type(c).__name__ == "GroupCard"]
    assert cards, "the pairing page shows its table cards"
