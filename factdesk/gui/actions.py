"""The window's menus and keyboard map: every action is in a menu with its shortcut shown."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QStatusBar

from factdesk.gui.articles_view import ArticlesView
from factdesk.gui.claims_view import ClaimsView
from factdesk.gui.help import plain_text
from factdesk.gui.legend import Legend
from factdesk.gui.log_check import LogCheckRunner
from factdesk.gui.message_bar import MessageBar
from factdesk.gui.plain_text import plain_tooltip
from factdesk.gui.settings import Settings
from factdesk.gui.verdicts import VerdictBook
from factdesk.model import Analysis, Case, Verdict, VerdictState


class MainWindow(Protocol):
    """What the menus need of :class:`factdesk.gui.main_window.MainWindow` (which imports this module)."""

    act: dict[str, Any]
    analysis: Analysis | None
    articles: ArticlesView
    claims: ClaimsView
    legend: Legend
    log_check: LogCheckRunner
    messages: MessageBar
    settings: Settings
    sources: list[str]
    open_folder: Callable[[], object]
    add_articles: Callable[[], object]
    reload: Callable[[], object]
    cancel_analysis: Callable[[], object]
    next_claim: Callable[[], object]
    previous_claim: Callable[[], object]
    focus_table: Callable[[], object]
    focus_search: Callable[[], object]
    show_all_articles: Callable[[], object]
    toggle_compare: Callable[[], object]
    toggle_agreeing: Callable[[], object]
    toggle_sentences: Callable[[], object]
    show_stale_corrections: Callable[[], object]
    edit_sheet_title: Callable[[], object]
    sheet_title: Callable[[], str]
    undo_verdict: Callable[[], object]
    redo_verdict: Callable[[], object]
    flush_pending: Callable[[], object]
    edit_note: Callable[[], object]
    change_editor: Callable[[], object]
    show_about: Callable[[], object]
    show_shortcuts: Callable[[], object]

    def open_sources(self, sources: list[str], name: str | None = None, path: str | None = None) -> None: ...
    def record_verdict(self, state: VerdictState, note: str | None = None) -> Verdict | None: ...
    def verdict_book(self) -> VerdictBook: ...
    def menuBar(self) -> QMenuBar: ...
    def statusBar(self) -> QStatusBar: ...
    def addAction(self, action: QAction) -> None: ...
    def close(self) -> bool: ...

def _action(window: MainWindow, text: str, slot: Callable[[], Any], keys: tuple[str, ...] = (),
            tip: str = "", shown: str = "") -> QAction:
    action = QAction(text + (f"\t{shown}" if shown else ""), window)
    if keys:
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    tip = tip or plain_text(text)
    action.setToolTip(f"{tip} ({', '.join(keys)})" if keys else tip)
    action.setWhatsThis(tip)  # the longer description Help → Keyboard shortcuts shows
    action.triggered.connect(lambda _=False: slot())
    window.addAction(action)  # shortcuts work even with the menu bar hidden
    return action


def build(window: MainWindow) -> dict[str, Any]:
    act: dict[str, Any] = {}
    bar = window.menuBar()

    file = bar.addMenu("&File")
    act["open"] = _action(window, "&Open folder…", window.open_folder, ("Ctrl+O",))
    act["add"] = _action(window, "&Add article…", window.add_articles, ("Ctrl+Shift+O",),
                         "Add article files to the open case")
    file.addAction(act["open"])
    file.addAction(act["add"])
    act["recent_menu"] = file.addMenu("Recent &cases")
    act["reload"] = _action(window, "&Reload", window.reload, ("F5", "Ctrl+R"),
                            "Read the articles again and re-attach the verdicts", shown="F5, Ctrl+R")
    file.addAction(act["reload"])
    file.addSeparator()
    act["print_preview"] = _action(window, "Print pre&view…", lambda: print_action(window, "print_preview"),
                                   ("Ctrl+Shift+P",), "Preview the discrepancy sheet")
    act["print"] = _action(window, "&Print sheet…", lambda: print_action(window, "print_sheet"), ("Ctrl+P",),
                           "Print the discrepancy sheet")
    act["export_pdf"] = _action(window, "&Export sheet as PDF…", lambda: print_action(window, "export_pdf"),
                                ("Ctrl+E",), "Write the discrepancy sheet to a PDF file")
    act["sheet_title"] = _action(window, "Sheet &title…", window.edit_sheet_title,
                                 tip="The title printed at the top of this case's discrepancy sheet")
    for key in ("print_preview", "print", "export_pdf", "sheet_title"):
        file.addAction(act[key])
    file.addSeparator()
    act["quit"] = _action(window, "&Quit", window.close, ("Ctrl+Q",))
    file.addAction(act["quit"])

    from factdesk.gui import article_menu  # Article → Paste as new article, Add from URL…, Properties…

    article_menu.install(window, bar, act, _action)

    claim = bar.addMenu("&Claim")
    act["next"] = _action(window, "&Next flagged claim", window.next_claim, ("J", "F7"), shown="J, F7")
    act["previous"] = _action(window, "&Previous flagged claim", window.previous_claim, ("K", "Shift+F7"),
                              shown="K, Shift+F7")
    claim.addAction(act["next"])
    claim.addAction(act["previous"])
    claim.addSeparator()
    keys = ((VerdictState.VERIFIED, "V"), (VerdictState.DISPUTED, "D"), (VerdictState.UNRESOLVED, "U"))
    for state, key in keys:
        a = _action(window, f"Mark &{state.value}", lambda s=state: window.record_verdict(s), (key,),
                    f"Record “{state.value}” as your verdict on the selected claim")
        act[f"verdict_{state}"] = a
        claim.addAction(a)
    act["note"] = _action(window, "Write a &note", window.edit_note, ("N",),
                          "Type a note, the correct value and the source; Enter saves")
    claim.addAction(act["note"])
    claim.addSeparator()
    for key, text, slot, shortcut, tip in (
        ("dismiss", "D&ismiss claim…", window.dismiss_claim, "X",
         "Not a claim, or not the same fact: it leaves the flagged list (View it with the Dismissed filter)"),
        ("merge", "&Merge selected claims…", window.merge_claims, "M",
         "The claims selected in the table are one fact: join them; status and severity are judged anew"),
        ("split", "&Split out this article…", window.split_claim, "S",
         "Take the mention of the article of the current cell out of the claim: it becomes a claim of its own"),
        ("add_claim", "&Add claim from selected text…", window.add_claim, "A",
         "Select the wording in two or more article panes, then choose its kind: a new claim, compared like any"),
    ):
        act[key] = _action(window, text, slot, (shortcut,), tip)
        claim.addAction(act[key])
    claim.addSeparator()
    act["undo"] = _action(window, "&Undo last verdict", window.undo_verdict, ("Ctrl+Z",),
                          "Withdraw your last verdict or correction (one retraction in the log)")
    claim.addAction(act["undo"])
    act["redo"] = _action(window, "&Redo verdict", window.redo_verdict, ("Ctrl+Shift+Z",),
                          "Give the verdict or correction you last undid again")
    claim.addAction(act["redo"])
    act["stale"] = _action(window, "S&tale corrections…", window.show_stale_corrections,
                           tip="The corrections that no longer find their wording in the articles, with their notes")
    claim.addAction(act["stale"])
    claim.addSeparator()
    act["retry"] = _action(window, "&Retry saving verdicts", window.flush_pending)
    claim.addAction(act["retry"])

    view = bar.addMenu("&View")
    act["search"] = _action(window, "&Search claims", window.focus_search, ("Ctrl+F",))
    act["table"] = _action(window, "Go to the claims &table", window.focus_table, ("Ctrl+L",))
    act["cancel"] = _action(window, "&Cancel analysis", window.cancel_analysis, ("Esc",))
    act["cancel"].setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    for key in ("search", "table", "cancel"):
        view.addAction(act[key])
    view.addSeparator()
    legend = window.legend.toggleViewAction()
    legend.setText("Show the &legend")
    view.addAction(legend)
    act["compare"] = _action(window, "&Compare: only the articles that state the claim", window.toggle_compare,
                             ("C",), "Show only the articles that state the selected claim, side by side")
    act["compare"].setCheckable(True)
    view.addAction(act["compare"])
    act["show_agreeing"] = _action(window, "Show a&greeing mentions", window.toggle_agreeing,
                                   tip="Also underline the names, dates and figures the articles agree on")
    act["show_agreeing"].setCheckable(True)
    view.addAction(act["show_agreeing"])
    act["show_sentences"] = _action(window, "Show &sentences", window.toggle_sentences,
                                    tip="A column with each claim's sentence: the current article's mention, "
                                        "else the first (the whole sentence in its tooltip)")
    act["show_sentences"].setCheckable(True)
    view.addAction(act["show_sentences"])
    act["articles_menu"] = view.addMenu("&Articles")
    act["show_all"] = _action(window, "Show all articles", window.show_all_articles)

    editor = bar.addMenu("&Editor")
    act["editor"] = _action(window, "Change editor &name…", window.change_editor)
    editor.addAction(act["editor"])

    helpm = bar.addMenu("&Help")
    act["keys"] = _action(window, "&Keyboard shortcuts", window.show_shortcuts, ("F1",),
                          "List every key of the window")
    act["about"] = _action(window, "&About factdesk…", window.show_about,
                           tip="Version, where the verdict log and the settings are, the language model")
    helpm.addAction(act["keys"])
    helpm.addAction(act["about"])
    window.act = act
    fill_recent_menu(window)
    return act


def fill_recent_menu(window: MainWindow) -> None:
    menu: QMenu = window.act["recent_menu"]
    menu.clear()
    recent = window.settings.recent_cases()
    for sources in recent:
        label = Path(sources[0]).name + (f" (+{len(sources) - 1})" if len(sources) > 1 else "")
        a = menu.addAction(label)
        a.setToolTip(plain_tooltip("\n".join(sources)))
        a.triggered.connect(lambda _=False, s=sources: window.open_sources(list(s)))
    if recent:
        menu.addSeparator()
        menu.addAction("Clear the list").triggered.connect(
            lambda: (window.settings.clear_recent(), fill_recent_menu(window)))
    menu.setEnabled(bool(recent))


def fill_articles_menu(window: MainWindow, case: Case) -> None:
    from factdesk.gui.claims_model import letter

    menu: QMenu = window.act["articles_menu"]
    menu.clear()
    hidden = window.articles.hidden_files()
    for i, article in enumerate(case.articles):
        a = menu.addAction(f"{letter(i)} · {article.file}")
        a.setCheckable(True)
        a.setChecked(article.file not in hidden)
        a.setData(article.file)
        a.setToolTip(plain_tooltip(article.title))
        a.toggled.connect(lambda on, f=article.file: window.articles.set_visible(f, on))
    menu.addSeparator()
    menu.addAction(window.act["show_all"])


# -- printing: provided by factdesk/gui/printing/ (layout, pages, paint, output) -----------------------


def printing_module() -> Any | None:
    if importlib.util.find_spec("factdesk.gui.printing") is None:
        return None
    try:
        return importlib.import_module("factdesk.gui.printing")
    except Exception:
        return None


def update_print_actions(window: MainWindow) -> None:
    available = importlib.util.find_spec("factdesk.gui.printing") is not None
    for key in ("print_preview", "print", "export_pdf", "sheet_title"):
        window.act[key].setEnabled(available and window.analysis is not None)
        if not available:
            window.act[key].setToolTip("Printing is not available in this build yet")


def sheet_html(window: MainWindow) -> tuple[str, str]:
    """The discrepancy sheet of the open case with the current verdicts (and the table's filters)."""
    from factdesk.gui.verdicts import case_key
    from factdesk.publish.sheet import SheetOptions
    from factdesk.publish.sheet import sheet_html as make_html

    analysis = window.analysis
    assert analysis is not None
    verdicts = window.verdict_book().latest(case_key(analysis.case))
    filters = window.claims.filters()
    filtered = any(v not in ("all", "") for v in filters.values())
    proxy = window.claims.proxy
    ids = frozenset(proxy.claim_id(r) for r in range(proxy.rowCount())) if filtered else None
    case_title = window.sheet_title()
    title = f"Discrepancy sheet — {case_title}"
    log_state = window.current_log_state()  # the last check while the log is unchanged, else one now
    options = SheetOptions(claim_ids=ids, case_title=case_title)
    return make_html(analysis, verdicts, options, log_state=log_state), title


def after_log_check(window: MainWindow, then: Callable[[], None]) -> None:
    """Run ``then`` now, or once the background check of the verdict log is done and shown.

    The sheet states whether the log is sound: while the check that started with the case runs, it
    waits for it (a big log's first check takes seconds) rather than check the log again on the UI thread.
    """
    if window.log_check.when_done(then):
        window.statusBar().showMessage("Checking the verdict log first: the sheet follows when it is done…")
    else:
        then()


def print_action(window: MainWindow, name: str) -> None:
    if window.analysis is not None:
        after_log_check(window, lambda: _print_now(window, name))


def _print_now(window: MainWindow, name: str) -> None:
    module = printing_module()
    if module is None or window.analysis is None:
        return
    try:
        html, title = sheet_html(window)
        if name == "print_preview":
            module.print_preview(window, html, title)
        elif name == "print_sheet":
            module.print_document(window, html, title)
        else:
            from PySide6.QtWidgets import QFileDialog

            folder = Path(window.sources[0]).with_suffix("").parent
            start = str(folder / f"{window.analysis.case.name}-sheet.pdf")
            path, _ = QFileDialog.getSaveFileName(window, "Export the sheet as PDF", start, "PDF (*.pdf)")
            if not path:
                return
            pages = module.render_pdf(html, path, title=title)
            window.statusBar().showMessage(f"Wrote {path} ({pages} page{'s' if pages != 1 else ''})", 6000)
    except Exception as exc:  # printing problems are messages, not tracebacks
        window.messages.show_message("error", f"Printing failed: {exc}")
