"""Qt's own button words (Save, Cancel) follow the app's language, whichever controller set it."""

from __future__ import annotations

import argparse
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialogButtonBox


def cancel_text() -> str:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    text = box.button(QDialogButtonBox.StandardButton.Cancel).text()
    box.deleteLater()
    return text.replace("&", "")


def test_switching_back_to_english_removes_qts_spanish_words_installed_by_an_earlier_window(
    qtbot, data_dir: Path
) -> None:
    from desktop.app import AppController
    from desktop.i18n import set_language

    def make() -> AppController:
        args = argparse.Namespace(data_dir=data_dir, demo=True, self_test=False, large_text=False, language="en")
        return AppController(QApplication.instance(), args)

    earlier, later = make(), make()
    try:
        earlier.apply_language("es", rebuild=False)
        assert cancel_text() == "Cancelar"
        later.apply_language("en", rebuild=False)
        assert cancel_text() == "Cancel"
    finally:
        earlier.apply_language("en", rebuild=False)
        set_language("en")
