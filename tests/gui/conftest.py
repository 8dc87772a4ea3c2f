"""GUI fixtures: the real seed case analysed once per session, windows on temporary settings and logs."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from factdesk.analysis import analyze
from factdesk.case import load_case
from factdesk.gui.app import make_app
from factdesk.gui.main_window import MainWindow
from factdesk.gui.settings import Settings
from factdesk.gui.verdicts import VerdictBook
from factdesk.model import Analysis, Claim, Status

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
ANALYSIS_TIMEOUT_MS = 180_000
LOG_CHECK_TIMEOUT_MS = 60_000
EDITOR = "ann"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's verdict log or settings."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("FACTDESK_HOME", str(home))
    monkeypatch.delenv("FACTDESK_DB", raising=False)
    monkeypatch.setenv("FACTDESK_EDITOR", EDITOR)


@pytest.fixture(scope="session")
def qapp_cls():  # pytest-qt: build the application the way factdesk does
    return type(make_app())


@pytest.fixture(scope="session")
def seeds_analysis() -> Analysis:
    return analyze(load_case(str(SEEDS)))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "home" / "factdesk.sqlite3"


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "home" / "settings.ini"


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed case (same folder name, so the same case key)."""
    dest = tmp_path / "cases" / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


class Windows:
    """Opens real windows on the test's own settings file and verdict log."""

    def __init__(self, qtbot, settings_path: Path, db_path: Path):  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.settings_path = settings_path
        self.db_path = db_path
        self.opened: list[MainWindow] = []

    def new(self, size: tuple[int, int] | None = (1600, 1000)) -> MainWindow:
        settings = Settings(QSettings(str(self.settings_path), QSettings.Format.IniFormat))
        window = MainWindow(settings, VerdictBook(self.db_path), interactive=False)
        if size is not None:
            window.resize(*size)
        self.qtbot.addWidget(window)
        with self.qtbot.waitActive(window):  # window shortcuts (J, V, Ctrl+Z...) need the active window
            window.show()
            window.activateWindow()
        self.opened.append(window)
        return window

    def with_analysis(self, analysis: Analysis, sources: list[str] | None = None) -> MainWindow:
        """A window showing ``analysis``, once the background check of the verdict log has ended too."""
        window = self.new()
        window.show_analysis(analysis, sources or [str(SEEDS)])
        self.log_checked(window)
        return window

    def open_and_wait(self, sources: list[str]) -> MainWindow:
        window = self.new()
        with self.qtbot.waitSignal(window.analysisShown, timeout=ANALYSIS_TIMEOUT_MS):
            window.open_sources(sources)
        self.log_checked(window)
        return window

    def log_checked(self, window: MainWindow) -> None:
        """Wait until the window's check of the verdict log (started as an analysis shows) is shown."""
        if window.log_check.busy:
            with self.qtbot.waitSignal(window.logChecked, timeout=LOG_CHECK_TIMEOUT_MS):
                pass

    def close_all(self) -> None:
        for w in self.opened:
            if w.isVisible():
                w.close()


@pytest.fixture
def windows(qtbot, settings_path: Path, db_path: Path) -> Iterator[Windows]:  # type: ignore[no-untyped-def]
    w = Windows(qtbot, settings_path, db_path)
    yield w
    w.close_all()


def first(analysis: Analysis, status: Status, min_articles: int = 2) -> Claim:
    return next(c for c in analysis.claims if c.status is status and len(set(c.files)) >= min_articles)
