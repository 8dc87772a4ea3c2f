"""Help → About, Help → Keyboard shortcuts (F1) and the first-run hint on the sample case."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QInputDialog

from factdesk import __version__
from factdesk.gui.help import MODEL_NOT_LOADED, OTHER_GROUP
from factdesk.gui.main_window import SAMPLE_HINT, SAMPLE_HINT_KEY, MainWindow
from factdesk.gui.settings import Settings
from factdesk.gui.verdicts import VerdictBook
from factdesk.model import Analysis
from factdesk.resources import sample_case_dir

from .conftest import ANALYSIS_TIMEOUT_MS, SEEDS

FALLBACK = "spaCy model en_core_web_sm is not installed: using a rule-based fallback"


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&#x27;", "'").replace("&amp;", "&")


def hinted(windows) -> MainWindow:  # type: ignore[no-untyped-def]
    """A window that shows first-run hints (test windows are not interactive, like screenshot runs)."""
    window = windows.new()
    window.hints = True
    return window


def elsewhere(analysis: Analysis, folder: Path) -> Analysis:
    """The same articles read from another folder (same name 'seeds', so the same case key)."""
    return dataclasses.replace(analysis, case=dataclasses.replace(analysis.case, path=str(folder)))


def hint_shown(window: MainWindow) -> bool:
    return window.messages.isVisible() and window.messages.key == SAMPLE_HINT_KEY


def close_warning(window: MainWindow) -> None:
    """Without the spaCy model the analysis carries a warning, which the bar shows before the hint."""
    if window.messages.level == "warning":
        window.messages.close_button.click()


@pytest.fixture
def quiet(seeds_analysis: Analysis) -> Analysis:
    """The sample case's analysis without warnings (the bar is free for the hint)."""
    return dataclasses.replace(seeds_analysis, warnings=(),
                               case=dataclasses.replace(seeds_analysis.case, warnings=()))


# -- About --------------------------------------------------------------------------------------------


def test_about_shows_the_version_the_log_and_the_settings(windows, db_path: Path, settings_path: Path) -> None:
    window = windows.new()
    window.act["about"].trigger()
    dialog = window.about_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.title.text() == f"factdesk {__version__}"
    assert dialog.values["Verdict log"].text() == str(db_path)
    assert dialog.values["Settings"].text() == str(settings_path)
    assert dialog.values["Language model"].text() == MODEL_NOT_LOADED
    assert "Warnings" not in dialog.values
    for name in ("Qt", "PySide6", "Python"):
        assert re.match(r"\d+\.\d+", dialog.values[name].text()), name
    for label in dialog.values.values():  # paths can be selected and copied
        assert label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert not dialog.windowIcon().isNull()
    assert "About factdesk" in window.act["about"].text()


def test_about_without_a_window_log_names_the_default_log(windows, tmp_path: Path) -> None:
    window = MainWindow(Settings(QSettings(str(windows.settings_path), QSettings.Format.IniFormat)),
                        interactive=False)
    windows.qtbot.addWidget(window)
    assert window.book is None
    dialog = window.show_about()
    assert dialog.values["Verdict log"].text() == str(tmp_path / "home" / "factdesk.sqlite3")  # $FACTDESK_HOME
    assert window.book is None  # showing where the log is does not open it


def test_about_names_the_model_and_the_warnings_of_the_analysis(windows, seeds_analysis: Analysis,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import factdesk.text.pipeline

    def no_loading():  # type: ignore[no-untyped-def]
        raise AssertionError("About must not load the language model on the UI thread")

    monkeypatch.setattr(factdesk.text.pipeline, "load_pipeline", no_loading)
    window = windows.new()
    assert window.show_about().values["Language model"].text() == MODEL_NOT_LOADED
    window.about_dialog.close()
    warned = dataclasses.replace(seeds_analysis, warnings=(FALLBACK,))
    window.show_analysis(warned, [str(SEEDS)])
    dialog = window.show_about()  # the same dialog, brought up to date
    assert dialog is window.about_dialog
    assert dialog.values["Language model"].text() == seeds_analysis.model != ""
    assert dialog.values["Warnings"].text() == FALLBACK
    assert f"Language model: {seeds_analysis.model}" in dialog.text()


def test_copy_details_puts_the_paths_on_the_clipboard(windows, db_path: Path) -> None:
    dialog = windows.new().show_about()
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert copied.startswith(f"factdesk {__version__}\n")
    assert f"Verdict log: {db_path}" in copied


# -- keyboard shortcuts ---------------------------------------------------------------------------------


def test_f1_lists_the_verdict_keys_with_their_actions(windows) -> None:
    window = windows.new()
    windows.qtbot.keyClick(window.claims.table, Qt.Key.Key_F1)
    dialog = window.shortcuts_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.windowIcon().isNull()
    table = dialog.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["Keys", "Action"]
    rows = dict(dialog.rows())
    assert rows["J · F7"] == "Next flagged claim"
    assert rows["K · Shift+F7"] == "Previous flagged claim"
    assert rows["V"] == "Mark verified"
    assert rows["D"] == "Mark disputed"
    assert rows["U"] == "Mark unresolved"
    assert rows["N"] == "Write a note"
    assert rows["Ctrl+Z"] == "Undo last verdict"
    assert rows["F1"] == "Keyboard shortcuts"


def test_the_table_is_built_from_every_action_with_a_shortcut(windows) -> None:
    window = windows.new()
    dialog = window.show_shortcuts()
    native = QKeySequence.SequenceFormat.NativeText
    listed = {key for keys, _ in dialog.rows() for key in keys.split(" · ")}
    real = {s.toString(native) for a in window.findChildren(QAction) for s in a.shortcuts()}
    assert listed == real
    # a new action cannot be forgotten: F1 again shows it (under "Other" when it is in no menu)
    extra = QAction("&Compare wordings…", window)
    extra.setShortcut(QKeySequence("Ctrl+Shift+K"))
    window.addAction(extra)
    assert window.show_shortcuts() is dialog
    assert ("Ctrl+Shift+K", "Compare wordings") in dialog.rows()
    titles = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())
              if dialog.table.columnSpan(r, 0) == 2]
    assert titles == ["File", "Article", "Claim", "View", "Help", OTHER_GROUP]


# -- the first-run hint ------------------------------------------------------------------------------


def test_the_hint_appears_on_the_sample_case_and_stays_dismissed(windows, quiet: Analysis,
                                                                 settings_path: Path) -> None:
    assert sample_case_dir() is not None and sample_case_dir().resolve() == SEEDS.resolve()
    window = hinted(windows)
    window.show_analysis(quiet, [str(SEEDS)])
    assert hint_shown(window)
    assert plain(window.messages.text.text()) == SAMPLE_HINT
    close = window.messages.close_button
    assert close.isVisible()

    windows.qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not window.messages.isVisible()
    stored = QSettings(str(settings_path), QSettings.Format.IniFormat)
    assert stored.value(f"hints/{SAMPLE_HINT_KEY}_dismissed") in (True, "true")

    window.show_analysis(quiet, [str(SEEDS)])  # the sample case again, in this window
    assert not hint_shown(window)
    again = hinted(windows)  # and in the next session
    again.show_analysis(quiet, [str(SEEDS)])
    assert not hint_shown(again)


def test_the_hint_returns_after_a_reload_until_dismissed(windows) -> None:
    window = hinted(windows)
    with windows.qtbot.waitSignal(window.analysisShown, timeout=ANALYSIS_TIMEOUT_MS):
        window.open_sources([str(SEEDS)])
    close_warning(window)
    assert hint_shown(window)
    with windows.qtbot.waitSignal(window.analysisShown, timeout=ANALYSIS_TIMEOUT_MS):
        window.reload()
    close_warning(window)
    assert hint_shown(window)


def test_no_hint_for_another_case_even_one_named_seeds(windows, quiet: Analysis, seeds_copy: Path) -> None:
    window = hinted(windows)
    window.show_analysis(elsewhere(quiet, seeds_copy), [str(seeds_copy)])
    assert not window.messages.isVisible()
    window.show_analysis(quiet, [str(SEEDS)])
    assert hint_shown(window)
    window.show_analysis(elsewhere(quiet, seeds_copy), [str(seeds_copy)])  # switching away
    assert not window.messages.isVisible()


def test_no_hint_in_windows_that_are_not_interactive(windows, quiet: Analysis) -> None:
    """Screenshot runs (interactive=False) keep the README pictures clean."""
    window = windows.with_analysis(quiet, [str(SEEDS)])
    assert not window.hints
    assert not window.messages.isVisible()


def test_a_warning_goes_first_then_the_hint(windows, quiet: Analysis, settings_path: Path) -> None:
    window = hinted(windows)
    window.show_analysis(dataclasses.replace(quiet, warnings=(FALLBACK,)), [str(SEEDS)])
    assert window.messages.level == "warning"
    windows.qtbot.mouseClick(window.messages.close_button, Qt.MouseButton.LeftButton)
    assert hint_shown(window)  # closing the warning is not dismissing the hint
    assert not Settings(QSettings(str(settings_path), QSettings.Format.IniFormat)).hint_dismissed(SAMPLE_HINT_KEY)
    window.messages.action.click()  # its button opens the keyboard shortcuts
    assert window.shortcuts_dialog is not None and window.shortcuts_dialog.isVisible()
    assert hint_shown(window)


# -- icons -----------------------------------------------------------------------------------------


def test_the_window_and_its_dialogs_carry_the_application_icon(windows, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTDESK_EDITOR")
    window = MainWindow(Settings(QSettings(str(windows.settings_path), QSettings.Format.IniFormat)),
                        VerdictBook(windows.db_path), interactive=True)
    windows.qtbot.addWidget(window)
    icon_key = window.windowIcon().cacheKey()
    assert not window.windowIcon().isNull()
    assert window.editor_name_dialog("Your name", "ann").windowIcon().cacheKey() == icon_key
    assert window.show_about().windowIcon().cacheKey() == icon_key
    assert window.show_shortcuts().windowIcon().cacheKey() == icon_key

    seen = {}

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        seen["icon"] = dialog.windowIcon().cacheKey()
        dialog.setTextValue("  Bea  ")
        dialog.accept()

    QTimer.singleShot(0, answer)
    assert window.ensure_editor() == "Bea"  # the first-run prompt
    assert seen["icon"] == icon_key
    assert window.settings.editor == "Bea"
