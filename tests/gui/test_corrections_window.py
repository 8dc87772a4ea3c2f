"""Correcting the machine in the real window: add from selected text, merge selected rows, dismiss, undo,
and the corrections coming back in a new window on the same log."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QTextCursor

from factdesk.gui.article_pane import ArticlePane
from factdesk.gui.claims_model import SUMMARY_COL
from factdesk.gui.offsets import to_qt
from factdesk.model import Analysis, Kind, Status
from factdesk.store import VerdictLog

from .test_claims_window import table_ids


def select_text(pane: ArticlePane, wording: str) -> None:
    """Select ``wording`` in the pane as a mouse drag would (the first place it stands)."""
    text = pane.article.text
    start = text.index(wording)
    cursor = pane.view.textCursor()
    cursor.setPosition(to_qt(text, start))
    cursor.setPosition(to_qt(text, start + len(wording)), QTextCursor.MoveMode.KeepAnchor)
    pane.view.setTextCursor(cursor)


def test_add_a_claim_by_selecting_text_in_two_panes(windows, seeds_analysis: Analysis, db_path) -> None:
    window = windows.with_analysis(seeds_analysis)
    first, second = window.articles.panes[0], window.articles.panes[1]
    select_text(first, "Zuckerberg")
    select_text(second, "Zuckerberg")
    before = len(window.analysis.claims)
    windows.qtbot.keyClick(window.claims.table, Qt.Key.Key_A)
    assert len(window.analysis.claims) == before + 1
    added = window.claim
    assert added is not None and added.origin == "editor" and added.kind is Kind.NAME
    assert {m.file for m in added.mentions} == {first.article.file, second.article.file}
    row = window.claims.model.row_of(added.id)
    assert window.claims.model.index(row, SUMMARY_COL).data().startswith("✎ ")
    assert "added (name) by ann" in window.panel.why_label.full
    with VerdictLog(db_path) as log:
        assert [str(v.verdict) for v in log.corrections("seeds")] == ["add"]


def test_merge_two_rows_by_multi_selection_and_shortcut_then_undo(windows, seeds_analysis: Analysis) -> None:
    window = windows.with_analysis(seeds_analysis)
    numbers = [c for c in window.analysis.claims if c.kind is Kind.NUMBER and c.status is Status.HEDGED][:2]
    table, proxy = window.claims.table, window.claims.proxy
    table.selectionModel().clearSelection()
    for i, claim in enumerate(numbers):
        flag = QItemSelectionModel.SelectionFlag.Rows | (
            QItemSelectionModel.SelectionFlag.ClearAndSelect if i == 0 else QItemSelectionModel.SelectionFlag.Select)
        table.selectionModel().select(proxy.index(proxy.proxy_row_of(claim.id), 0), flag)
    assert len(window.claims.selected_claim_ids()) == 2
    before = len(table_ids(window))
    windows.qtbot.keyClick(table, Qt.Key.Key_M)
    merged = window.claim
    assert merged is not None and merged.origin == "editor"
    assert len(merged.mentions) == sum(len(c.mentions) for c in numbers)
    assert merged.status is Status.CONFLICT  # judged anew: 125,000 and 10,000 cannot both be right
    assert len(table_ids(window)) == before - 1
    assert "Together: grouped by an editor" in window.panel.why_label.full
    windows.qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(table_ids(window)) == before
    assert not any(c.origin == "editor" for c in window.analysis.claims)
    windows.qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                           | Qt.KeyboardModifier.ShiftModifier)
    assert len(table_ids(window)) == before - 1


def test_a_dismissed_claim_leaves_the_list_stays_under_the_filter_and_survives_a_reload(
        windows, seeds_analysis: Analysis) -> None:
    window = windows.with_analysis(seeds_analysis)
    target = window.analysis.flagged[0]
    window.select_claim(target.id)
    windows.qtbot.keyClick(window.claims.table, Qt.Key.Key_X)
    assert window.claims.filters().get("status") == "dismissed"  # shown where it went
    assert table_ids(window) == [c.id for c in window.analysis.claims if c.dismissed]
    window.claims.set_filters({})
    shown = {window.analysis.claim(i).fingerprint for i in table_ids(window)}
    assert target.fingerprint not in shown
    # a new window on the same log: the machine's analysis, the desk's correction applied again
    again = windows.with_analysis(seeds_analysis)
    assert [c.fingerprint for c in again.analysis.claims if c.dismissed] == [target.fingerprint]
    assert target.fingerprint not in {again.analysis.claim(i).fingerprint for i in table_ids(again)}


def test_the_sentence_of_each_mention_is_in_the_tooltip_and_the_panel(windows, seeds_analysis: Analysis) -> None:
    window = windows.with_analysis(seeds_analysis)
    claim = next(c for c in seeds_analysis.claims if c.kind is Kind.NUMBER)
    window.select_claim(claim.id)
    model = window.claims.model
    m = claim.mentions[0]
    col = 4 + [a.file for a in seeds_analysis.articles].index(m.file)
    tip = model.index(model.row_of(claim.id), col).data(Qt.ItemDataRole.ToolTipRole)
    assert f"»{m.text}«" in tip and "accounts" in tip
    assert f"»{m.text}«" in window.panel.context_label.full
    assert window.panel.why_label.full.startswith("Together: same unit")
