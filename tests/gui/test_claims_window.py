"""Reading a case: the claims table, selecting a claim, the highlights, keyboard navigation, filters."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QApplication, QToolButton, QToolTip

from factdesk.gui.article_pane import ArticlePane
from factdesk.gui.claims_model import CLAIM_ID_ROLE, SEVERITY_COL
from factdesk.model import Analysis, Claim, Kind, Status

from .conftest import SEEDS, first


def mention_rect(pane: ArticlePane, claim: Claim):  # type: ignore[no-untyped-def]
    start, _ = pane.mention_range(claim)  # type: ignore[misc]
    cursor = QTextCursor(pane.view.document())
    cursor.setPosition(start)
    return pane.view.cursorRect(cursor)


def format_at(pane: ArticlePane, position: int):  # type: ignore[no-untyped-def]
    """The format the highlighter gave the character at Qt ``position``."""
    block = pane.view.document().findBlock(position)
    offset = position - block.position()
    found = None
    ranges = block.layout().formats()
    for r in ranges:
        if r.start <= offset < r.start + r.length:
            found = QTextCharFormat(r.format)  # a copy: the range owns its format
    return found


def table_ids(window) -> list[str]:  # type: ignore[no-untyped-def]
    proxy = window.claims.proxy
    return [proxy.index(r, 0).data(CLAIM_ID_ROLE) for r in range(proxy.rowCount())]


def test_the_table_lists_every_claim_most_urgent_first(windows, seeds_analysis: Analysis) -> None:
    window = windows.with_analysis(seeds_analysis)
    assert table_ids(window) == [c.id for c in seeds_analysis.claims]
    header = window.claims.table.horizontalHeader()
    assert header.sortIndicatorSection() == SEVERITY_COL
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    model = window.claims.model
    # one column per article with that article's wording
    claim = first(seeds_analysis, Status.HEDGED, 3)
    row = model.row_of(claim.id)
    for i, article in enumerate(seeds_analysis.articles):
        cell = model.index(row, 4 + i).data()
        m = claim.mention_in(article.file)
        assert cell == (" ".join(m.text.split()) if m else "—")
    # sortable by any column: by kind, then back
    window.claims.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    kinds = [seeds_analysis.claim(i).kind.value for i in table_ids(window)]
    assert kinds == sorted(kinds)


def test_selecting_a_claim_centres_its_mention_in_every_pane(windows, seeds_analysis: Analysis) -> None:
    window = windows.with_analysis(seeds_analysis)
    claim = max((c for c in seeds_analysis.claims if c.flagged), key=lambda c: len(set(c.files)))
    assert window.select_claim(claim.id)
    windows.qtbot.wait(50)
    assert window.claim == claim
    stating = 0
    for pane in window.articles.panes:
        if claim.mention_in(pane.article.file) is None:
            assert "does not state" in pane.state_label.full
            continue
        stating += 1
        rect = mention_rect(pane, claim)
        viewport = pane.view.viewport().rect()
        assert viewport.contains(rect), f"{pane.article.file}: mention not visible"
        assert abs(rect.center().y() - viewport.center().y()) < viewport.height() / 3
        assert claim.id in pane.state_label.full
    assert stating >= 3


def test_the_highlight_at_a_mention_carries_its_status_colour_and_pattern(windows,
                                                                        seeds_analysis: Analysis) -> None:
    window = windows.with_analysis(seeds_analysis)
    theme = window.theme
    agree = first(seeds_analysis, Status.AGREE).mentions[0]
    pane = window.articles.pane(agree.file)
    # agreeing mentions are not underlined until View → Show agreeing mentions
    assert format_at(pane, sum(pane.offsets.span_to_qt(agree.start, agree.end)) // 2) is None
    assert not window.act["show_agreeing"].isChecked()
    window.act["show_agreeing"].trigger()
    patterns = set()
    for status in (Status.CONFLICT, Status.HEDGED, Status.AGREE):
        claim = first(seeds_analysis, status)
        mention = claim.mentions[0]
        pane = window.articles.pane(mention.file)
        start, end = pane.offsets.span_to_qt(mention.start, mention.end)
        fmt = format_at(pane, (start + end) // 2)
        assert fmt is not None, f"{status}: no highlight"
        style = theme.style(status)
        if style.background:
            assert fmt.background().color() == QColor(style.background)
        else:
            assert fmt.background().style() == Qt.BrushStyle.NoBrush
        assert fmt.underlineColor() == QColor(style.underline)
        patterns.add(fmt.underlineStyle())
    assert len(patterns) == 3  # solid, wavy, dashed: told apart without colour
    # a boilerplate passage is dimmed
    article = next(a for a in seeds_analysis.articles if a.ignored)
    pane = window.articles.pane(article.file)
    fmt = format_at(pane, pane.offsets.to_qt(article.ignored[0].start))
    assert fmt is not None and fmt.foreground().color() == QColor(theme.ignored)


def test_the_current_claim_is_marked_and_quote_diffs_emphasised(windows, seeds_analysis: Analysis) -> None:
    window = windows.with_analysis(seeds_analysis)
    claim = next(c for c in seeds_analysis.claims if c.kind is Kind.QUOTE and any(m.diff for m in c.mentions))
    window.select_claim(claim.id)
    mention = next(m for m in claim.mentions if m.diff)
    pane = window.articles.pane(mention.file)
    style = window.theme.style(claim.status)
    selections = pane.view.extraSelections()
    current = [s for s in selections if s.format.background().color() == QColor(style.current)]
    assert current and current[0].cursor.selectedText().replace("\u2029", "\n") == mention.text
    diff = mention.diff[0]
    emphasised = [s for s in selections if s.format.fontWeight() == 700]
    assert any(s.cursor.selectedText() == pane.article.text[diff.start:diff.end] for s in emphasised)
    assert selections[0].format.property(QTextFormat.Property.FullWidthSelection) in (None, False)


def test_hovering_a_highlight_names_its_claim_and_clicking_selects_it(windows, seeds_analysis: Analysis) -> None:
    window = windows.with_analysis(seeds_analysis)
    claim = first(seeds_analysis, Status.HEDGED)
    other = first(seeds_analysis, Status.CONFLICT)
    window.select_claim(other.id)
    mention = claim.mentions[0]
    pane = window.articles.pane(mention.file)
    start, end = pane.offsets.span_to_qt(mention.start, mention.end)
    pane.centre_on(start, end)
    cursor = QTextCursor(pane.view.document())
    cursor.setPosition((start + end) // 2)
    point: QPoint = pane.view.cursorRect(cursor).center()
    assert [c.id for c in pane.claims_at(pane.view.cursorForPosition(point).position())] == [claim.id]
    # hovering names the claim
    viewport = pane.view.viewport()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point)))
    assert claim.id in QToolTip.text() and claim.summary[:30] in QToolTip.text()
    windows.qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.claim is not None and window.claim.id == claim.id
    assert window.claims.current_claim_id() == claim.id


def test_j_and_k_step_through_the_flagged_claims_like_a_diff_tool(windows, seeds_analysis: Analysis) -> None:
    window = windows.with_analysis(seeds_analysis)
    flagged = [c.id for c in seeds_analysis.claims if c.flagged]
    window.select_claim(flagged[0])
    window.focus_table()
    qtbot = windows.qtbot
    table = window.claims.table
    qtbot.keyClick(table, Qt.Key.Key_J)
    assert window.claim.id == flagged[1]
    qtbot.keyClick(table, Qt.Key.Key_F7)
    assert window.claim.id == flagged[2]
    qtbot.keyClick(table, Qt.Key.Key_K)
    assert window.claim.id == flagged[1]
    qtbot.keyClick(table, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    assert window.claim.id == flagged[0]
    # agreeing claims are skipped: from the last flagged claim, J wraps to the first
    window.select_claim(flagged[-1])
    qtbot.keyClick(table, Qt.Key.Key_J)
    assert window.claim.id == flagged[0]
    # the menus show the shortcuts
    assert "J, F7" in window.act["next"].text()
    assert window.act["verdict_verified"].shortcut().toString() == "V"


def test_filters_and_search_narrow_the_table_and_are_remembered(windows, seeds_analysis: Analysis) -> None:
    window = windows.with_analysis(seeds_analysis)
    view = window.claims
    view.kind.setCurrentIndex(view.kind.findData("number"))
    assert {seeds_analysis.claim(i).kind for i in table_ids(window)} == {Kind.NUMBER}
    view.status.setCurrentIndex(view.status.findData("flagged"))
    assert all(seeds_analysis.claim(i).flagged for i in table_ids(window))
    view.kind.setCurrentIndex(0)
    windows.qtbot.keyClicks(view.search, "125,000")
    ids = table_ids(window)
    assert ids and all("125,000" in seeds_analysis.claim(i).summary or
                       any("125,000" in m.text for m in seeds_analysis.claim(i).mentions) for i in ids)
    assert "of" in view.count.text()
    window.close()
    again = windows.with_analysis(seeds_analysis)
    expected = {"kind": "all", "status": "flagged", "verdict": "all", "search": "125,000"}
    assert again.claims.filters() == expected
    assert table_ids(again) == ids


def test_panes_can_be_hidden_and_shown(windows, seeds_analysis: Analysis) -> None:
    window = windows.with_analysis(seeds_analysis)
    pane = window.articles.panes[1]
    windows.qtbot.mouseClick(pane.findChild(QToolButton, "paneHide"), Qt.MouseButton.LeftButton)
    assert pane.isHidden()
    menu_action = next(a for a in window.act["articles_menu"].actions() if a.data() == pane.article.file)
    assert not menu_action.isChecked()
    menu_action.setChecked(True)
    assert not pane.isHidden()


def test_layout_and_editor_name_are_remembered(windows, seeds_analysis: Analysis, monkeypatch) -> None:
    monkeypatch.delenv("FACTDESK_EDITOR")
    # shown without waiting for the log check (which lets the layout settle: wider than the
    # 800-pixel offscreen screen, where a restored geometry is cut to fit); closed while it may run
    window = windows.new()
    window.show_analysis(seeds_analysis, [str(SEEDS)])
    assert window.ensure_editor()  # no dialog in tests: the login name is taken and kept
    name = window.settings.editor
    window.change_editor_to("Ann Example")
    window.resize(790, 700)
    window.main.setSizes([250, 350])
    sizes = window.main.sizes()
    window.close()
    again = windows.new(size=None)
    assert name and again.settings.editor == "Ann Example"
    assert "Ann Example" in again.panel.editor_label.text()
    assert (again.width(), again.height()) == (790, 700)
    assert again.main.sizes() == sizes
