"""The claims table with its filter bar (kind, status, verdict, search) and next/previous navigation."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from factdesk.gui.claims_model import (
    CLAIM_ID_ROLE,
    KIND_COL,
    SEVERITY_COL,
    STATUS_COL,
    SUMMARY_COL,
    ClaimsFilter,
    ClaimsModel,
)
from factdesk.gui.colors import Theme
from factdesk.gui.verdicts import ClaimVerdicts
from factdesk.gui.wordings_strip import WordingsStrip
from factdesk.model import Analysis, Kind

KIND_CHOICES = [("All kinds", "all")] + [(k.value.capitalize() + "s", k.value) for k in Kind]
STATUS_CHOICES = [("All statuses", "all"), ("Flagged (conflict + hedged)", "flagged"),
                  ("Conflicts", "conflict"), ("Hedged", "hedged"), ("Agreeing", "agree"),
                  ("Dismissed", "dismissed"), ("Corrected by an editor", "editor")]
VERDICT_CHOICES = [("Any verdict", "all"), ("No verdict yet", "none"), ("Verified", "verified"),
                   ("Disputed", "disputed"), ("Unresolved", "unresolved"), ("Editors disagree", "disagree"),
                   ("Stale", "stale"), ("Not saved yet", "pending")]


def _combo(choices: list[tuple[str, str]], name: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    for label, key in choices:
        box.addItem(label, key)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box


class ClaimsView(QWidget):
    currentClaimChanged = Signal(str)  # claim id, '' when nothing is selected
    filtersChanged = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = ClaimsModel(theme, self)
        self.proxy = ClaimsFilter(self)
        self.proxy.setSourceModel(self.model)

        self.kind = _combo(KIND_CHOICES, "kindFilter")
        self.status = _combo(STATUS_CHOICES, "statusFilter")
        self.verdict = _combo(VERDICT_CHOICES, "verdictFilter")
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Search claims and wordings  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAcceptDrops(False)  # a dropped folder opens a case, it is not a search
        self.count = QLabel()
        self.count.setObjectName("claimCount")
        self.kind.currentIndexChanged.connect(lambda: self._filter(self.proxy.set_kind, self.kind))
        self.status.currentIndexChanged.connect(lambda: self._filter(self.proxy.set_status, self.status))
        self.verdict.currentIndexChanged.connect(lambda: self._filter(self.proxy.set_verdict, self.verdict))
        self.search.textChanged.connect(self._search)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(6)
        bar.addWidget(self.kind)
        bar.addWidget(self.status)
        bar.addWidget(self.verdict)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count)

        self.table = QTableView()
        self.table.setObjectName("claimsTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # several rows can be selected to merge them (Claim → Merge, M)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionsMovable(True)
        self.table.sortByColumn(SEVERITY_COL, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.selectionModel().currentChanged.connect(self._current_cell_changed)
        self.show_sentences = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.wordings = WordingsStrip(theme)
        layout.addWidget(self.wordings)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

    # -- content -------------------------------------------------------------------

    def set_analysis(self, analysis: Analysis | None) -> None:
        keep = self.current_claim_id()
        self.model.set_analysis(analysis)
        self.wordings.set_articles(analysis.articles if analysis is not None else ())
        self._size_columns()
        self._update_count()
        if keep:
            self.select(keep)

    def set_verdicts(self, verdicts: dict[str, ClaimVerdicts]) -> None:
        self.model.set_verdicts(verdicts)

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        fm = self.fontMetrics()
        widths = {STATUS_COL: fm.horizontalAdvance("conflict") + 44,
                  KIND_COL: fm.horizontalAdvance("number") + 16,
                  SEVERITY_COL: fm.horizontalAdvance("Severity") + 24,
                  SUMMARY_COL: fm.horizontalAdvance("x" * 46)}
        for col, w in widths.items():
            header.resizeSection(col, w)
        for col in range(SUMMARY_COL + 1, self.model.verdict_column):
            header.resizeSection(col, fm.horizontalAdvance("x" * 19))
        header.resizeSection(self.model.verdict_column, fm.horizontalAdvance("x" * 20))
        # the verdict stays in sight next to the claim, however many article columns follow
        header.moveSection(header.visualIndex(self.model.verdict_column), SUMMARY_COL + 1)
        header.resizeSection(self.model.sentence_column, fm.horizontalAdvance("x" * 60))
        header.moveSection(header.visualIndex(self.model.sentence_column), SUMMARY_COL + 2)
        self.table.setColumnHidden(self.model.sentence_column, not self.show_sentences)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def set_show_sentences(self, on: bool) -> None:
        """View → Show sentences: the Sentence column, next to the verdict."""
        self.show_sentences = on
        self.table.setColumnHidden(self.model.sentence_column, not on)

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        flagged = sum(1 for r in self.model.rows if r.claim.flagged)
        self.count.setText(f"{shown} of {total} claims · {flagged} flagged" if total else "")

    # -- filters -------------------------------------------------------------------

    def _filter(self, setter, box: QComboBox) -> None:  # type: ignore[no-untyped-def]
        setter(box.currentData())
        self._after_filter()

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._after_filter()

    def _after_filter(self) -> None:
        self._update_count()
        self.filtersChanged.emit()
        current = self.table.currentIndex()
        if current.isValid():
            self.table.scrollTo(current)

    def filters(self) -> dict[str, str]:
        return {"kind": self.kind.currentData(), "status": self.status.currentData(),
                "verdict": self.verdict.currentData(), "search": self.search.text()}

    def set_filters(self, filters: dict[str, str]) -> None:
        for box, key in ((self.kind, "kind"), (self.status, "status"), (self.verdict, "verdict")):
            i = box.findData(filters.get(key, "all"))
            box.setCurrentIndex(max(i, 0))
        self.search.setText(filters.get("search", "") or "")

    # -- selection and navigation --------------------------------------------------

    def selected_claim_ids(self) -> list[str]:
        """The claims of every selected row, in table order."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.proxy.claim_id(r) for r in rows]

    def current_claim_id(self) -> str:
        index = self.table.currentIndex()
        return str(index.data(CLAIM_ID_ROLE)) if index.isValid() else ""

    def select(self, claim_id: str) -> bool:
        row = self.proxy.proxy_row_of(claim_id)
        if row < 0:
            return False
        self._select_row(row)
        return True

    def _select_row(self, row: int) -> None:
        index = self.proxy.index(row, SUMMARY_COL)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def step(self, delta: int, flagged_only: bool = True) -> str:
        """Select the next (``delta`` = 1) or previous (-1) claim in table order; returns its id or ''."""
        rows = self.proxy.rowCount()
        if not rows:
            return ""
        current = self.table.currentIndex().row() if self.table.currentIndex().isValid() else -1
        start = current if current >= 0 else (-1 if delta > 0 else rows)
        for i in range(1, rows + 1):
            row = (start + delta * i) % rows
            if current < 0 and not 0 <= start + delta * i < rows:
                break
            source = self.proxy.mapToSource(self.proxy.index(row, 0)).row()
            if not flagged_only or self.model.claim(source).flagged:
                self._select_row(row)
                return self.proxy.claim_id(row)
        return ""

    def _current_cell_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        """An article's cell chosen: the Sentence column shows that article's sentences."""
        article = self.model.article_of_column(current.column()) if current.isValid() else None
        if article is not None:
            self.model.set_sentence_file(article.file)

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.currentClaimChanged.emit(str(current.data(CLAIM_ID_ROLE)) if current.isValid() else "")
