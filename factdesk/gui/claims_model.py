"""The claims table: one row per claim, a column per article, and the filter/search proxy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon

from factdesk.gui.colors import Theme, status_icon
from factdesk.gui.plain_text import plain_tooltip
from factdesk.gui.verdicts import ClaimVerdicts
from factdesk.model import Analysis, Article, Claim, Kind, Mention, Status, VerdictState, context_parts

Index = QModelIndex | QPersistentModelIndex

CLAIM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

FIXED_COLUMNS = ("Status", "Kind", "Severity", "Claim")
STATUS_COL, KIND_COL, SEVERITY_COL, SUMMARY_COL = range(4)
STATUS_ORDER = {Status.CONFLICT: 3, Status.HEDGED: 2, Status.AGREE: 1, Status.SINGLE: 0}
VERDICT_MARK = {VerdictState.VERIFIED: "✔", VerdictState.DISPUTED: "✖", VerdictState.UNRESOLVED: "?"}


def letter(i: int) -> str:
    """A, B, ... Z, AA, AB ...: the short name of the i-th article (table columns, pane headers)."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def one_line(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Row:
    claim: Claim
    rank: int  # position in the analysis' urgency order


class ClaimsModel(QAbstractTableModel):
    """Claims of one analysis with roles for display, colours, markers, tooltips and sorting."""

    def __init__(self, theme: Theme, parent: QObject | None = None):
        super().__init__(parent)
        self.theme = theme
        self.rows: list[Row] = []
        self.articles: tuple[Article, ...] = ()
        self.verdicts: dict[str, ClaimVerdicts] = {}
        self._icons: dict[Status, QIcon] = {}
        self._row_of: dict[str, int] = {}
        self.sentence_file = ""  # the article whose sentence the Sentence column shows ('' or absent: the first)

    # -- content -------------------------------------------------------------------

    def set_analysis(self, analysis: Analysis | None) -> None:
        self.beginResetModel()
        if analysis is None:
            self.rows, self.articles = [], ()
        else:
            self.rows = [Row(c, i) for i, c in enumerate(analysis.claims)]
            self.articles = analysis.articles
        self._row_of = {r.claim.id: i for i, r in enumerate(self.rows)}
        self.endResetModel()

    def set_verdicts(self, verdicts: dict[str, ClaimVerdicts]) -> None:
        """``verdicts``: claim id -> its verdicts."""
        self.verdicts = verdicts
        if self.rows:
            col = self.verdict_column
            self.dataChanged.emit(self.index(0, col), self.index(len(self.rows) - 1, col))

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._icons.clear()
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.columnCount() - 1))

    @property
    def verdict_column(self) -> int:
        return len(FIXED_COLUMNS) + len(self.articles)

    @property
    def sentence_column(self) -> int:
        """The sentence of the chosen article's mention (View → Show sentences; hidden otherwise)."""
        return self.verdict_column + 1

    def set_sentence_file(self, file: str) -> None:
        """Show the sentences of ``file``'s mentions (the article of the table's current column)."""
        if file != self.sentence_file:
            self.sentence_file = file
            if self.rows:
                col = self.sentence_column
                self.dataChanged.emit(self.index(0, col), self.index(len(self.rows) - 1, col))

    def sentence_mention(self, claim: Claim) -> Mention | None:
        """The mention whose sentence the Sentence column shows: the chosen article's, else the first one."""
        chosen = claim.mention_in(self.sentence_file) if self.sentence_file else None
        return chosen or next((m for m in claim.mentions if m.context), None)

    def article_of_column(self, column: int) -> Article | None:
        i = column - len(FIXED_COLUMNS)
        return self.articles[i] if 0 <= i < len(self.articles) else None

    def claim(self, row: int) -> Claim:
        return self.rows[row].claim

    def row_of(self, claim_id: str) -> int:
        return self._row_of.get(claim_id, -1)

    def icon(self, status: Status) -> QIcon:
        if status not in self._icons:
            self._icons[status] = status_icon(status, self.theme, 16)
        return self._icons[status]

    # -- Qt model API --------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIXED_COLUMNS) + len(self.articles) + 2

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        article = self.article_of_column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section < len(FIXED_COLUMNS):
                return FIXED_COLUMNS[section]
            if article is not None:
                return f"{letter(self.articles.index(article))} · {_short_file(article.display_name)}"
            return "Sentence" if section == self.sentence_column else "Verdict"
        if role == Qt.ItemDataRole.ToolTipRole and article is not None:
            return plain_tooltip("\n".join(x for x in (article.outlet, article.file, article.title) if x))
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        claim, col = row.claim, index.column()
        if role == CLAIM_ID_ROLE:
            return claim.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(claim, col)
        if role == SORT_ROLE:
            return self._sort_key(row, col)
        if role == Qt.ItemDataRole.DecorationRole and col == STATUS_COL:
            return self.icon(claim.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._tooltip(claim, col))
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(claim, col)
        if role == Qt.ItemDataRole.BackgroundRole and col == STATUS_COL and claim.flagged:
            bg = self.theme.style(claim.status).background
            return QBrush(QColor(bg)) if bg else None
        if role == Qt.ItemDataRole.FontRole:
            return self._font(claim, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == SEVERITY_COL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, claim: Claim, col: int) -> str:
        if col == STATUS_COL:
            return str(claim.status)
        if col == KIND_COL:
            return str(claim.kind)
        if col == SEVERITY_COL:
            return f"{claim.severity:.2f}"
        if col == SUMMARY_COL:
            mark = "✕ " if claim.dismissed else "✎ " if claim.origin == "editor" else ""
            return mark + one_line(claim.summary, 140)
        if col == self.sentence_column:
            mention = self.sentence_mention(claim)
            return sentence_cell(mention.context) if mention is not None and mention.context else ""
        article = self.article_of_column(col)
        if article is not None:
            said = [m for m in claim.mentions if m.file == article.file]
            if not said:
                return "—"
            return " / ".join(one_line(m.text, 60) for m in said)
        info = self.verdicts.get(claim.id)
        if info is None or not info.by_editor:
            return ""
        mark = "⚠" if info.disagree else VERDICT_MARK.get(info.state, "") if info.state else ""
        return f"{mark} {info.label()}".strip()

    def _sort_key(self, row: Row, col: int) -> Any:
        claim = row.claim
        if col == STATUS_COL:
            return STATUS_ORDER[claim.status] * 10 + claim.severity
        if col == SEVERITY_COL:
            # the analysis' urgency order: flagged claims first, then by severity
            return (2.0 if claim.flagged else 0.0) + claim.severity - row.rank * 1e-6
        if col == SUMMARY_COL:
            return claim.summary.casefold()
        if col == self.verdict_column:
            info = self.verdicts.get(claim.id)
            return info.label() if info else ""
        value = self._display(claim, col)
        return value.casefold() if isinstance(value, str) else value

    def _tooltip(self, claim: Claim, col: int) -> str:
        if col == self.sentence_column:
            mention = self.sentence_mention(claim)
            if mention is None or not mention.context:
                return "no sentence for this claim"
            return f"{mention.file}:\n{context_line(mention.context, 2000)}"
        article = self.article_of_column(col)
        if article is not None:
            said = [m for m in claim.mentions if m.file == article.file]
            if not said:
                return f"{article.file} does not state this claim"
            return "\n".join(f"{article.file}: “{one_line(m.text, 400)}”" + (
                f"\n{context_line(m.context)}" if m.context else "") for m in said)
        if col == self.verdict_column:
            info = self.verdicts.get(claim.id)
            if info and info.by_editor:
                lines = [f"{ed}: {v.verdict}" + (f" — {v.note}" if v.note else "")
                         for ed, v in sorted(info.by_editor.items())]
                if info.stale:
                    lines.append("stale: the wording changed since the verdict was given")
                if info.pending:
                    lines.append("not saved yet: the verdict log could not be written; it will be retried")
                return "\n".join(lines)
            return "no verdict yet"
        text = f"{claim.id} · {claim.status} {claim.kind} · severity {claim.severity:.2f}\n{claim.summary}"
        if claim.warnings:
            text += "\n" + "\n".join(f"note: {w}" for w in claim.warnings)
        if claim.corrections:
            text += "\n" + "\n".join(claim.corrections)
        return text

    def _foreground(self, claim: Claim, col: int) -> QBrush | None:
        if col == STATUS_COL and claim.status in (Status.CONFLICT, Status.HEDGED):
            return None
        article = self.article_of_column(col)
        if article is not None:
            if claim.mention_in(article.file) is None:
                return QBrush(QColor(self.theme.muted))
            if article.file in claim.outliers and claim.flagged:
                return QBrush(QColor(self.theme.style(claim.status).marker))
            return None
        if col == self.verdict_column:
            info = self.verdicts.get(claim.id)
            if info is None or not info.by_editor:
                return None
            if info.pending or info.stale:
                return QBrush(QColor(self.theme.pending))
            if info.state is not None:
                return QBrush(QColor(self.theme.verdict[info.state]))
        return None

    def _font(self, claim: Claim, col: int) -> QFont | None:
        article = self.article_of_column(col)
        if article is not None and claim.flagged and article.file in claim.outliers:
            f = QFont()
            f.setBold(True)
            return f
        if col == self.verdict_column:
            info = self.verdicts.get(claim.id)
            if info and (info.pending or info.stale):
                f = QFont()
                f.setItalic(True)
                return f
        return None


def context_line(context: str, limit: int = 400) -> str:
    """A mention's sentence for a tooltip: the mention between » «."""
    before, mention, after = context_parts(context)
    return one_line(f"{before}»{mention}«{after}", limit)


def sentence_cell(context: str, limit: int = 110, lead: int = 40) -> str:
    """A mention's sentence for a table cell: trimmed around the mention (kept in sight), marked » «."""
    before, mention, after = context_parts(" ".join(context.split()))
    if len(before) > lead:
        before = "…" + before[-lead:]
    return one_line(f"{before}»{mention}«{after}", limit)


def _short_file(name: str, limit: int = 14) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return stem if len(stem) <= limit else stem[: limit - 1] + "…"


class ClaimsFilter(QSortFilterProxyModel):
    """Filters by kind, status and verdict, and a search over the summary and every wording."""

    STATUS_FILTERS: ClassVar[dict[str, set[Status] | None]] = {
        "all": None,
        "flagged": {Status.CONFLICT, Status.HEDGED},
        "conflict": {Status.CONFLICT},
        "hedged": {Status.HEDGED},
        "agree": {Status.AGREE, Status.SINGLE},
        "dismissed": None,  # only the claims an editor dismissed (hidden everywhere else)
        "editor": None,  # only the claims an editor created or changed
    }
    VERDICT_FILTERS = ("all", "none", "verified", "disputed", "unresolved", "disagree", "stale", "pending")

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.kind: Kind | None = None
        self.status = "all"
        self.verdict = "all"
        self.search = ""
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def model_(self) -> ClaimsModel:
        model = self.sourceModel()
        assert isinstance(model, ClaimsModel)
        return model

    def set_kind(self, kind: str) -> None:
        self.beginFilterChange()
        self.kind = Kind(kind) if kind in {k.value for k in Kind} else None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: str) -> None:
        self.beginFilterChange()
        self.status = status if status in self.STATUS_FILTERS else "all"
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_verdict(self, verdict: str) -> None:
        self.beginFilterChange()
        self.verdict = verdict if verdict in self.VERDICT_FILTERS else "all"
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self.search = " ".join(text.casefold().split())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.model_()
        claim = model.claim(source_row)
        if self.kind is not None and claim.kind is not self.kind:
            return False
        if claim.dismissed != (self.status == "dismissed"):
            return False
        if self.status == "editor" and claim.origin != "editor":
            return False
        statuses = self.STATUS_FILTERS[self.status]
        if statuses is not None and claim.status not in statuses:
            return False
        if self.verdict != "all":
            info = model.verdicts.get(claim.id)
            if self.verdict == "stale":
                if not (info and info.stale):
                    return False
            elif self.verdict == "pending":
                if not (info and info.pending):
                    return False
            elif (info.filter_key if info else "none") != self.verdict:
                return False
        if self.search:
            hay = " ".join([claim.id, claim.summary, claim.label, str(claim.kind), str(claim.status),
                            *(m.text for m in claim.mentions)]).casefold()
            if not all(word in hay for word in self.search.split()):
                return False
        return True

    def claim_id(self, proxy_row: int) -> str:
        return str(self.index(proxy_row, 0).data(CLAIM_ID_ROLE))

    def proxy_row_of(self, claim_id: str) -> int:
        source_row = self.model_().row_of(claim_id)
        if source_row < 0:
            return -1
        return self.mapFromSource(self.model_().index(source_row, 0)).row()
