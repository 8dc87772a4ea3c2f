"""The window on a laptop: six articles at 1280×800, compare mode, the wordings strip, the overview ruler,
and panes that do not state the selected claim."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QToolButton

from factdesk.analysis import analyze
from factdesk.case import load_case
from factdesk.gui.article_pane import MIN_PANE_WIDTH
from factdesk.model import Analysis, Claim, Status

from .conftest import REPO

HURRICANE = REPO.parent / "shared" / "corpus" / "hurricane-irene-east-coast"


@pytest.fixture(scope="module")
def hurricane() -> Analysis:
    if not HURRICANE.is_dir():
        pytest.skip(f"{HURRICANE} is not there (the shared corpus sits beside the repository)")
    return analyze(load_case(str(HURRICANE)))


def laptop_window(windows, analysis: Analysis, source: Path):  # type: ignore[no-untyped-def]
    window = windows.new(size=(1280, 800))
    window.show_analysis(analysis, [str(source)])
    windows.qtbot.wait(50)
    return window


def partial_claim(analysis: Analysis) -> Claim:
    """A flagged claim that some articles state and others do not."""
    n = len(analysis.articles)
    return next(c for c in analysis.claims if c.flagged and 2 <= len(set(c.files)) < n)


def test_six_articles_at_1280x800_stay_readable(windows, hurricane: Analysis) -> None:
    window = laptop_window(windows, hurricane, HURRICANE)
    assert len(window.articles.panes) == 6
    for pane in window.articles.panes:
        assert pane.width() >= MIN_PANE_WIDTH, f"{pane.article.file} is {pane.width()} px wide"
    # they do not fit side by side: the row scrolls sideways rather than squeezing them
    assert window.articles.horizontalScrollBar().maximum() > 0
    # the whole legend shows: nothing folded behind its » button
    extension = window.legend.findChild(QToolButton, "qt_toolbar_ext_button")
    assert extension is None or not extension.isVisible()
    # the wordings strip shows every article's wording of the selected claim, including the columns
    # the table cannot show at this width
    claim = partial_claim(hurricane)
    window.select_claim(claim.id)
    strip = window.claims.wordings.plain_text()
    for article in hurricane.articles:
        assert article.file in strip
        mention = claim.mention_in(article.file)
        if mention is not None:
            assert " ".join(mention.text.split())[:20] in strip.replace("&amp;", "&")
    assert window.claims.wordings.isVisible()


def test_compare_mode_shows_only_the_articles_that_state_the_claim(windows, hurricane: Analysis) -> None:
    window = laptop_window(windows, hurricane, HURRICANE)
    claim = partial_claim(hurricane)
    window.select_claim(claim.id)
    window.focus_table()
    windows.qtbot.keyClick(window.claims.table, Qt.Key.Key_C)
    assert window.act["compare"].isChecked()
    windows.qtbot.wait(50)
    shown = [p for p in window.articles.panes if p.isVisible()]
    assert {p.article.file for p in shown} == set(claim.files)
    for pane in shown:
        assert pane.width() >= MIN_PANE_WIDTH
    if len(shown) * MIN_PANE_WIDTH < window.articles.viewport().width():
        # all of them at once, nothing to scroll to
        assert window.articles.widget().width() <= window.articles.viewport().width()
        windows.qtbot.waitUntil(lambda: window.articles.horizontalScrollBar().maximum() == 0, timeout=2000)
    # compare mode is not the editor hiding articles: View → Articles still lists them all as shown
    assert window.articles.hidden_files() == set()
    windows.qtbot.keyClick(window.claims.table, Qt.Key.Key_C)
    assert all(p.isVisible() or not p.isVisibleTo(window) for p in window.articles.panes)
    assert sum(not p.isHidden() for p in window.articles.panes) == 6


def test_a_pane_that_does_not_state_the_claim_is_cleared_and_dimmed(windows, hurricane: Analysis) -> None:
    window = laptop_window(windows, hurricane, HURRICANE)
    claim = partial_claim(hurricane)
    absent = next(p for p in window.articles.panes if claim.mention_in(p.article.file) is None)
    # the pane held the previous claim's highlight and a selection of the reader's
    before = next(c for c in hurricane.claims if c.flagged and c.mention_in(absent.article.file) is not None)
    window.select_claim(before.id)
    assert absent.view.extraSelections()
    cursor = absent.view.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(20, cursor.MoveMode.KeepAnchor)
    absent.view.setTextCursor(cursor)
    assert not absent.dimmed
    window.select_claim(claim.id)
    assert absent.view.extraSelections() == []
    assert not absent.view.textCursor().hasSelection()
    assert absent.dimmed
    assert f"does not state {claim.id}" in absent.state_label.full
    assert absent.view.palette().text().color() != window.palette().text().color()
    stating = window.articles.pane(claim.mentions[0].file)
    assert stating is not None and not stating.dimmed


def test_the_overview_ruler_marks_each_flagged_mention_and_a_click_selects_it(windows,
                                                                            hurricane: Analysis) -> None:
    window = laptop_window(windows, hurricane, HURRICANE)
    pane = max(window.articles.panes, key=lambda p: sum(c.flagged for c in p.claims.values()))
    ruler = pane.ruler
    assert ruler.isVisible() and ruler.height() > 100
    flagged = [(c.id, m.start) for c in hurricane.claims if c.flagged
               for m in c.mentions if m.file == pane.article.file]
    assert sorted(m.claim_id for m in ruler.marks) == sorted(cid for cid, _ in flagged)
    assert {m.status for m in ruler.marks} <= {Status.CONFLICT, Status.HEDGED}
    # marks lower down the ruler are further into the article
    by_claim = {m.claim_id: m.fraction for m in ruler.marks}
    ordered = sorted(flagged, key=lambda f: f[1])
    assert [by_claim[cid] for cid, _ in ordered] == sorted(by_claim[cid] for cid, _ in ordered)
    # click the mark of a claim that is not selected
    target = next(m for m in ruler.marks if m.claim_id != window.claims.current_claim_id())
    point = QPoint(ruler.width() // 2, round(ruler.y_of(target.fraction)))
    hit = ruler.mark_at(point.y())
    assert hit is not None and hit.claim_id != window.claims.current_claim_id()
    windows.qtbot.mouseClick(ruler, Qt.MouseButton.LeftButton, pos=point)
    assert window.claims.current_claim_id() == hit.claim_id
    assert ruler.current == window.claims.current_claim_id()
    # with agreeing mentions shown, they get marks too
    window.act["show_agreeing"].trigger()
    assert Status.AGREE in {m.status for m in pane.ruler.marks}


def test_a_pane_out_of_sight_is_built_when_it_scrolls_into_view_with_the_current_claim(
        windows, hurricane: Analysis) -> None:
    window = laptop_window(windows, hurricane, HURRICANE)
    last = window.articles.panes[-1]
    assert not last.built  # a big case opens fast: panes the row does not show wait
    claim = next(c for c in hurricane.claims if c.flagged and last.article.file in c.files)
    window.claims.table.setFocus()
    window.select_claim(claim.id)
    bar = window.articles.horizontalScrollBar()
    bar.setValue(bar.maximum())
    windows.qtbot.waitUntil(lambda: last.built, timeout=2000)
    windows.qtbot.wait(50)
    # it shows its article, highlighted, with what it says about the selected claim, centred
    assert last.view.toPlainText().replace("\u2029", "\n") == last.article.text.replace("\r\n", "\n")
    assert any(s.claim_id == claim.id for s in last.spans)
    assert claim.id in last.state_label.full
    start, _ = last.mention_range(claim)
    cursor = last.view.textCursor()
    cursor.setPosition(start)
    assert last.view.viewport().rect().contains(last.view.cursorRect(cursor))
