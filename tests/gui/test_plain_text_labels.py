"""Names, notes and titles with markup are shown as text, never drawn as Qt rich text (#15 item 13)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtText
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel

from factdesk.gui.article_pane import ArticlePane
from factdesk.gui.claims_model import ClaimsModel
from factdesk.gui.colors import theme_for
from factdesk.gui.verdict_panel import VerdictPanel
from factdesk.gui.verdicts import ClaimVerdicts
from factdesk.model import Analysis, Article, Verdict, VerdictState

HOSTILE = "<font size=7 color=red>BOSS</font><img src='file:///etc/passwd'>"


def shown(text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What Qt puts on the screen for ``text``: its rich-text rendering when Qt takes it for HTML."""
    rich = fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and QtText.mightBeRichText(text))
    if not rich:
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def label_shows(label: QLabel) -> str:
    return shown(label.text(), label.textFormat())


def test_an_imported_editor_name_with_markup_is_shown_as_text(qtbot, seeds_analysis: Analysis) -> None:  # type: ignore[no-untyped-def]
    panel = VerdictPanel(theme_for(QApplication.palette()))
    qtbot.addWidget(panel)
    claim = seeds_analysis.claims[0]
    hostile = Verdict("seeds", claim.fingerprint, HOSTILE, VerdictState.DISPUTED, note=f"see {HOSTILE}")
    mine = Verdict("seeds", claim.fingerprint, "ann", VerdictState.VERIFIED)
    panel.set_editor(HOSTILE)
    assert label_shows(panel.editor_label) == f"Editor: {HOSTILE}"
    panel.set_editor("ann")
    info = ClaimVerdicts(by_editor={HOSTILE: hostile, "ann": mine})
    panel.show_claim(claim, info, [hostile, mine], [])
    assert HOSTILE in label_shows(panel.disagree_label)
    row = panel.history.topLevelItem(1)
    assert row.text(1) == HOSTILE  # tree items are plain text
    assert HOSTILE in shown(row.toolTip(3))


def test_article_titles_and_wordings_with_markup_are_shown_as_text(qtbot, seeds_analysis: Analysis) -> None:  # type: ignore[no-untyped-def]
    article = Article(file="a<b>1</b>.txt", text=f"{HOSTILE}\n\nBody.\n", title=HOSTILE)
    pane = ArticlePane(article, 0, theme_for(QApplication.palette()))
    qtbot.addWidget(pane)
    assert HOSTILE in shown(pane.title_label.toolTip())
    assert "a<b>1</b>.txt" in shown(pane.title_label.toolTip())
    case = seeds_analysis.case
    first = replace(case.articles[0], title=HOSTILE)
    model = ClaimsModel(theme_for(QApplication.palette()))
    model.set_analysis(replace(seeds_analysis, case=replace(case, articles=(first, *case.articles[1:]))))
    tips = [
        model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        for col in range(model.columnCount())
    ]
    assert any(tip and f"{first.file}\n{HOSTILE}" in shown(tip) for tip in tips)
