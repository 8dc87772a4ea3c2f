"""Settings → Verdict log → Shared server…: the window on a real PostgreSQL log, and offline."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QTimer

from benchmarks.pg_cluster import PgCluster, SharedDb
from factdesk.gui.shared_server import SETTING, SharedServerDialog, server_url, use_server
from factdesk.model import VerdictState
from factdesk.store import VerdictLog
from factdesk.store.server import ServerLog

from .conftest import Windows

WAIT_MS = 30_000  # for the background check (a silent server holds it for its connect timeout)


def check(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Look at the server now, as the timer does, and wait for the background check to finish."""
    with qtbot.waitSignal(window.server_watch.checked, timeout=WAIT_MS):
        window.server_refresh()


@contextmanager
def silent_server() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts connections and never says a word (a hung server)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)  # the kernel completes the handshakes; nobody ever reads or answers
        yield listener.getsockname()[1]


def test_the_window_records_on_the_shared_server_and_says_so(
    windows: Windows, seeds_analysis, shared: SharedDb, qtbot  # type: ignore[no-untyped-def]
) -> None:
    window = windows.with_analysis(seeds_analysis)
    dialog = SharedServerDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.url.setText(shared.url("ann"))
    assert dialog.test_connection() == "Connected: 0 verdicts in the shared log."
    dialog.accept()
    assert server_url(window.settings) == shared.url("ann")
    use_server(window)
    window.select_claim(seeds_analysis.claims[0].id)
    window.record_verdict(VerdictState.DISPUTED)
    check(window, qtbot)
    assert window.server_status.text() == "● Shared log connected"
    with ServerLog(shared.url("desk"), readonly=True) as server:
        assert [v.verdict for v in server.history(server.case_keys()[0])] == ["disputed"]


def test_offline_the_window_keeps_verdicts_locally_and_counts_them(
    windows: Windows, seeds_analysis, tmp_path: Path, db_path: Path, qtbot  # type: ignore[no-untyped-def]
) -> None:
    window = windows.with_analysis(seeds_analysis)
    window.settings.set(SETTING, f"postgresql://ann@/factdesk?host={tmp_path}&port=1")  # nobody there
    use_server(window)
    window.select_claim(seeds_analysis.claims[0].id)
    window.record_verdict(VerdictState.VERIFIED)
    assert not window.book.pending  # not pending: safe in the local log
    check(window, qtbot)
    assert window.server_status.text() == "○ Shared log offline · 1 waiting to be sent"
    assert "cannot reach the shared verdict log" in window.server_status.toolTip()
    with VerdictLog(db_path) as local:
        assert local.count_unsent() == 1


def test_a_wrong_address_is_refused_in_the_dialog(windows: Windows, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = windows.new()
    dialog = SharedServerDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.url.setText("db.newsroom/factdesk")
    dialog.accept()
    assert "Not a PostgreSQL address" in dialog.result.text()
    assert server_url(window.settings) == ""


def test_a_server_that_never_answers_does_not_freeze_the_window(
    windows: Windows, seeds_analysis, qtbot  # type: ignore[no-untyped-def]
) -> None:
    window = windows.with_analysis(seeds_analysis)
    with silent_server() as port:
        window.settings.set(SETTING, f"postgresql://ann@127.0.0.1:{port}/factdesk")
        use_server(window)  # opening the log finds the server silent: offline
        ticks = []
        ticker = QTimer(window)
        ticker.setInterval(10)
        ticker.timeout.connect(lambda: ticks.append(window.server_watch.running))
        ticker.start()
        check(window, qtbot)  # the check waits for the silent server's connect timeout...
        ticker.stop()
    assert ticks.count(True) >= 10  # ...while the window's own timer kept firing all along
    assert window.server_status.text() == "○ Shared log offline"
    window.select_claim(seeds_analysis.claims[0].id)
    window.record_verdict(VerdictState.VERIFIED)  # offline: kept in the local log at once
    assert not window.book.pending


def test_the_window_sends_waiting_verdicts_once_when_the_server_is_back(
    windows: Windows, seeds_analysis, pg: PgCluster, shared: SharedDb, db_path: Path, qtbot  # type: ignore[no-untyped-def]
) -> None:
    window = windows.with_analysis(seeds_analysis)
    window.settings.set(SETTING, shared.url("ann"))
    use_server(window)
    window.server_watch.timer.setInterval(50)  # the status bar's timer, looking more often
    pg.stop("fast")
    try:
        window.select_claim(seeds_analysis.claims[0].id)
        window.record_verdict(VerdictState.DISPUTED)
        assert not window.book.pending  # safe in the local log, unsent
        qtbot.waitUntil(
            lambda: window.server_status.text() == "○ Shared log offline · 1 waiting to be sent", timeout=WAIT_MS
        )
    finally:
        pg.start()
    qtbot.waitUntil(lambda: window.server_status.text() == "● Shared log connected", timeout=WAIT_MS)
    for _ in range(3):  # more checks with the server there: nothing is sent again
        qtbot.waitSignal(window.server_watch.checked, timeout=WAIT_MS).wait()
    with ServerLog(shared.url("desk"), readonly=True) as server:
        assert [v.verdict for v in server.history(server.case_keys()[0])] == ["disputed"]
    with VerdictLog(db_path) as local:
        assert local.count_unsent() == 0
