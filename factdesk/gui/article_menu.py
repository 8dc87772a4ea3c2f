"""The Article menu: Properties…, Paste as new article, Add from URL…; and reloading on changes on disk.

:func:`install` adds the menu to the window's menu bar (called by
:func:`factdesk.gui.actions.build`) and watches the open case's folder
(:class:`~factdesk.gui.case_watcher.CaseWatcher`).  What is written goes through
:mod:`factdesk.case.adding` and :mod:`factdesk.case.manifest`; the window then reads
the case again, so verdicts stay attached (stale where a wording changed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenuBar,
    QVBoxLayout,
    QWidget,
)

from factdesk.gui.add_from_url import AddFromUrlDialog
from factdesk.gui.case_watcher import CaseWatcher
from factdesk.model import Article


def install(window: Any, bar: QMenuBar, act: dict[str, Any], make_action: Any) -> None:
    """The Article menu after File; ``make_action`` is :func:`factdesk.gui.actions._action`."""
    menu = bar.addMenu("&Article")
    act["article_menu"] = menu
    act["paste_article"] = make_action(window, "&Paste as new article", lambda: paste_as_new_article(window),
                                       ("Ctrl+Shift+V",), "Add the text or page on the clipboard to the case")
    act["add_url"] = make_action(window, "Add from &URL…", lambda: add_from_url(window),
                                 tip="Fetch a web page into the case, keeping an archived copy")
    act["article_properties"] = make_action(window, "P&roperties…", lambda: edit_properties(window),
                                            tip="Outlet, URL, headline, publication date and byline of an article")
    for key in ("paste_article", "add_url", "article_properties"):
        menu.addAction(act[key])
    menu.aboutToShow.connect(lambda: _enable(window))
    watcher = CaseWatcher(window)
    window.case_watcher = watcher
    watcher.changed.connect(lambda what: _offer_reload(window, what))
    window.runner.busyChanged.connect(lambda busy: setattr(watcher, "paused", busy))
    window.analysisShown.connect(lambda: watcher.watch(case_folder(window)))


def case_folder(window: Any) -> Path | None:
    """The folder new articles go into: the case folder, or the folder of the case's first file."""
    case = getattr(window, "case", None)
    if case is not None and case.path and Path(case.path).is_dir():
        return Path(case.path)
    if window.sources:
        first = Path(window.sources[0])
        return first if first.is_dir() else first.parent
    return None


def article_path(window: Any, article: Article) -> Path | None:
    folder = case_folder(window)
    if folder is not None and (folder / article.file).is_file():
        return folder / article.file
    return next((Path(s) for s in window.sources if Path(s).name == Path(article.file).name), None)


def _enable(window: Any) -> None:
    has_case = window.case is not None and case_folder(window) is not None
    for key in ("paste_article", "add_url", "article_properties"):
        window.act[key].setEnabled(has_case)


def after_adding(window: Any, file: str) -> None:
    """Read the case again with the new article (a case made of files gets the file added)."""
    folder = case_folder(window)
    window.statusBar().showMessage(f"Added {file}; analysing…", 8000)
    if window.case is not None and window.case.path:
        window.reload()
    elif folder is not None:
        window.extend_case([str(folder / file)])


# -- paste -------------------------------------------------------------------------------------


def paste_as_new_article(window: Any, outlet: str | None = None) -> str:
    """Article → Paste as new article: the clipboard's text (or HTML) as a new article file.

    Asks for the outlet unless given; returns the new file's name ("" when nothing was added).
    """
    from factdesk.case.adding import AddError, add_text

    folder = case_folder(window)
    if folder is None:
        window.messages.show_message("info", "Open a case first: the article is added to its folder.")
        return ""
    mime = QGuiApplication.clipboard().mimeData()
    text, fmt = "", "txt"
    if mime is not None and mime.hasText() and mime.text().strip():
        text = mime.text()
    elif mime is not None and mime.hasHtml():
        text, fmt = mime.html(), "html"
    if not text.strip():
        window.messages.show_message("warning", "The clipboard holds no text to add as an article.")
        return ""
    if outlet is None:
        outlet, ok = QInputDialog.getText(window, "Paste as new article", "Outlet (who published it):")
        if not ok:
            return ""
    try:
        added = add_text(folder, text, outlet=outlet.strip(), source_format=fmt, name_hint="pasted")
    except AddError as err:
        window.messages.show_message("error", f"Could not add the pasted article: {err}")
        return ""
    after_adding(window, added.file)
    return added.file


# -- add from a URL ------------------------------------------------------------------------------


def add_from_url(window: Any) -> AddFromUrlDialog | None:
    """Article → Add from URL…: the dialog (non-modal, so the window stays usable while it fetches)."""
    folder = case_folder(window)
    if folder is None:
        window.messages.show_message("info", "Open a case first: the article is added to its folder.")
        return None
    dialog = AddFromUrlDialog(str(folder), window)
    dialog.articleAdded.connect(lambda file: after_adding(window, file))
    window.add_url_dialog = dialog
    dialog.show()
    return dialog


# -- properties ---------------------------------------------------------------------------------


class PropertiesDialog(QDialog):
    """The provenance of one article (choose which), saved into the case manifest."""

    FIELDS = (("outlet", "&Outlet:"), ("url", "&URL:"), ("title", "&Headline:"),
              ("published", "&Published:"), ("byline", "&By:"))

    def __init__(self, articles: tuple[Article, ...], current: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Article properties")
        self.articles = articles
        self.choice = QComboBox()
        for a in articles:
            self.choice.addItem(f"{a.display_name} — {a.file}" if a.outlet else a.file, a.file)
        self.fields: dict[str, QLineEdit] = {name: QLineEdit() for name, _ in self.FIELDS}
        self.fields["published"].setPlaceholderText("2024-05-03 or 2024-05-03T09:30+02:00")
        form = QFormLayout()
        form.addRow("&Article:", self.choice)
        for name, label in self.FIELDS:
            form.addRow(label, self.fields[name])
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._validate)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.choice.currentIndexChanged.connect(self._fill)
        index = next((i for i, a in enumerate(articles) if a.file == current), 0)
        self.choice.setCurrentIndex(index)
        self._fill(index)
        self.resize(620, self.sizeHint().height())

    @property
    def file(self) -> str:
        return str(self.choice.currentData())

    def _fill(self, index: int) -> None:
        a = self.articles[index]
        for name, edit in self.fields.items():
            edit.setText(getattr(a, name))
        self.problem.clear()

    def values(self) -> dict[str, str]:
        return {name: " ".join(edit.text().split()) for name, edit in self.fields.items()}

    def _validate(self) -> None:
        from factdesk.case.metadata import normalise_published

        published = self.values()["published"]
        if published and not normalise_published(published):
            self.problem.setText(f"“{published}” is not a date: write it as 2024-05-03 or 2024-05-03T09:30+02:00.")
            return
        self.accept()


def edit_properties(window: Any, file: str = "") -> PropertiesDialog | None:
    """Article → Properties…: edit an article's outlet, URL, headline, date and byline (into case.toml)."""
    if window.case is None:
        return None
    if not file:
        focused = next((p for p in window.articles.panes if p.isAncestorOf(QGuiApplication.focusObject())), None) \
            if isinstance(QGuiApplication.focusObject(), QWidget) else None
        file = focused.article.file if focused is not None else ""
    dialog = PropertiesDialog(window.case.articles, file, window)
    dialog.accepted.connect(lambda: save_properties(window, dialog.file, dialog.values()))
    window.properties_dialog = dialog
    dialog.open()
    return dialog


def save_properties(window: Any, file: str, values: dict[str, str]) -> bool:
    """Write one article's properties into the manifest beside its file, then read the case again."""
    from factdesk.case.manifest import ManifestError, update_article
    from factdesk.case.metadata import ArticleMeta, normalise_published

    article = window.case.article(file)
    path = article_path(window, article)
    if path is None:
        window.messages.show_message("error", f"Cannot find {file} on disk; its properties were not saved.")
        return False
    if values.get("title") == article.title and not _in_manifest(path, "title"):
        values = {**values, "title": ""}  # the headline found in the text stays found there
    values["published"] = normalise_published(values.get("published", ""))
    try:
        update_article(path.parent, path.name, ArticleMeta(**values))
    except ManifestError as err:
        window.messages.show_message("error", f"Could not save the properties: {err}")
        return False
    window.reload()
    return True


def _in_manifest(path: Path, key: str) -> bool:
    from factdesk.case.manifest import ManifestError, read_manifest

    try:
        entry = read_manifest(path.parent).get(path.name)
    except ManifestError:
        return False
    return bool(entry and getattr(entry.meta, key))


# -- changes on disk ------------------------------------------------------------------------------


def _offer_reload(window: Any, what: str) -> None:
    window.messages.show_message("info", f"The case changed on disk: {what}. Reload to see it (verdicts on "
                                 "changed wordings are marked stale).", "Reload", window.reload,
                                 key="case_changed")

