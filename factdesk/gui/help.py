"""Help: the keyboard shortcuts (read from the window's own actions, so they cannot drift) and About factdesk.

Both dialogs are modeless and kept by the window: F1 again (or Help → About
again) refreshes and raises the one already open.
"""

from __future__ import annotations

import platform
import re
from dataclasses import dataclass
from pathlib import Path

import PySide6
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, qVersion
from PySide6.QtGui import QAction, QFont, QFontMetrics, QGuiApplication, QIcon, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from factdesk import __version__
from factdesk.gui.app import app_icon
from factdesk.text.linker import LinkerError, load_linker
from factdesk.text.parse_cache import ParseCache

MODEL_NOT_LOADED = "loaded with the first case"
TAGLINE = ("Compare how several outlets reported one story: aligned figures, dates, quotes and names, "
           "with an editors' verdict log.")
SHORTCUTS_INTRO = "Every action is also in the menus, with its key shown next to it."
SHORTCUTS_FOOTER = ("In the note, correct value and source fields, <b>Enter</b> saves and <b>Esc</b> "
                    "returns to the claims table.")
KEYS_ROLE = Qt.ItemDataRole.UserRole + 1  # the key sequences of a row, one string each
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2  # what the action does, drawn dimmed after its name
OTHER_GROUP = "Other"


def window_icon(widget: QWidget) -> QIcon:
    """The application icon: the widget's own (inherited from the window or the app), else from the files."""
    icon = widget.windowIcon()
    return icon if not icon.isNull() else app_icon()


# -- the shortcuts, from the actions -----------------------------------------------------------------


def plain_text(text: str) -> str:
    """A menu text as words: no mnemonic '&', no '\\t' key column, no trailing '…'."""
    text = re.sub(r"&(.)", r"\1", text.split("\t", 1)[0])
    return text.rstrip("…").rstrip(".").strip()


def key_names(action: QAction) -> list[str]:
    """The action's shortcuts as this platform writes them (⌘ on macOS)."""
    return [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts() if not s.isEmpty()]


@dataclass(frozen=True)
class Shortcut:
    group: str  # the menu it is in ("File", "Claim"...), OTHER_GROUP when in none
    keys: tuple[str, ...]  # ("J", "F7")
    action: str  # "Next flagged claim"
    detail: str  # what it does, when the name does not say it all (the action's What's This text)

    @property
    def keys_text(self) -> str:
        return " · ".join(self.keys)


def window_shortcuts(window: QMainWindow) -> list[Shortcut]:
    """Every action of ``window`` with a shortcut, in menu order; actions in no menu come last."""
    out: list[Shortcut] = []
    seen: list[QAction] = []  # strong references: the ids below stay unique

    def add(action: QAction, group: str) -> None:
        if any(action is s for s in seen) or not key_names(action):
            return
        seen.append(action)
        name = plain_text(action.text())
        detail = action.whatsThis().strip()
        out.append(Shortcut(group, tuple(key_names(action)), name, "" if detail == name else detail))

    def walk(menu: QMenu, group: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, group)
            elif not action.isSeparator():
                add(action, group)

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, plain_text(top.text()))
    for action in window.findChildren(QAction):
        add(action, OTHER_GROUP)
    return out


class KeycapDelegate(QStyledItemDelegate):
    """Draws a row's key sequences as key caps: [J] [F7]."""

    PAD_X, PAD_Y, GAP, RADIUS = 7, 3, 6, 4

    def _caps(self, index: QModelIndex | QPersistentModelIndex) -> list[str]:
        keys = index.data(KEYS_ROLE)
        return list(keys) if keys else []

    def _font(self, option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)
        font.setBold(True)
        return font

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        caps = self._caps(index)
        if not caps:
            return super().sizeHint(option, index)
        metrics = QFontMetrics(self._font(option))
        width = sum(metrics.horizontalAdvance(c) + 2 * self.PAD_X for c in caps) + self.GAP * (len(caps) - 1)
        return QSize(width + 16, metrics.height() + 2 * self.PAD_Y + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        caps = self._caps(index)
        if not caps:
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget is not None else QApplication.style()
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, option.widget)
        font = self._font(option)
        metrics = QFontMetrics(font)
        palette: QPalette = option.palette
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(font)
        height = metrics.height() + 2 * self.PAD_Y
        x = option.rect.left() + 8
        y = option.rect.top() + (option.rect.height() - height) // 2
        for cap in caps:
            width = metrics.horizontalAdvance(cap) + 2 * self.PAD_X
            rect = QRect(x, y, width, height)
            painter.setPen(palette.color(QPalette.ColorRole.Mid))
            painter.setBrush(palette.color(QPalette.ColorRole.Button))
            painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), self.RADIUS, self.RADIUS)
            painter.setPen(palette.color(QPalette.ColorRole.ButtonText))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, cap)
            x += width + self.GAP
        painter.restore()


class ActionDelegate(QStyledItemDelegate):
    """Draws the action's name and, dimmed after it, what it does."""

    GAP = 12

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        detail = index.data(DETAIL_ROLE)
        if detail:
            size.setWidth(size.width() + self.GAP + QFontMetrics(option.font).horizontalAdvance(detail))
        return size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        detail = index.data(DETAIL_ROLE)
        if not detail:
            return
        metrics = QFontMetrics(option.font)
        name_width = metrics.horizontalAdvance(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        margin = option.widget.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1 \
            if option.widget is not None else 4
        rect = option.rect.adjusted(margin + name_width + self.GAP, 0, -margin, 0)
        if rect.width() <= 0:
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        painter.save()
        painter.setPen(option.palette.color(role))
        painter.setFont(option.font)
        text = metrics.elidedText(detail, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
        painter.restore()


class ShortcutsDialog(QDialog):
    """Help → Keyboard shortcuts (F1): a Keys / Action table of the window's actions, grouped by menu."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window_ = window
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts — factdesk")
        self.setWindowIcon(window_icon(window))
        intro = QLabel(SHORTCUTS_INTRO)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels(["Keys", "Action"])
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a reference card: the keyboard stays on Close
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setItemDelegateForColumn(0, KeycapDelegate(self.table))
        self.table.setItemDelegateForColumn(1, ActionDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        footer = QLabel(SHORTCUTS_FOOTER)
        footer.setWordWrap(True)
        footer.setObjectName("shortcutsFooter")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(footer)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the table from the window's actions as they are now."""
        table = self.table
        table.clearSpans()
        table.setRowCount(0)
        group = None
        titles: list[int] = []
        bold = QFont(table.font())
        bold.setBold(True)
        for shortcut in window_shortcuts(self.window_):
            if shortcut.group != group:
                group = shortcut.group
                row = table.rowCount()
                table.insertRow(row)
                title = QTableWidgetItem(group)
                title.setFont(bold)
                title.setFlags(Qt.ItemFlag.ItemIsEnabled)
                title.setData(Qt.ItemDataRole.ForegroundRole, table.palette().color(QPalette.ColorRole.PlaceholderText))
                title.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
                table.setItem(row, 0, title)
                table.setSpan(row, 0, 1, 2)
                titles.append(row)
            row = table.rowCount()
            table.insertRow(row)
            keys = QTableWidgetItem(shortcut.keys_text)
            keys.setData(KEYS_ROLE, list(shortcut.keys))
            keys.setToolTip(shortcut.detail)
            action = QTableWidgetItem(shortcut.action)
            action.setData(DETAIL_ROLE, shortcut.detail)
            action.setToolTip(shortcut.detail)
            table.setItem(row, 0, keys)
            table.setItem(row, 1, action)
        table.resizeRowsToContents()
        for row in titles[1:]:  # a little air above each menu's title
            table.setRowHeight(row, table.rowHeight(row) + 8)
        table.resizeColumnToContents(0)
        self._fit()

    def _fit(self) -> None:
        """Tall enough for every row without scrolling, when the screen allows."""
        table = self.table
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        height = rows + table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth() + 2
        width = table.columnWidth(0) + table.sizeHintForColumn(1) + 2 * table.frameWidth() + 24
        screen = self.screen() or QGuiApplication.primaryScreen()
        limit = screen.availableGeometry().height() - 220 if screen is not None else height
        table.setMinimumHeight(min(height, max(limit, 240)))
        table.setMinimumWidth(max(width, 460))
        self.adjustSize()

    def rows(self) -> list[tuple[str, str]]:
        """(keys, action) of every row of the table, group titles left out."""
        out = []
        for r in range(self.table.rowCount()):
            keys, action = self.table.item(r, 0), self.table.item(r, 1)
            if keys is not None and action is not None:
                out.append((keys.text(), action.text()))
        return out


# -- About -------------------------------------------------------------------------------------------


def _selectable(text: str, wrap: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setCursor(Qt.CursorShape.IBeamCursor)
    label.setWordWrap(wrap)
    return label


class AboutDialog(QDialog):
    """Help → About factdesk: version, where the log, the settings and the parse cache are, the models, versions."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window_ = window
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About factdesk")
        self.setWindowIcon(window_icon(window))
        icon = QLabel()
        icon.setPixmap(self.windowIcon().pixmap(QSize(96, 96), self.devicePixelRatioF()))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.title = _selectable(f"factdesk {__version__}")
        self.title.setObjectName("aboutTitle")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        tagline = QLabel(TAGLINE)
        tagline.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setHorizontalSpacing(12)
        self.form.setVerticalSpacing(6)
        text = QVBoxLayout()
        text.setSpacing(8)
        text.addWidget(self.title)
        text.addWidget(tagline)
        text.addSpacing(6)
        text.addLayout(self.form)
        top = QHBoxLayout()
        top.setSpacing(18)
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy details")
        self.copy_button.setToolTip("Copy the version, the file locations and the versions below "
                                    "(for a bug report)")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 14)
        layout.addLayout(top)
        layout.addSpacing(10)
        layout.addWidget(buttons)
        self.values: dict[str, QLabel] = {}
        self.refresh()

    def details(self) -> list[tuple[str, str]]:
        """What the dialog shows, as (label, value) pairs."""
        window = self.window_
        analysis = getattr(window, "analysis", None)
        rows = [("Verdict log", str(log_path(window))), ("Settings", settings_path(window)),
                ("Language model", (analysis.model if analysis is not None else "") or MODEL_NOT_LOADED),
                ("Alignment model", _alignment_model()), ("Parse cache", ParseCache.default().info().describe())]
        if analysis is not None and analysis.warnings:
            rows.append(("Warnings", "\n".join(analysis.warnings)))
        rows += [("Qt", qVersion()), ("PySide6", PySide6.__version__),
                 ("Python", f"{platform.python_version()} ({platform.system()} {platform.machine()})")]
        return rows

    def refresh(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.values = {}
        for name, value in self.details():
            label = QLabel(f"{name}:")
            label.setObjectName("aboutLabel")
            field = _selectable(value, wrap=name == "Warnings")
            field.setObjectName("aboutValue")
            if name == "Verdict log" and not Path(value).exists():
                field.setToolTip("Not created yet: factdesk creates it when it first opens a case")
            self.values[name] = field
            self.form.addRow(label, field)
        self.copy_button.setText("Copy details")
        self._fit()

    def _fit(self) -> None:
        """Wide enough for the paths, and as tall as the wrapped lines need at that width (no gaps)."""
        self.adjustSize()
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            width = max(self.width(), self.minimumWidth())
            self.resize(width, layout.totalHeightForWidth(width))

    def text(self) -> str:
        """Everything shown, as plain text."""
        return "\n".join([f"factdesk {__version__}", *(f"{k}: {v}" for k, v in self.details())])

    def copy_details(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.text())
        self.copy_button.setText("Copied")


def log_path(window: QWidget) -> Path:
    """The verdict log the window writes to (its book's, else the default one, without opening it)."""
    book = getattr(window, "book", None)
    if book is not None:
        return Path(book.db_path)
    from factdesk.gui.verdicts import store

    return Path(store().default_db_path())


def settings_path(window: QWidget) -> str:
    settings = getattr(window, "settings", None)
    return settings.q.fileName() if settings is not None else ""


def _alignment_model() -> str:
    """The learned linker's name and what it was trained on, or why it cannot be read."""
    try:
        linker = load_linker()
    except LinkerError as e:
        return str(e)
    return f"{linker.name} (trained on {linker.trained})"

