"""Settings → Verdict log → Shared server…: the window on a real PostgreSQL log, and offline."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, QTimer

from benchmarks.pg_cluster import PgCluster, SharedDb
from factdesk.gui.shared_server import SETTING, SharedServerDialog, server_url, use_server
from factdesk.model import VerdictState
from factdesk.store import VerdictLog
from factdesk.store.server import ServerLog

from .conftest import Windows

WAIT_MS = 30_000  # for the background check (a silent server holds it for its connect timeout)


def check(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Look at the server now, as the timer does, and wait for the background check to finish
    (after the one opening the log started, if it still runs)."""
    if window.server_watch.running:
        with qtbot.waitSignal(window.server_watch.checked, timeout=WAIT_MS):
            pass
    with qtbot.waitSignal(window.server_watch.checked, timeout=WAIT_MS):
        window.server_refresh()


@contextmanager
def silent_server() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts connections and never says a word (a hung server)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)  # the kernel completes the handshakes; nobody ever reads or answers
        yield listener.getsockname()[1]


@contextmanager
def server_answering_once_the_window_went_on(ticks: list[int]) -> Iterator[tuple[int, list[str]]]:
    """A server that leaves each connection unanswered until the window's timer has ticked 20 more
    times (``ticks``), then refuses it with an error. Notes for each connection whether its client
    was still waiting then ('answered'), or had given up meanwhile ('gone': it waited on the window's
    own thread, so the window could not tick until it gave up)."""
    outcomes: list[str] = []
    stop = threading.Event()

    def handle(conn: socket.socket, came: int) -> None:
        with conn:
            conn.settimeout(10)
            try:
                conn.recv(64)  # the client's first request (SSL?): no answer yet
                while len(ticks) < came + 20 and not stop.is_set():
                    stop.wait(0.005)
                conn.sendall(b"N")  # no SSL; a client still waiting sends its login next
                if not conn.recv(4096):
                    raise OSError("gone")
                message = b"SFATAL\0C08006\0Mthe server answered once the window had gone on\0\0"
                conn.sendall(b"E" + struct.pack("!I", len(message) + 4) + message)
                outcomes.append("answered")
            except OSError:
                outcomes.append("gone")

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        listener.settimeout(0.05)

        def serve() -> None:
            while not stop.is_set():
                try:
                    conn, _ = listener.accept()
                except TimeoutError:
                    continue
                threading.Thread(target=handle, args=(conn, len(ticks)), daemon=True).start()

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        try:
            yield listener.getsockname()[1], outcomes
        finally:
            stop.set()
            thread.join(5)


def test_the_window_records_on_the_shared_server_and_says_so(
    windows: Windows, seeds_analysis, shared: SharedDb, qtbot  # type: ignore[no-untyped-def]
) -> None:
    window = windows.with_analysis(seeds_analysis)
    dialog = SharedServerDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.url.setText(shared.url("ann"))
    with qtbot.waitSignal(dialog.tested, timeout=WAIT_MS) as tested:
        dialog.test_connection()
    assert tested.args == ["Connected: 0 verdicts in the shared log."]
    assert dialog.result.text() == "Connected: 0 verdicts in the shared log." and not dialog.testing
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
        use_server(window)  # opening the log does not wait for it: the background check tries
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


def test_testing_a_silent_server_in_the_dialog_keeps_the_window_responsive(
    windows: Windows, qtbot  # type: ignore[no-untyped-def]
) -> None:
    """Test connection waits for the server's answer off the UI thread, a busy bar showing: the
    window's timer keeps ticking all the while, and the dialog says what it found in the end."""
    window = windows.new()
    dialog = SharedServerDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    seen: list[tuple[bool, bool]] = []  # (testing, the button enabled) at each tick of the window's timer
    ticker = QTimer(window)
    ticker.setInterval(10)
    ticker.timeout.connect(lambda: seen.append((dialog.testing, dialog.test.isEnabled())))
    with silent_server() as port:
        dialog.url.setText(f"postgresql://ann:secret-pw@127.0.0.1:{port}/factdesk")
        ticker.start()
        with qtbot.waitSignal(dialog.tested, timeout=WAIT_MS) as tested:
            qtbot.mouseClick(dialog.test, Qt.MouseButton.LeftButton)
            assert dialog.testing and dialog.result.text() == "Testing the connection…"
        ticker.stop()
    assert seen.count((True, False)) >= 10  # the event loop ran on while the test waited
    assert not dialog.testing and dialog.test.isEnabled()
    assert tested.args[0].startswith(f"cannot reach the shared verdict log postgresql://ann@127.0.0.1:{port}/factdesk")
    assert dialog.result.text() == tested.args[0] and "secret-pw" not in tested.args[0]


def test_a_dialog_closed_while_its_test_waits_neither_waits_nor_hears_of_it(
    windows: Windows, qtbot  # type: ignore[no-untyped-def]
) -> None:
    window = windows.new()
    dialog = SharedServerDialog(window.settings, window)
    heard: list[str] = []
    dialog.tested.connect(heard.append)
    with silent_server() as port:
        dialog.url.setText(f"postgresql://ann@127.0.0.1:{port}/factdesk")
        dialog.test_connection()
        assert dialog.testing
        dialog.reject()
        dialog.deleteLater()
        qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=WAIT_MS)
    qtbot.wait(50)  # the test's outcome, queued for the dialog, is dropped with it
    assert heard == []


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


def test_the_window_never_waits_for_a_silent_server_on_its_own_thread(
    windows: Windows, seeds_analysis, qtbot  # type: ignore[no-untyped-def]
) -> None:
    """Opening the log on a server that does not answer, showing a case (its log is checked) and
    recording a verdict make no connection on the window's thread: every connection the server
    sees is still waiting when the window's timer has ticked 20 times since it came."""
    window = windows.with_analysis(seeds_analysis)
    ticks: list[int] = []
    ticker = QTimer(window)
    ticker.setInterval(10)
    ticker.timeout.connect(lambda: ticks.append(1))
    ticker.start()
    with server_answering_once_the_window_went_on(ticks) as (port, outcomes):
        window.settings.set(SETTING, f"postgresql://ann@127.0.0.1:{port}/factdesk")
        use_server(window)  # opens the log on the server: the background check connects
        check(window, qtbot)
        assert "the server answered once the window had gone on" in window.server_status.toolTip()
        window.show_analysis(seeds_analysis)  # checks the case's log: not on the server until connected
        window.select_claim(seeds_analysis.claims[0].id)
        window.record_verdict(VerdictState.VERIFIED)  # kept in the local log at once, unsent
        assert not window.book.pending
        check(window, qtbot)
        ticker.stop()
    assert window.server_status.text() == "○ Shared log offline · 1 waiting to be sent"
    assert outcomes and set(outcomes) == {"answered"}, outcomes
