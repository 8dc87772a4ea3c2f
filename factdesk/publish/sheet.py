"""The discrepancy sheet: a case's analysis and its editors' verdicts as printable HTML.

Pure (no Qt): :func:`sheet_html` returns one HTML document in the subset of
HTML/CSS that Qt's ``QTextDocument`` renders (and that browsers render too).
:mod:`factdesk.gui.printing` turns it into pages, PDF or print.

The document is a sequence of blocks, each a ``<div>`` preceded by
:data:`BLOCK_MARK`; the printing side keeps each block on one page where it fits.
Inside a block there are only ``<h1>``/``<h2>``/``<p>`` paragraphs and
``<table class="grid">`` tables, one after the other, holding inline markup
(``<b>``, ``<u>``, ``<i>``, ``<small>``, ``<font>``, ``<span>``, ``<br>``) and
giving column widths in percent: printing lays that markup out itself, fast
(anything else still prints, through Qt's slower layout). Every string that
comes from an article, a file name or a verdict is escaped.

    data = sheet_data.build(analysis, verdicts, SheetOptions(editor="ann"))
    html = sheet_html(analysis, verdicts, SheetOptions(include_agreeing=True))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from factdesk import __version__
from factdesk.model import Analysis, Article, Claim, Mention, Status, Verdict, VerdictState
from factdesk.publish.report import STATUS_MARK
from factdesk.publish.sheet_data import (
    ClaimEntry,
    Decision,
    EditorVerdict,
    SheetData,
    SheetOptions,
    Verdicts,
    article_labels,
    build,
    claim_differences,
    mentions_by_file,
    within_one_article,
)

__all__ = ["BLOCK_MARK", "DECISION_MARK", "STATUS_MARK", "SheetOptions", "render", "sheet_html"]

BLOCK_MARK = "<!--factdesk:block-->"

DECISION_MARK = {
    Decision.OPEN: "○ no verdict yet",
    Decision.VERIFIED: "✔ verified",
    Decision.DISPUTED: "⚑ disputed",
    Decision.UNRESOLVED: "? unresolved",
    Decision.SPLIT: "≠ editors disagree",
}
VERDICT_MARK = {
    VerdictState.VERIFIED: DECISION_MARK[Decision.VERIFIED],
    VerdictState.DISPUTED: DECISION_MARK[Decision.DISPUTED],
    VerdictState.UNRESOLVED: DECISION_MARK[Decision.UNRESOLVED],
    VerdictState.RETRACTED: "retracted",
}
STALE_MARK = "⚠ stale"
ABSENT = "— does not state it —"

# For browsers only (the printing side drops it: Qt's style sheet matching would triple the time a
# long sheet takes). The sheet's look is in tags and attributes, which both understand.
SCREEN_CSS = """
body { font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; font-size: 9pt; max-width: 60em; }
td, th { vertical-align: top; }
table.grid { border-collapse: collapse; }
"""

_SPACER = '<p style="font-size: 8pt; margin-top: 0; margin-bottom: 0;">&nbsp;</p>'
_MUTED = "#444444"
_ABSENT_CELL = f'<i><font color="{_MUTED}">{ABSENT}</font></i>'
# Control characters dropped (a PDF or browser would show boxes), markup characters escaped: one pass.
_ESCAPE = {c: None for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]} | {
    ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#x27;"}
_GRID = ('class="grid" width="100%" border="1" cellspacing="0" cellpadding="3" '
         'style="border-color: #8a8a8a; border-style: solid;"')


def esc(text: object) -> str:
    """Text from outside (articles, file names, notes) as HTML text: escaped, control characters dropped."""
    return str(text).translate(_ESCAPE)


# ----------------------------------------------------------------------------- markup


def _p(content: str, small: bool = False, muted: bool = False, top: float = 2) -> str:
    if muted:
        content = f'<font color="{_MUTED}">{content}</font>'
    if small:
        content = f"<small>{content}</small>"
    return f'<p style="margin-top: {top}pt; margin-bottom: 0;">{content}</p>'


def _h2(text: str) -> str:
    return f'<h2 style="font-size: 12pt; margin-top: 12pt; margin-bottom: 4pt;">{text}</h2>'


def _table(columns: list[tuple[str, int]], rows: Iterable[str]) -> str:
    """A ruled table with a header row (repeated on each page it spans); widths in percent."""
    head = "".join(f'<th bgcolor="#e4e4e4" align="left" width="{w}%">{esc(label)}</th>'
                   for label, w in columns)
    return f"<table {_GRID}><thead><tr>{head}</tr></thead>{''.join(rows)}</table>"


# ----------------------------------------------------------------------------- entry points


def sheet_html(analysis: Analysis, verdicts: Verdicts | None = None, options: SheetOptions | None = None,
               printed: dt.datetime | None = None) -> str:
    """The discrepancy sheet of ``analysis`` with the editors' latest ``verdicts`` (VerdictLog.latest)."""
    return render(build(analysis, verdicts, options), printed)


def render(data: SheetData, printed: dt.datetime | None = None) -> str:
    """HTML of prepared sheet data."""
    printed = printed or dt.datetime.now().astimezone()
    labels = article_labels(data.analysis.articles)
    blocks = [_title_block(data, printed), _articles_block(data, labels)]
    if data.flagged:
        blocks.extend(_claim_block(e, data, labels, first=i == 0) for i, e in enumerate(data.flagged))
    else:
        blocks.append(_h2("Flagged claims") + _p("No claim diverges across the articles."))
    if data.options.include_open and data.still_open:
        blocks.append(_open_block(data.still_open))
    if data.agreeing:
        blocks.append(_agreeing_block(data.agreeing, labels))
    blocks.append(_colophon(data))
    body = "\n".join(f'{BLOCK_MARK}\n<div style="page-break-inside: avoid;">\n{b}\n</div>' for b in blocks)
    title = f"{data.options.title} — {data.analysis.case.name}"
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f'<style media="screen">{SCREEN_CSS}</style></head>\n<body>\n{body}\n</body></html>\n'
    )


# ----------------------------------------------------------------------------- header


def _title_block(data: SheetData, printed: dt.datetime) -> str:
    case = data.analysis.case
    who = ", ".join(esc(e) for e in data.editors) if data.editors else "none yet"
    editor = data.options.editor
    scope = f"only {esc(editor)}’s verdicts" if editor else "every editor’s latest verdict"
    filtered = " · filtered: the claims selected in the window" if data.options.claim_ids is not None else ""
    parts = [
        f'<h1 style="font-size: 17pt; margin-top: 0; margin-bottom: 2pt;">{esc(data.options.title)}: '
        f"{esc(case.name)}</h1>",
        _p(f"Printed {esc(_when(printed))} · {len(case.articles)} articles · "
           f"editors: {who} · showing {scope}{filtered}", muted=True),
        _counts_table(data),
        _p("✖ conflict: the articles cannot all be right · ≈ hedged: compatible only "
           "through hedges or rounding · ≠ split: the editors’ verdicts differ · ○ open: no verdict yet · "
           f"{STALE_MARK}: the wording changed after the verdict was given · "
           "<b><u>bold underlined</u></b>: the words that differ", small=True, muted=True, top=3),
    ]
    notes = [*case.warnings, *data.analysis.warnings]
    if data.orphaned:
        notes.append(f"{data.orphaned} verdict(s) concern claims this analysis no longer finds "
                     "(see the verdict log)")
    if notes:
        parts.append(_p("<b>Notes:</b> " + "; ".join(esc(n) for n in notes), small=True))
    return "\n".join(parts)


def _counts_table(data: SheetData) -> str:
    c = data.counts
    cells = [
        ("✖ conflict", c.conflicts), ("≈ hedged", c.hedged), ("✔ verified", c.verified),
        ("⚑ disputed", c.disputed), ("? unresolved", c.unresolved), ("≠ split", c.split),
        ("○ open", c.open), (STALE_MARK, c.stale),
    ]
    if data.agreeing:
        cells.append(("✔ agree (listed)", c.agreeing))
    widths = [100 // len(cells)] * len(cells)
    widths[-1] += 100 - sum(widths)
    big = '<span style="font-size: 15pt; font-weight: bold;">'
    numbers = "".join(f'<td align="center" width="{w}%">{big}{n}</span></td>'
                      for w, (_, n) in zip(widths, cells, strict=True))
    labels = "".join(f'<td align="center"><small>{esc(label)}</small></td>' for label, _ in cells)
    return f"<table {_GRID}><tr>{numbers}</tr><tr>{labels}</tr></table>"


def _articles_block(data: SheetData, labels: dict[str, str]) -> str:
    rows = []
    for a in data.analysis.articles:
        date = esc(a.published.replace("T", " ")) if a.published else a.date.isoformat() if a.date else "—"
        rows.append(f"<tr><td><b>{labels[a.file]}</b></td><td>{_who(a)}</td>"
                    f"<td>{esc(a.title) or '—'}</td><td>{date}</td></tr>")
    return (
        _h2("Articles")
        + _table([("", 5), ("Outlet", 27), ("Title", 56), ("Date", 12)], rows)
    )


def _who(a: Article) -> str:
    """The outlet with its byline and file name under it; the file name alone when the outlet is not known."""
    if not a.outlet:
        return esc(a.file)
    details = " · ".join(esc(x) for x in (a.byline, a.url or a.file) if x)
    return f"{esc(a.outlet)}<br><small>{details}</small>"


# ----------------------------------------------------------------------------- claims


def _severity(value: float) -> str:
    word = "high" if value >= 0.7 else "medium" if value >= 0.4 else "low"
    return f"severity {value:.2f} ({word})"


def _claim_block(entry: ClaimEntry, data: SheetData, labels: dict[str, str], first: bool) -> str:
    c = entry.claim
    decision = DECISION_MARK[entry.decision] + (f" · {STALE_MARK}" if entry.stale else "")
    bar = (
        '<table class="grid" width="100%" cellspacing="0" cellpadding="4" bgcolor="#d9d9d9"><tr>'
        f'<td width="62%"><b>{esc(c.id)}</b> &nbsp; <b>{esc(STATUS_MARK[c.status].upper())}</b> · {esc(c.kind)} · '
        f'{_severity(c.severity)}</td><td width="38%" align="right"><b>{esc(decision.upper())}</b></td></tr>'
        "</table>"
    )
    parts = [
        _h2("Flagged claims, most urgent first") if first else _SPACER,
        bar,
        f'<p style="font-size: 10.5pt; margin-top: 4pt; margin-bottom: 4pt;"><b>{esc(c.summary)}</b></p>',
        _wording_table(c, data, labels),
        _majority_line(c, labels),
        *(_p(f"<b>Note:</b> {esc(w)}", small=True) for w in c.warnings),
        _verdicts_table(entry.verdicts),
    ]
    return "\n".join(p for p in parts if p)


def _wording_table(c: Claim, data: SheetData, labels: dict[str, str]) -> str:
    by_file = mentions_by_file(c)
    internal = within_one_article(c)
    spans = dict(zip(map(id, c.mentions), claim_differences(c), strict=True))
    rows = []
    for a in data.analysis.articles:
        mentions = by_file.get(a.file, [])
        if not mentions and internal:
            continue
        who = f"<b>{labels[a.file]}</b> <small>{esc(a.display_name)}</small>"
        if not mentions:
            rows.append(f"<tr><td>{who}</td><td>{_ABSENT_CELL}</td><td></td></tr>")
        for m in mentions:
            rows.append(f"<tr><td>{who}</td><td>{_wording(m, spans[id(m)])}</td><td>{_role(c, m)}</td></tr>")
    return _table([("Article", 24), ("Exact wording", 62), ("Compared", 14)], rows)


def _wording(m: Mention, differing: list[tuple[int, int]]) -> str:
    """The mention's exact text, whitespace collapsed, the ``differing`` words bold and underlined."""
    out, pos = [], 0
    for start, end in sorted(differing):
        if start < pos:
            continue
        out.append(esc(m.text[pos:start]))
        out.append(f"<b><u>{esc(m.text[start:end])}</u></b>")
        pos = end
    out.append(esc(m.text[pos:]))
    text = " ".join("".join(out).split())
    return f"“{text}”"


def _role(c: Claim, m: Mention) -> str:
    notes = []
    if m.file in c.outliers:
        notes.append("≠ outlier")
    elif c.majority is not None:
        notes.append("= majority")
    if m.qualifier:
        notes.append(f"hedge: {esc(m.qualifier)}")
    if m.speaker:
        notes.append(f"speaker: {esc(m.speaker)}")
    if m.in_headline:
        notes.append("in headline")
    return "<small>" + "<br>".join(notes) + "</small>" if notes else ""


def _majority_line(c: Claim, labels: dict[str, str]) -> str:
    if c.majority is None:
        if within_one_article(c):
            return ""
        return _p("<b>Majority wording:</b> none — no two articles word it the same way.", small=True)
    n = len(c.mentions) - len(c.outliers)
    outliers = ", ".join(labels.get(f, esc(f)) for f in c.outliers) or "none"
    return _p(f"<b>Majority wording</b> ({n} of {len(c.mentions)}): "
              f'“{esc(" ".join(c.majority.split()))}” · <b>Outliers:</b> {outliers}', small=True)


def _verdicts_table(verdicts: Iterable[EditorVerdict]) -> str:
    rows = [_verdict_row(v) for v in verdicts]
    if not rows:
        return _p("<i>No verdict yet.</i>", small=True, muted=True)
    columns = [("Editor", 12), ("Verdict", 17), ("Correct value", 16), ("Source", 19), ("Note", 25),
               ("When", 11)]
    return _p("<b>Verdicts</b>", small=True, top=4) + _table(columns, rows)


def _verdict_row(ev: EditorVerdict) -> str:
    v: Verdict = ev.verdict
    state = f"<b>{esc(VERDICT_MARK[v.verdict])}</b>"
    if ev.stale:
        state += f"<br><b>{STALE_MARK}</b><br><small>made on an earlier wording</small>"
    return (f"<tr><td>{esc(v.editor)}</td><td>{state}</td><td>{esc(v.correct_value) or '—'}</td>"
            f"<td>{esc(v.source) or '—'}</td><td>{esc(v.note) or '—'}</td>"
            f"<td><small>{esc(_when(v.created)).replace(' ', '<br>')}</small></td></tr>")


# ----------------------------------------------------------------------------- optional sections


def _open_block(entries: Iterable[ClaimEntry]) -> str:
    rows = [
        f"<tr><td>☐</td><td><b>{esc(e.claim.id)}</b></td><td>{esc(STATUS_MARK[e.claim.status])}</td>"
        f"<td>{esc(e.claim.summary)}</td></tr>"
        for e in entries
    ]
    return _h2("Still open: flagged claims without a verdict") + _table(
        [("", 4), ("Claim", 8), ("Status", 13), ("Summary", 75)], rows)


def _agreeing_block(entries: Iterable[ClaimEntry], labels: dict[str, str]) -> str:
    rows = []
    for e in entries:
        c = e.claim
        wording = c.majority or (c.mentions[0].text if c.mentions else "")
        who = ", ".join(labels.get(f, f) for f in dict.fromkeys(c.files))
        verdicts = "; ".join(f"{esc(v.verdict.editor)}: {esc(VERDICT_MARK[v.verdict.verdict])}"
                             + (f" ({STALE_MARK})" if v.stale else "") for v in e.verdicts) or "—"
        rows.append(f"<tr><td><b>{esc(c.id)}</b></td><td>{esc(c.kind)}</td>"
                    f"<td>“{esc(' '.join(wording.split()))}”</td><td>{esc(who)}</td><td>{verdicts}</td></tr>")
    return _h2(f"{esc(STATUS_MARK[Status.AGREE])}: claims the articles agree on") + _table(
        [("Claim", 8), ("Kind", 9), ("Wording", 47), ("Articles", 14), ("Verdicts", 22)], rows)


def _colophon(data: SheetData) -> str:
    model = f" with {esc(data.analysis.model)}" if data.analysis.model else ""
    return _p(f"Made by factdesk {esc(__version__)}{model}. "
              "Wordings are quoted exactly as the articles print them.", small=True, muted=True, top=10)


def _when(moment: dt.datetime) -> str:
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone()
        except (OverflowError, ValueError):  # 9999-12-31 in a zone east of UTC: keep UTC
            return moment.strftime("%Y-%m-%d %H:%M UTC")
    return moment.strftime("%Y-%m-%d %H:%M")
