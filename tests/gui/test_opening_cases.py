"""Opening cases: the background analysis, drag and drop, reload, the screenshot and no-display modes."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication

from factdesk.gui.claims_model import CLAIM_ID_ROLE
from factdesk.model import Analysis, Status, VerdictState

from .conftest import ANALYSIS_TIMEOUT_MS, REPO, SEEDS, first


def table_ids(window) -> list[str]:  # type: ignore[no-untyped-def]
    proxy = window.claims.proxy
    return [proxy.index(r, 0).data(CLAIM_ID_ROLE) for r in range(proxy.rowCount())]


def test_opening_the_seeds_fills_the_table_with_its_claims(windows, seeds_analysis: Analysis) -> None:
    window = windows.open_and_wait([str(SEEDS)])
    assert window.windowTitle() == "seeds — factdesk"
    assert table_ids(window) == [c.id for c in seeds_analysis.claims]
    summaries = [window.claims.model.claim(r).summary for r in range(window.claims.model.rowCount())]
    assert summaries == [c.summary for c in seeds_analysis.claims]
    assert [p.article.file for p in window.articles.panes] == [a.file for a in seeds_analysis.articles]
    # the most urgent claim is selected and shown
    assert window.claim is not None and window.claim.id == seeds_analysis.claims[0].id
    assert window.claim.status is Status.CONFLICT
    assert not window.messages.isVisible() or window.messages.level != "error"


def test_the_analysis_reports_progress_and_never_blocks_the_window(windows, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty cache"))  # parsed, not read from the cache
    window = windows.new()
    progress: list[float] = []
    window.runner.progress.connect(lambda f, _what: progress.append(f))
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    with windows.qtbot.waitSignal(window.analysisShown, timeout=ANALYSIS_TIMEOUT_MS):
        window.open_sources([str(SEEDS)])
        assert window.runner.busy and window.progress.isVisible() and window.cancel_button.isVisible()
        assert "analysing" in window.windowTitle()
    timer.stop()
    assert progress and progress[-1] == 1.0
    assert progress == sorted(progress) and len(set(progress)) >= 4
    assert not window.progress.isVisible()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) > 50
    assert max(gaps) < 0.5, f"the UI thread stalled for {max(gaps):.2f} s"


def test_cancel_stops_the_analysis_and_says_so(windows) -> None:
    window = windows.new()
    with windows.qtbot.waitSignal(window.runner.cancelled, timeout=ANALYSIS_TIMEOUT_MS):
        window.open_sources([str(SEEDS)])
        window.cancel_button.click()
    assert not window.runner.busy
    assert "cancelled" in window.messages.message


def test_an_unreadable_case_is_a_message_not_a_traceback(windows, tmp_path: Path) -> None:
    empty = tmp_path / "empty-case"
    empty.mkdir()
    window = windows.new()
    with windows.qtbot.waitSignal(window.runner.failed, timeout=ANALYSIS_TIMEOUT_MS):
        window.open_sources([str(empty)])
    assert window.messages.level == "error"
    assert "no articles" in window.messages.message


def drop(window, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPoint(window.width() // 2, window.height() // 3)
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)


def test_dropping_a_folder_opens_it_and_dropping_a_file_adds_it(windows, tmp_path: Path) -> None:
    case = tmp_path / "dropped-case"
    case.mkdir()
    articles = sorted(SEEDS.glob("*.txt"))
    for a in articles[:3]:
        shutil.copy(a, case)
    window = windows.new()
    with windows.qtbot.waitSignal(window.analysisShown, timeout=ANALYSIS_TIMEOUT_MS):
        drop(window, [case])
    assert window.windowTitle() == "dropped-case — factdesk"
    assert len(window.articles.panes) == 3 and window.claims.model.rowCount() > 0
    with windows.qtbot.waitSignal(window.analysisShown, timeout=ANALYSIS_TIMEOUT_MS):
        drop(window, [articles[3]])
    assert [p.article.file for p in window.articles.panes] == [a.name for a in articles[:4]]
    assert window.case is not None and window.case.name == "dropped-case"  # the verdicts stay attached


def test_reload_reattaches_verdicts_and_marks_changed_wording_stale(windows, seeds_copy: Path) -> None:
    window = windows.open_and_wait([str(seeds_copy)])
    analysis = window.analysis
    claim = next(c for c in analysis.claims if c.status is Status.HEDGED and c.kind.value == "number"
                 and any(m.qualifier for m in c.mentions) and c.majority)
    hedge = next(m for m in claim.mentions if m.qualifier and m.text != claim.majority)
    window.select_claim(claim.id)
    window.record_verdict(VerdictState.VERIFIED)
    # an editor changes one article's hedge of the figure
    assert hedge.qualifier and hedge.text.lower().startswith(hedge.qualifier.lower())
    reworded = ("about" if hedge.qualifier != "about" else "over") + hedge.text[len(hedge.qualifier):]
    path = seeds_copy / hedge.file
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text[:hedge.start] + reworded + text[hedge.end:])
    with windows.qtbot.waitSignal(window.analysisShown, timeout=ANALYSIS_TIMEOUT_MS):
        window.reload()
    again = next(c for c in window.analysis.claims if c.fingerprint == claim.fingerprint)
    assert window.claim is not None and window.claim.fingerprint == claim.fingerprint  # still selected
    info = window.claims.model.verdicts[again.id]
    assert info.state is VerdictState.VERIFIED and info.stale
    model = window.claims.model
    assert "stale" in model.index(model.row_of(again.id), model.verdict_column).data()
    assert "stale" in window.panel.state_label.text()


def child_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(FACTDESK_HOME=str(home), FACTDESK_EDITOR="ann", **extra)
    return env


def test_the_screenshot_option_renders_the_window_with_the_claim_selected(tmp_path: Path,
                                                                         seeds_analysis: Analysis) -> None:
    shot = tmp_path / "window.png"
    conflict = first(seeds_analysis, Status.CONFLICT)
    done = subprocess.run(
        [sys.executable, "-m", "factdesk", "open", str(SEEDS),
         "--screenshot", str(shot), "--select", conflict.id],
        env=child_env(tmp_path, QT_QPA_PLATFORM="offscreen"), cwd=REPO, capture_output=True, text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert not image.isNull() and image.width() >= 1000 and image.height() >= 600
    assert "Traceback" not in done.stderr


def test_without_a_display_the_report_is_printed_instead(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "factdesk.launch", str(SEEDS)], env=child_env(tmp_path),
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.stdout.startswith("No display found: printing the check report and writing the sheet to "
                                  "sheet.pdf instead")
    assert "case seeds: 5 articles" in done.stdout
    assert "wrote sheet.pdf" in done.stdout
    assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF")
    assert "Traceback" not in done.stderr
