"""Settings → Verdict log → Shared server…: the window on a real PostgreSQL log, and offline."""

from __future__ import annotations

from pathlib import Path

from benchmarks.pg_cluster import SharedDb
from factdesk.gui.shared_server import SETTING, SharedServerDialog, server_url, use_server
from factdesk.model import VerdictState
from factdesk.store import VerdictLog
from factdesk.store.server import ServerLog

from .conftest import Windows


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
    window.server_refresh()
    assert window.server_status.text() == "● Shared log connected"
    with ServerLog(shared.url("desk"), readonly=True) as server:
        assert [v.verdict for v in server.history(server.case_keys()[0])] == ["disputed"]


def test_offline_the_window_keeps_verdicts_locally_and_counts_them(
    windows: Windows, seeds_analysis, tmp_path: Path, db_path: Path  # type: ignore[no-untyped-def]
) -> None:
    window = windows.with_analysis(seeds_analysis)
    window.settings.set(SETTING, f"postgresql://ann@/factdesk?host={tmp_path}&port=1")  # nobody there
    use_server(window)
    window.select_claim(seeds_analysis.claims[0].id)
    window.record_verdict(VerdictState.VERIFIED)
    assert not window.book.pending  # not pending: safe in the local log
    window.server_refresh()
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
