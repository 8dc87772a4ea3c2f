"""The verdict panel: who is editing, the verdict buttons, note/correct value/source, the claim's history."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from factdesk.corrections import why
from factdesk.gui.claims_model import one_line
from factdesk.gui.colors import Theme
from factdesk.gui.elided_label import ElidedLabel
from factdesk.gui.plain_text import plain_label, plain_tooltip, quoted
from factdesk.gui.verdicts import ClaimVerdicts, is_stale
from factdesk.model import Claim, Verdict, VerdictState, context_parts


class Field(QLineEdit):
    """A line edit where Enter saves and Escape hands the keyboard back to the claims table."""

    escaped = Signal()

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        super().keyPressEvent(e)


class NoteField(QPlainTextEdit):
    """The note: several lines. Enter saves, Shift+Enter breaks the line, Esc returns to the table, Tab moves on."""

    returnPressed = Signal()
    escaped = Signal()
    LINES = 3

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        line = QFontMetrics(self.font()).lineSpacing()
        margins = self.contentsMargins()
        frame = int(self.document().documentMargin() * 2) + margins.top() + margins.bottom() + 2
        self.setFixedHeight(line * self.LINES + frame)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:  # the QLineEdit name the other fields share
        self.setPlainText(text)
        self.moveCursor(self.textCursor().MoveOperation.Start)  # a long note shows from its beginning

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if e.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
            else:
                self.returnPressed.emit()
            return
        super().keyPressEvent(e)


class VerdictPanel(QWidget):
    """Records the editor's verdict on the current claim and shows every editor's verdicts on it."""

    changeEditor = Signal()
    saveRequested = Signal()  # Enter in a field: save the fields with the current (or an unresolved) verdict
    done = Signal()  # Escape in a field

    def __init__(self, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self.theme = theme
        self.setObjectName("verdictPanel")
        self.claim: Claim | None = None

        self.editor_label = QLabel()
        self.editor_label.setObjectName("editorLabel")
        change = QToolButton()
        change.setText("Change…")
        change.setToolTip("Change the editor name recorded with your verdicts")
        change.clicked.connect(self.changeEditor)
        who = QHBoxLayout()
        who.addWidget(self.editor_label, 1)
        who.addWidget(change)

        self.meta_label = QLabel()
        self.meta_label.setObjectName("claimMeta")
        self.claim_label = ElidedLabel("Select a claim in the table.", lines=3)
        self.claim_label.setObjectName("claimLabel")
        # fixed heights (elided, the whole text in the tooltip): the panel's layout never grows with them
        self.why_label = ElidedLabel(lines=3)  # why the mentions were put together and how they were judged
        self.why_label.setObjectName("claimWhy")
        self.context_label = ElidedLabel(lines=4)  # each mention's sentence, the mention between » «
        self.context_label.setObjectName("claimContext")
        self.state_label = QLabel()
        self.state_label.setObjectName("verdictState")
        self.state_label.setWordWrap(True)

        self.buttons: dict[VerdictState, QPushButton] = {}
        row = QHBoxLayout()
        row.setSpacing(6)
        for state in (VerdictState.VERIFIED, VerdictState.DISPUTED, VerdictState.UNRESOLVED):
            b = QPushButton()
            b.setCheckable(True)
            b.setObjectName(f"verdict_{state}")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.buttons[state] = b
            row.addWidget(b)

        self.note = NoteField()
        self.note.setPlaceholderText("why (Enter saves, Shift+Enter starts a new line, Esc returns to the table)")
        self.correct = Field()
        self.correct.setPlaceholderText("the correct value, if known")
        self.source = Field()
        self.source.setPlaceholderText("where it was checked (URL, document, call)")
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow("&Note", self.note)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Correct &value", self.correct)
        form.addRow("&Source", self.source)
        for f in (self.note, self.correct, self.source):
            f.returnPressed.connect(self.saveRequested)
            f.escaped.connect(self.done)

        self.disagree_label = plain_label(QLabel())
        self.disagree_label.setObjectName("disagreeLabel")
        self.disagree_label.setWordWrap(True)
        self.disagree_label.hide()
        self.history = QTreeWidget()
        self.history.setObjectName("history")
        self.history.setRootIsDecorated(False)
        self.history.setUniformRowHeights(False)  # a note of several lines shows whole
        self.history.setWordWrap(True)
        self.history.setHeaderLabels(["When", "Editor", "Verdict", "Note · correct value · source"])
        self.history.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.history.header().setStretchLastSection(True)
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history.setAlternatingRowColors(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(who)
        layout.addWidget(self.meta_label)
        layout.addWidget(self.claim_label)
        layout.addWidget(self.why_label)
        layout.addWidget(self.context_label)
        layout.addLayout(row)
        layout.addWidget(self.state_label)
        layout.addLayout(form)
        layout.addWidget(self.disagree_label)
        history_title = QLabel("History")
        history_title.setObjectName("sectionTitle")
        layout.addWidget(history_title)
        layout.addWidget(self.history, 1)
        self.set_editor("")
        self.set_enabled_for(None)
        self._style_buttons()

    def bind(self, actions: dict[VerdictState, QAction]) -> None:
        """Verdict buttons trigger the window's verdict actions (and show their shortcuts)."""
        for state, b in self.buttons.items():
            action = actions[state]
            b.setText(f"{state.value.capitalize()}  ({action.shortcut().toString()})")
            b.setToolTip(action.toolTip())
            b.clicked.connect(lambda _=False, a=action: a.trigger())

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._style_buttons()

    def _style_buttons(self) -> None:
        """A checked verdict button takes its verdict's colour: the editor's verdict shows at a glance."""
        for state, b in self.buttons.items():
            color = self.theme.verdict[state]
            b.setStyleSheet(
                f"QPushButton:checked {{ background-color: {color}; color: white; font-weight: bold;"
                f" border: 1px solid {color}; border-radius: 3px; padding: 4px; }}")

    def set_editor(self, name: str) -> None:
        self.editor = name
        self.editor_label.setText(f"Editor: <b>{quoted(name)}</b>" if name else "Editor: <i>not set</i>")

    def set_enabled_for(self, claim: Claim | None) -> None:
        for w in (*self.buttons.values(), self.note, self.correct, self.source):
            w.setEnabled(claim is not None)

    def fields(self) -> tuple[str, str, str]:
        return self.note.text().strip(), self.correct.text().strip(), self.source.text().strip()

    def show_claim(self, claim: Claim | None, info: ClaimVerdicts | None, history: list[Verdict],
                   pending: list[Verdict], keep_fields: bool = False) -> None:
        """Show ``claim`` with its verdicts; the fields show this editor's current note, value and source."""
        changed = claim is None or self.claim is None or claim.fingerprint != self.claim.fingerprint
        self.claim = claim
        self.set_enabled_for(claim)
        if claim is None:
            self.meta_label.clear()
            self.why_label.set_full_text("")
            self.context_label.set_full_text("")
            self.claim_label.set_full_text("Select a claim in the table.")
            self.state_label.clear()
            self.history.clear()
            self.disagree_label.hide()
            for f in (self.note, self.correct, self.source):
                f.clear()
            return
        self.meta_label.setText(f"<b>{quoted(claim.id)}</b> · {claim.status.value} {claim.kind.value} · "
                                f"severity {claim.severity:.2f} · {_articles(claim)}")
        self.claim_label.set_full_text(one_line(claim.summary, 300))
        self.why_label.set_full_text(" ".join([why(claim), *(f"✎ {line}." for line in claim.corrections)]))
        self.context_label.set_full_text(contexts_text(claim))
        self.why_label.setToolTip(self.why_label.full)
        self.context_label.setToolTip(self.context_label.full)
        mine = info.by_editor.get(self.editor) if info else None
        for state, b in self.buttons.items():
            b.setChecked(mine is not None and mine.verdict is state)
        if changed or not keep_fields:
            self.note.setText(mine.note if mine else "")
            self.correct.setText(mine.correct_value if mine else "")
            self.source.setText(mine.source if mine else "")
        self._show_state(claim, info, mine, pending)
        self._show_history(claim, history, pending)

    def _show_state(self, claim: Claim, info: ClaimVerdicts | None, mine: Verdict | None,
                    pending: list[Verdict]) -> None:
        parts = []
        if mine is None:
            parts.append("You have not given a verdict on this claim.")
        else:
            parts.append(f"Your verdict: <b>{mine.verdict}</b>")
            if mine in pending:
                parts.append(f"<span style='color:{self.theme.pending}'>⏳ not saved yet — will retry</span>")
            if is_stale(mine, claim):
                parts.append(f"<span style='color:{self.theme.stale}'>"
                             "⚠ stale: the wording changed since</span>")
        self.state_label.setText(" · ".join(parts))
        if info is not None and info.disagree:
            who = ", ".join(f"{ed}: {v.verdict}" for ed, v in sorted(info.by_editor.items()))
            self.disagree_label.setText(f"⚠ Editors disagree — {who}")
            self.disagree_label.show()
        else:
            self.disagree_label.hide()

    def _show_history(self, claim: Claim, history: list[Verdict], pending: list[Verdict]) -> None:
        self.history.clear()
        for v in reversed(history):  # newest first
            when = _local_time(v.created)
            details = " · ".join(x for x in (v.note.strip(), v.correct_value, v.source) if x)
            state = str(v.verdict)
            flags = []
            if v in pending and v.id is None:
                flags.append("not saved yet")
            if v.verdict is not VerdictState.RETRACTED and is_stale(v, claim):
                flags.append("stale")
            if flags:
                state += f" ({', '.join(flags)})"
            item = QTreeWidgetItem([when, v.editor, state, details])
            item.setToolTip(3, plain_tooltip(details))
            color = self.theme.verdict.get(v.verdict)
            if color:
                item.setForeground(2, QBrush(QColor(color)))
            self.history.addTopLevelItem(item)
        for col in range(3):
            self.history.resizeColumnToContents(col)


def _local_time(t: dt.datetime) -> str:
    try:
        local = t.astimezone() if t.tzinfo else t
    except (OverflowError, ValueError):  # 9999-12-31 in a zone east of UTC
        return t.strftime("%Y-%m-%d %H:%M UTC")
    today = dt.datetime.now().astimezone().date()
    return local.strftime("%H:%M:%S" if local.date() == today else "%Y-%m-%d %H:%M")


def _articles(claim: Claim) -> str:
    n = len(set(claim.files))
    return "within one article" if n == 1 else f"stated by {n} articles"


CONTEXTS_SHOWN = 2


def contexts_text(claim: Claim) -> str:
    """Each mention's sentence, the mention between » «, its article named (the first few)."""
    rows = []
    for m in claim.mentions[:CONTEXTS_SHOWN]:
        before, mention, after = context_parts(m.context or m.text)
        rows.append(f"{m.file}: {one_line(before + '»' + (mention or m.text) + '«' + after, 400)}")
    more = len(claim.mentions) - CONTEXTS_SHOWN
    if more > 0:
        rows.append(f"… and {more} more (the table's tooltips show each)")
    return "  ·  ".join(rows)
