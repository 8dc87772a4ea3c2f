"""The claims table's Sentence column (View → Show sentences) and the list of stale corrections
(Claim → Stale corrections…), in real windows on a real log."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QListWidget

from factdesk.gui.stale_corrections import StaleCorrectionsDialog
from factdesk.model import Analysis, CorrectionAction, Kind, MentionSnapshot, Verdict, context_parts
from factdesk.store import VerdictLog


def test_show_sentences_adds_a_column_with_the_current_articles_sentence_and_is_remembered(
        windows, seeds_analysis: Analysis) -> None:
    window = windows.with_analysis(seeds_analysis)
    claims = window.claims
    model, table = claims.model, claims.table
    assert table.isColumnHidden(model.sentence_column)  # off by default
    window.act["show_sentences"].trigger()
    assert not table.isColumnHidden(model.sentence_column)
    assert model.headerData(model.sentence_column, Qt.Orientation.Horizontal) == "Sentence"

    claim = next(c for c in seeds_analysis.claims if c.kind is Kind.NUMBER and len({m.file for m in c.mentions}) > 1)
    window.select_claim(claim.id)
    row = model.row_of(claim.id)
    cell = model.index(row, model.sentence_column)
    first = claim.mentions[0]
    assert f"»{' '.join(first.text.split())}«" in cell.data()
    words_after = " ".join(context_parts(first.context)[2].split())[:20]
    assert words_after in cell.data()
    assert " ".join(context_parts(first.context)[2].split()) in cell.data(Qt.ItemDataRole.ToolTipRole)

    # choosing another article's cell in the row: the column shows that article's sentence
    other = next(m for m in claim.mentions if m.file != first.file)
    column = model.verdict_column - len(model.articles) + [a.file for a in model.articles].index(other.file)
    proxy_index = claims.proxy.mapFromSource(model.index(row, column))
    table.selectionModel().setCurrentIndex(proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert f"»{' '.join(other.text.split())}«" in model.index(row, model.sentence_column).data()

    again = windows.with_analysis(seeds_analysis)  # the choice is remembered with the other View options
    assert again.act["show_sentences"].isChecked()
    assert not again.claims.table.isColumnHidden(again.claims.model.sentence_column)
    again.act["show_sentences"].trigger()
    assert again.claims.table.isColumnHidden(again.claims.model.sentence_column)


def test_stale_corrections_are_listed_with_their_wording_and_note(windows, seeds_analysis: Analysis,
                                                                   db_path) -> None:
    window = windows.with_analysis(seeds_analysis)
    assert not window.act["stale"].isEnabled()  # nothing stale: nothing to list
    article = seeds_analysis.articles[0]
    gone = Verdict(case="seeds", fingerprint="edit:gone-wording", editor="bob", verdict=CorrectionAction.DISMISS,
                   note="two different storms", claim_id="C9",
                   snapshot=(MentionSnapshot(article.file, 5, 31, "a figure no article states"),))
    with VerdictLog(db_path) as log:
        log.record(gone)
    window = windows.with_analysis(seeds_analysis)
    assert len(window.analysis.stale) == 1
    assert window.act["stale"].isEnabled()
    window.act["stale"].trigger()
    dialog = window.findChild(StaleCorrectionsDialog)
    assert dialog is not None and dialog.isVisible()
    items = dialog.findChild(QListWidget, "staleList")
    assert items is not None and items.count() == 1
    text = items.item(0).text()
    assert "dismissed by bob: two different storms" in text
    assert f"“a figure no article states” ({article.file})" in text
