"""The row of article panes: side by side in a splitter that scrolls horizontally when there are many.

Each pane keeps a readable minimum width (:data:`~factdesk.gui.article_pane.MIN_PANE_WIDTH`); when the
window is too narrow for all of them the row scrolls sideways. *Compare mode* (View → Compare) shows
only the articles that state the selected claim, side by side.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from factdesk.gui.article_pane import MIN_PANE_WIDTH, ArticlePane
from factdesk.gui.colors import Theme
from factdesk.model import Analysis, Article, Case, Claim


class ArticlesView(QScrollArea):
    claimClicked = Signal(str)
    visibilityChanged = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self.theme = theme
        self.setObjectName("articlesView")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.panes: list[ArticlePane] = []
        self.splitter: QSplitter | None = None
        self.user_hidden: set[str] = set()  # hidden by the editor (View → Articles), kept in the settings
        self.compare = False  # only the articles that state the selected claim
        self.show_agreeing = False
        self.claim: Claim | None = None
        self._placeholder("Opening the case…")

    def _placeholder(self, text: str) -> None:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        label = QLabel(text)
        label.setObjectName("placeholder")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.setWidget(holder)
        self.panes, self.splitter = [], None

    def show_placeholder(self, text: str) -> None:
        self._placeholder(text)

    def pane(self, file: str) -> ArticlePane | None:
        return next((p for p in self.panes if p.article.file == file), None)

    def set_case(self, case: Case, hidden: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        """One pane per article (built before the analysis finishes, so the text shows at once)."""
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("articlesSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(5)
        self.panes = []
        self.user_hidden = {a.file for a in case.articles if a.file in hidden}
        self.claim = None
        for i, article in enumerate(case.articles):
            pane = ArticlePane(article, i, self.theme, show_agreeing=self.show_agreeing)
            pane.claimClicked.connect(self.claimClicked)
            pane.hideRequested.connect(lambda file: self.set_visible(file, False))
            splitter.addWidget(pane)
            self.panes.append(pane)
            if article.file in self.user_hidden:
                pane.hide()
        self.splitter = splitter
        self.setWidget(splitter)
        self._even_sizes()
        # the panes a first look shows are built now; the others when they scroll into view
        room = max(1, self.viewport().width() // MIN_PANE_WIDTH + 1)
        for pane in [p for p in self.panes if not p.isHidden()][:room]:
            pane.ensure_built()

    def _build_in_view(self) -> None:
        """Build the panes the row shows now (before they paint, so none flashes empty)."""
        left = self.horizontalScrollBar().value()
        right = left + self.viewport().width()
        for pane in self.panes:
            if not pane.built and not pane.isHidden():
                g = pane.geometry()
                if g.right() >= left and g.left() <= right:
                    pane.ensure_built()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self._build_in_view()
        super().scrollContentsBy(dx, dy)

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        self._build_in_view()

    def same_articles(self, articles: tuple[Article, ...]) -> bool:
        return [p.article for p in self.panes] == list(articles)

    def set_analysis(self, analysis: Analysis) -> None:
        claims = list(analysis.claims)
        for pane in self.panes:
            pane.set_claims(claims)

    def set_theme(self, theme: Theme, analysis: Analysis | None) -> None:
        self.theme = theme
        for pane in self.panes:
            pane.set_claims(list(analysis.claims) if analysis else [], theme)

    def _even_sizes(self) -> None:
        if self.splitter is not None and self.panes:
            self.splitter.setSizes([1000] * len(self.panes))

    def set_visible(self, file: str, visible: bool) -> None:
        pane = self.pane(file)
        if pane is None or (file not in self.user_hidden) == visible:
            return
        if visible:
            self.user_hidden.discard(file)
        else:
            self.user_hidden.add(file)
        self._apply_visibility()
        self.visibilityChanged.emit()

    def hidden_files(self) -> set[str]:
        """The articles the editor hid (not those compare mode leaves out)."""
        return set(self.user_hidden)

    def set_compare(self, compare: bool) -> None:
        """Compare mode: only the articles that state the selected claim (all of them while none is selected)."""
        self.compare = compare
        self._apply_visibility()
        self.show_claim(self.claim)

    def set_show_agreeing(self, show: bool) -> None:
        self.show_agreeing = show
        for pane in self.panes:
            pane.set_show_agreeing(show)

    def _shown(self, pane: ArticlePane) -> bool:
        if pane.article.file in self.user_hidden:
            return False
        if self.compare and self.claim is not None:
            return any(m.file == pane.article.file for m in self.claim.mentions)
        return True

    def _apply_visibility(self) -> None:
        changed = False
        for pane in self.panes:
            shown = self._shown(pane)
            if pane.isHidden() == shown:
                pane.setVisible(shown)
                changed = True
        if changed and self.compare:
            self._even_sizes()

    def show_claim(self, claim: Claim | None) -> None:
        """Mark ``claim`` as current in every pane and centre its mention where it is stated."""
        self.claim = claim
        if self.compare:
            self._apply_visibility()
        for pane in self.panes:
            pane.show_claim(claim, scroll=not pane.isHidden())
        if claim is not None:
            self._reveal_first(claim)

    def _reveal_first(self, claim: Claim) -> None:
        """With a scrolling row, bring the first pane that states the claim into view."""
        if self.splitter is None or self.widget().width() <= self.viewport().width():
            return
        for pane in self.panes:
            if not pane.isHidden() and pane.mention_range(claim) is not None:
                left = pane.geometry().left()
                right = pane.geometry().right()
                bar = self.horizontalScrollBar()
                if left < bar.value() or right > bar.value() + self.viewport().width():
                    bar.setValue(left)
                return

    def splitter_state(self) -> QByteArray | None:
        return self.splitter.saveState() if self.splitter is not None else None

    def restore_splitter(self, state: QByteArray | None) -> None:
        if self.splitter is not None and state is not None:
            self.splitter.restoreState(state)
