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

import contextlib
import datetime as dt
from collections.abc import Iterable

from factdesk import __version__
from factdesk.model import Analysis, Article, Claim, Mention, Status, Verdict, VerdictState
from factdesk.publish.report import STATUS_MARK
from factdesk.publish.sentences import sentence_parts
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
    comparison,
    mentions_by_file,
    most_common_wording,
    verified_value,
    within_one_article,
)
from factdesk.store import VerifyReport

__all__ = ["BLOCK_MARK", "CONTINUED_CLASS", "DECISION_MARK", "STATUS_MARK", "SheetOptions", "render", "sheet_html",
           "when"]

BLOCK_MARK = "<!--factdesk:block-->"
# A block's first paragraph of this class is not printed where it stands: it heads each further page
# the block continues on ("c3 (continued)").
CONTINUED_CLASS = "continued"

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
p.continued { display: none; }
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
               printed: dt.datetime | None = None, log_state: VerifyReport | None = None) -> str:
    """The discrepancy sheet of ``analysis`` with the editors' latest ``verdicts`` (VerdictLog.latest)
    and the state of the log they come from (``VerdictLog.verify()``)."""
    return render(build(analysis, verdicts, options, log_state), printed)


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
    dismissed = [c for c in data.analysis.claims if c.dismissed]
    if dismissed or data.analysis.stale:
        blocks.append(_dismissed_block(dismissed, data.analysis.stale, labels))
    blocks.append(_sign_off_block())
    blocks.append(_colophon(data))
    body = "\n".join(f'{BLOCK_MARK}\n<div style="page-break-inside: avoid;">\n{b}\n</div>' for b in blocks)
    title = f"{data.options.title} — {case_title(data)}"
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f'<style media="screen">{SCREEN_CSS}</style></head>\n<body>\n{body}\n</body></html>\n'
    )


# ----------------------------------------------------------------------------- header


BROKEN_COLOR = "#b00020"


def case_title(data: SheetData) -> str:
    """The sheet's subject: as the editor set it, else the first article's headline, else the case's name."""
    case = data.analysis.case
    first = next((a.title for a in case.articles if a.title), "")
    return data.options.case_title or first or case.name


def _title_block(data: SheetData, printed: dt.datetime) -> str:
    case = data.analysis.case
    who = ", ".join(esc(e) for e in data.editors) if data.editors else "none yet"
    editor = data.options.editor
    scope = f"only {esc(editor)}’s verdicts" if editor else "every editor’s latest verdict"
    filtered = " · filtered: the claims selected in the window" if data.options.claim_ids is not None else ""
    parts = [
        f'<p style="font-size: 10pt; margin-top: 0; margin-bottom: 0;"><b>{esc(data.options.title.upper())}</b>'
        "</p>",
        f'<h1 style="font-size: 17pt; margin-top: 1pt; margin-bottom: 2pt;">{esc(case_title(data))}</h1>',
        _p(f"Case {esc(case.name)} · {len(case.articles)} outlets: "
           f"{esc(', '.join(_outlet(a.file) for a in case.articles))}", muted=True),
        _p(f"Printed {esc(when(printed))} · editors: {who} · showing {scope}{filtered}", muted=True),
        _counts_table(data),
        _p("✖ conflict: the articles cannot all be right · ≈ hedged: compatible only "
           "through hedges or rounding · ≠ split: the editors’ verdicts differ · ○ open: no verdict yet · "
           f"{STALE_MARK}: the wording changed after the verdict was given · each wording is printed "
           "<b>in bold</b> within its sentence, <b><u>underlined</u></b> where it differs · "
           "“most common wording” only counts outlets: it is not evidence that they are right",
           small=True, muted=True, top=3),
    ]
    notes = [*case.warnings, *data.analysis.warnings]
    if data.orphaned:
        notes.append(f"{data.orphaned} verdict(s) concern claims this analysis no longer finds "
                     "(see the verdict log)")
    if notes:
        parts.append(_p("<b>Notes:</b> " + "; ".join(esc(n) for n in notes), small=True))
    parts.append(_log_anchor(data))
    return "\n".join(parts)


def _log_anchor(data: SheetData) -> str:
    """The verdict log this sheet was made from: its head hash, or a warning that it is broken."""
    state = data.log_state
    if state is None:
        return _p("Verdict log: none yet (no verdict recorded)", small=True, muted=True)
    if not state.ok:
        return (f'<p style="margin-top: 4pt; margin-bottom: 0; color: {BROKEN_COLOR};"><b>VERDICT LOG BROKEN — '
                f"the verdicts on this sheet cannot be trusted:</b> {esc(state.summary)}</p>")
    return _p(f"Verdict log: {esc(state.summary)} · head hash <tt>{esc(state.head)}</tt> "
              "(<tt>factdesk log verify</tt> prints it: a log that still shows this hash is the log "
              "this sheet was made from)", small=True, muted=True)


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
        _h2("Outlets")
        + _table([("", 5), ("Outlet (file)", 25), ("Headline", 58), ("Date", 12)], rows)
    )


def _outlet(file: str) -> str:
    """The outlet's name as the case names it: its file name without the extension."""
    stem = file.rsplit(".", 1)[0]
    return stem or file


def _who(a: Article) -> str:
    """The outlet with its byline and URL (or file) under it; the file's name when the outlet is not known."""
    if not a.outlet:
        return f"<b>{esc(_outlet(a.file))}</b> <small>{esc(a.file[len(_outlet(a.file)):])}</small>"
    details = " · ".join(esc(x) for x in (a.byline, a.url or a.file) if x)
    return f"<b>{esc(a.outlet)}</b><br><small>{details}</small>"


# ----------------------------------------------------------------------------- claims


def severity_word(value: float) -> str:
    return "high" if value >= 0.7 else "medium" if value >= 0.4 else "low"


def _severity(value: float) -> str:
    return f"{severity_word(value)} severity"


def describe(c: Claim) -> str:
    """What the claim is about, as a short description instead of the analysis' label."""
    label = " ".join(c.label.split())
    kind = str(c.kind)
    if kind == "name":
        if label == "inconsistent spelling":
            return "a name spelled two ways in one article"
        return "how a name is spelled"
    if kind == "quote":
        speaker = next((m.speaker for m in c.mentions if m.speaker), None)
        return f"the words of a quotation by {speaker}" if speaker else "the words of a quotation"
    if kind == "date":
        words = [w.strip() for w in label.split(",") if w.strip()]
        return "when it happened" + (f" (in the passage about {_and(words)})" if words else "")
    if not label:
        return "a figure"
    return _figure_description(label)


_UNIT_PHRASE = {"mph": "speed in miles per hour", "km/h": "speed in kilometres per hour", "kph": "speed in km/h",
                "percent": "percentage", "%": "percentage", "inch": "amount in inches", "foot": "height in feet",
                "mile": "distance in miles", "kilometre": "distance in kilometres",
                "kilometer": "distance in kilometres",
                "degree": "temperature in degrees", "dollar": "amount in dollars", "euro": "amount in euros",
                "year": "number of years", "minute": "duration in minutes", "hour": "duration in hours",
                "day": "number of days"}


def _figure_description(label: str) -> str:
    if label.lower() in _UNIT_PHRASE:
        return _UNIT_PHRASE[label.lower()]
    words = label.split()
    head = words[-1]
    plural = head if head.endswith("s") or head in ("people", "police", "staff") else head + "s"
    modifier = " ".join(w.capitalize() if w.lower() in _PROPER else w for w in words[:-1])
    if modifier:
        return f"number of {plural} ({modifier})" if modifier[:1].isupper() else f"number of {modifier} {plural}"
    return f"number of {plural}"


_PROPER = {"facebook", "twitter", "google", "youtube", "instagram", "tiktok", "reuters", "amazon", "apple"}


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _claim_block(entry: ClaimEntry, data: SheetData, labels: dict[str, str], first: bool) -> str:
    c = entry.claim
    decision = DECISION_MARK[entry.decision] + (f" · {STALE_MARK}" if entry.stale else "")
    bar = (
        '<table class="grid" width="100%" cellspacing="0" cellpadding="4" bgcolor="#d9d9d9"><tr>'
        f'<td width="62%"><b>{esc(c.id)}</b> &nbsp; <b>{esc(STATUS_MARK[c.status].upper())}</b> · {esc(c.kind)} · '
        f'{_severity(c.severity)}</td><td width="38%" align="right"><b>{esc(decision.upper())}</b></td></tr>'
        "</table>"
    )
    continued = (f'<p class="{CONTINUED_CLASS}" style="margin-top: 0; margin-bottom: 4pt;"><small><b>{esc(c.id)} '
                 f"(continued)</b> · {esc(describe(c))}</small></p>")
    parts = [
        continued,
        _h2("Flagged claims, most urgent first") if first else _SPACER,
        bar,
        f'<p style="font-size: 10.5pt; margin-top: 4pt; margin-bottom: 0;"><b>{esc(describe(c)).capitalize()}</b>'
        "</p>",
        _p(f"{esc(c.summary)}", small=True, muted=True, top=1),
        _wording_table(entry, data, labels),
        _common_line(entry, labels),
        *(_p(f"<b>Note:</b> {esc(w)}", small=True) for w in c.warnings),
        *(_p(f"<b>✎ Corrected by the desk:</b> {esc(line)}", small=True) for line in c.corrections),
        _verdicts_table(entry.verdicts),
    ]
    return "\n".join(p for p in parts if p)


def _wording_table(entry: ClaimEntry, data: SheetData, labels: dict[str, str]) -> str:
    c = entry.claim
    by_file = mentions_by_file(c)
    texts = {a.file: a.text for a in data.analysis.articles}
    internal = within_one_article(c)
    spans = dict(zip(map(id, c.mentions), claim_differences(c), strict=True))
    rows = []
    for a in data.analysis.articles:
        mentions = by_file.get(a.file, [])
        if not mentions and internal:
            continue
        who = f"<b>{labels[a.file]}</b> {esc(a.outlet or _outlet(a.file))}"
        if not mentions:
            rows.append(f"<tr><td>{who}</td><td>{_ABSENT_CELL}</td><td></td></tr>")
        for m in mentions:
            rows.append(f"<tr><td>{who}</td><td>{_in_sentence(m, spans[id(m)], texts.get(m.file, ''))}</td>"
                        f"<td>{_role(entry, m)}</td></tr>")
    return _table([("Outlet", 16), ("Wording, in its sentence", 62), ("Compared", 22)], rows)


def _in_sentence(m: Mention, differing: list[tuple[int, int]], article_text: str) -> str:
    """The mention in bold within its sentence, the ``differing`` words also underlined."""
    if article_text[m.start:m.end] == m.text:
        before, _, after = sentence_parts(article_text, m.start, m.end)
    else:
        before, after = "", ""
    return f"{esc(before)}<b>{_wording(m, differing, quoted=not before and not after)}</b>{esc(after)}"


def _wording(m: Mention, differing: list[tuple[int, int]], quoted: bool = True) -> str:
    """The mention's exact text, whitespace collapsed, the ``differing`` words underlined."""
    out, pos = [], 0
    for start, end in sorted(differing):
        if start < pos:
            continue
        out.append(esc(m.text[pos:start]))
        out.append(f"<u>{esc(m.text[start:end])}</u>")
        pos = end
    out.append(esc(m.text[pos:]))
    text = " ".join("".join(out).split())
    return f"“{text}”" if quoted else text


def _role(entry: ClaimEntry, m: Mention) -> str:
    notes = []
    compared = comparison(entry, m)
    if compared:
        mark = "✔ " if compared.startswith("matches") else "= " if compared.startswith("most") else "≠ "
        notes.append(f"<b>{mark}{esc(compared)}</b>" if mark != "= " else f"{mark}{esc(compared)}")
    if m.qualifier:
        notes.append(f"hedge: {esc(m.qualifier)}")
    if m.speaker:
        notes.append(f"speaker: {esc(m.speaker)}")
    if m.in_headline:
        notes.append("in headline")
    return "<small>" + "<br>".join(notes) + "</small>" if notes else ""


def _common_line(entry: ClaimEntry, labels: dict[str, str]) -> str:
    c = entry.claim
    value = verified_value(entry)
    if value is not None:
        return _p(f"<b>Verified value:</b> “{esc(value)}”", small=True)
    if within_one_article(c):
        return ""
    common = most_common_wording(c)
    if common is None:
        return _p("<b>Most common wording:</b> none — no wording is used by more outlets than the others.",
                  small=True)
    text, n = common
    return _p(f"<b>Most common wording</b> ({n} of {len(set(c.files))} outlets): “{esc(text)}” — "
              "not verified", small=True)


def _verdicts_table(verdicts: Iterable[EditorVerdict]) -> str:
    rows = [_verdict_row(v) for v in verdicts]
    if not rows:
        return _p("<i>No verdict yet.</i>", small=True, muted=True)
    columns = [("Editor", 11), ("Verdict", 15), ("Correct value", 16), ("Source", 18), ("Note", 25),
               ("When", 15)]
    return _p("<b>Verdicts</b>", small=True, top=4) + _table(columns, rows)


def _verdict_row(ev: EditorVerdict) -> str:
    v: Verdict = ev.verdict
    state = f"<b>{esc(VERDICT_MARK[v.verdict])}</b>"
    if ev.stale:
        state += f"<br><b>{STALE_MARK}</b><br><small>made on an earlier wording</small>"
    missing = f'<font color="{_MUTED}"><small>not given</small></font>'
    return (f"<tr><td>{esc(v.editor)}</td><td>{state}</td><td>{esc(v.correct_value) or missing}</td>"
            f"<td>{esc(v.source) or missing}</td><td>{_lines(v.note) or missing}</td>"
            f"<td><small>{esc(when(v.created)).replace(' ', '<br>')}</small></td></tr>")


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


def _dismissed_block(claims: list[Claim], stale: Iterable[Verdict], labels: dict[str, str]) -> str:
    """Appendix: the claims the desk dismissed, and corrections whose wording is gone (stale)."""
    rows = []
    for c in claims:
        who = ", ".join(labels.get(f, f) for f in dict.fromkeys(c.files))
        rows.append(f"<tr><td><b>{esc(c.id)}</b></td><td>{esc(c.summary)}</td><td>{esc(who)}</td>"
                    f"<td>{esc('; '.join(c.corrections))}</td></tr>")
    for v in stale:
        on = ", ".join(f"“{' '.join(m.text.split())}” ({labels.get(m.file, m.file)})" for m in v.snapshot)
        rows.append(f"<tr><td>stale</td><td>{esc(v.verdict)} on {esc(on)}: that wording is gone</td>"
                    f"<td></td><td>{esc(v.editor)}{': ' + esc(v.note) if v.note else ''}</td></tr>")
    return _h2("Appendix: claims dismissed by the desk") + _table(
        [("Claim", 8), ("What the machine saw", 52), ("Articles", 14), ("Dismissed", 26)], rows)


def _sign_off_block() -> str:
    line = "_" * 28
    rows = [
        f"<tr><td><b>Checked by</b></td><td>{line}</td><td><b>Date</b></td><td>{line}</td></tr>",
        f"<tr><td><b>Approved by</b></td><td>{line}</td><td><b>Date</b></td><td>{line}</td></tr>",
        "<tr><td><b>Decision</b></td><td>☐ publish &nbsp; ☐ hold &nbsp; ☐ correct first</td>"
        f"<td><b>Signature</b></td><td>{line}</td></tr>",
    ]
    return (_h2("Sign-off") + _p("To be filled in by hand before publication.", small=True, muted=True, top=0)
            + f'<table class="grid" width="100%" border="0" cellspacing="0" cellpadding="7">{"".join(rows)}</table>')


def _lines(text: str) -> str:
    """A note of several lines, its line breaks kept."""
    return "<br>".join(esc(line) for line in text.strip().splitlines())


def _colophon(data: SheetData) -> str:
    model = f" with {esc(data.analysis.model)}" if data.analysis.model else ""
    return _p(f"Made by factdesk {esc(__version__)}{model}. "
              "Wordings are quoted exactly as the articles print them.", small=True, muted=True, top=10)


def when(moment: dt.datetime) -> str:
    """The time with its offset from UTC, as the reader's clock shows it: 2024-03-01 14:05 UTC+01:00."""
    with contextlib.suppress(OverflowError, ValueError):  # 9999-12-31 in a zone east of UTC: kept in UTC
        moment = moment.astimezone()  # (a time without a zone is taken as the reader's local time)
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{moment:%Y-%m-%d %H:%M} UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
