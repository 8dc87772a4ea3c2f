"""The Article menu in a real window: paste, add from a URL (a real server on 127.0.0.1), properties;
and the offer to reload when the case changes on disk."""

from __future__ import annotations

import tomllib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from factdesk.gui import article_menu
from factdesk.gui.main_window import MainWindow

from .conftest import ANALYSIS_TIMEOUT_MS

PASTED = ("Floods close 40 roads\n\nFloods closed 40 roads on Monday and 300 people left their homes, "
          "officials said. The river rose two metres overnight.\n")


def pane_headers(window: MainWindow) -> list[str]:
    return [p.file_label.text() for p in window.articles.panes]


def column_headers(window: MainWindow) -> list[str]:
    model = window.claims.model
    return [str(model.headerData(i, Qt.Orientation.Horizontal))
            for i in range(model.columnCount())]


def test_paste_as_new_article_adds_a_pane_named_by_its_outlet(windows, seeds_copy: Path) -> None:
    window = windows.open_and_wait([str(seeds_copy)])
    before = len(window.articles.panes)
    QGuiApplication.clipboard().setText(PASTED)
    assert window.act["paste_article"].shortcuts()[0].toString() == "Ctrl+Shift+V"
    with windows.qtbot.waitSignal(window.analysisShown, timeout=ANALYSIS_TIMEOUT_MS):
        assert article_menu.paste_as_new_article(window, outlet="Radio Example") == "radio-example.txt"
    assert len(window.articles.panes) == before + 1
    assert "Radio Example" in pane_headers(window)
    assert any("Radio Example" in h for h in column_headers(window))
    assert (seeds_copy / "radio-example.txt").read_text(encoding="utf-8") == PASTED


def test_add_from_url_fetches_in_the_background_and_shows_the_outlet(windows, seeds_copy: Path,
                                                                     page_server) -> None:
    window = windows.open_and_wait([str(seeds_copy)])
    dialog = article_menu.add_from_url(window)
    assert dialog is not None
    dialog.url.setText(page_server.url("/r1"))
    with windows.qtbot.waitSignal(window.analysisShown, timeout=ANALYSIS_TIMEOUT_MS):
        dialog.add_button.click()
    assert "The Daily Example" in pane_headers(window)
    assert (seeds_copy / "archive" / "the-daily-example.html").is_file()
    assert len(window.case.articles) == 6


def test_a_failed_fetch_is_one_line_in_the_dialog_and_changes_nothing(windows, seeds_copy: Path,
                                                                      page_server) -> None:
    window = windows.open_and_wait([str(seeds_copy)])
    before = sorted(p.name for p in seeds_copy.iterdir())
    dialog = article_menu.add_from_url(window)
    assert dialog is not None
    dialog.url.setText(page_server.url("/paper.pdf"))
    dialog.add_button.click()
    windows.qtbot.waitUntil(lambda: not dialog.busy and "PDF" in dialog.status.text(), timeout=10_000)
    assert "not a web page" in dialog.status.text()
    assert dialog.isVisible()
    assert sorted(p.name for p in seeds_copy.iterdir()) == before


def test_cancel_stops_a_slow_fetch(windows, seeds_copy: Path, page_server) -> None:
    window = windows.open_and_wait([str(seeds_copy)])
    dialog = article_menu.add_from_url(window)
    assert dialog is not None
    dialog.url.setText(page_server.url("/drip"))
    dialog.add_button.click()
    windows.qtbot.waitUntil(lambda: "KB" in dialog.status.text(), timeout=10_000)
    dialog.cancel_button.click()
    windows.qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert "Cancelled" in dialog.status.text()
    assert not (seeds_copy / "archive").exists() or not any((seeds_copy / "archive").iterdir())


def test_properties_are_saved_in_the_manifest_and_shown(windows, seeds_copy: Path) -> None:
    window = windows.open_and_wait([str(seeds_copy)])
    first = window.case.articles[0].file
    dialog = article_menu.edit_properties(window, first)
    assert dialog is not None and dialog.file == first
    dialog.fields["outlet"].setText("Example Wire")
    dialog.fields["published"].setText("yesterday-ish")
    dialog._validate()
    assert "not a date" in dialog.problem.text()
    dialog.fields["published"].setText("2016-08-04T11:00+01:00")
    dialog.fields["byline"].setText("Jane Doe")
    with windows.qtbot.waitSignal(window.analysisShown, timeout=ANALYSIS_TIMEOUT_MS):
        dialog._validate()
    entry = tomllib.loads((seeds_copy / "case.toml").read_text(encoding="utf-8"))["articles"][first]
    assert (entry["outlet"], entry["published"], entry["byline"]) == ("Example Wire", "2016-08-04T11:00+01:00",
                                                                      "Jane Doe")
    assert pane_headers(window)[0] == "Example Wire"


def test_a_new_file_on_disk_offers_to_reload(windows, seeds_copy: Path) -> None:
    window = windows.open_and_wait([str(seeds_copy)])
    (seeds_copy / "zz-late.txt").write_text(PASTED, encoding="utf-8")
    windows.qtbot.waitUntil(lambda: "zz-late.txt appeared" in window.messages.message, timeout=10_000)
    with windows.qtbot.waitSignal(window.analysisShown, timeout=ANALYSIS_TIMEOUT_MS):
        window.messages._act()
    assert "zz-late.txt" in [a.file for a in window.case.articles]
