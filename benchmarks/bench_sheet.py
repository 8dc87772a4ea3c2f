"""Discrepancy sheet speed: 200 flagged claims across 20 articles, HTML + PDF.

Target (issue 6): the sheet renders to PDF in < 1 s. The analysis is built
synthetically from the model dataclasses (numbers, dates, names and long
quotations with word diffs; a quarter of the articles silent on each claim;
two editors' verdicts on half the claims), so only the sheet is timed: building
its HTML (factdesk.publish.sheet) and laying it out and painting it (factdesk.gui.printing).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

from factdesk.model import (
    Analysis,
    Article,
    Case,
    Claim,
    Kind,
    Mention,
    MentionSnapshot,
    Span,
    Status,
    Verdict,
    VerdictState,
)
from factdesk.publish.sheet import sheet_html

CLAIMS = 200
ARTICLES = 20
TARGET_S = 1.0
QUOTE = ("We will rebuild every house on the river and we will not stop until the last family is home again, "
         "whatever it costs and however long it takes")


def _article_text(i: int) -> str:
    parts = [f"Headline {i}: the flood and what it cost\n\n"]
    for c in range(CLAIMS):
        parts.append(f"Officials counted {1000 + c * 7 + (i % 3)} displaced residents in district {c}. ")
        quote = QUOTE.replace("every", "each") if (i + c) % 5 == 0 else QUOTE
        parts.append(f"“{quote},” mayor Hollis said. ")
    return "".join(parts)


def _mention(article: Article, kind: Kind, needle: str, after: int) -> Mention:
    start = article.text.index(needle, after)
    end = start + len(needle)
    diff: tuple[Span, ...] = ()
    if kind is Kind.QUOTE and "each" in needle:
        s = article.text.index("each", start)
        diff = (Span(s, s + 4),)
    return Mention(article.file, start, end, article.text[start:end], kind, qualifier=None, diff=diff)


def synthetic_analysis() -> Analysis:
    articles = tuple(
        Article(file=f"outlet-{i:02d}.txt", text=_article_text(i),
                title=f"Outlet {i}: the flood and what it cost", date=dt.date(2024, 3, 1 + i % 28))
        for i in range(ARTICLES)
    )
    claims = []
    for c in range(CLAIMS):
        kind = Kind.QUOTE if c % 4 == 0 else Kind.NUMBER
        mentions = []
        for i, article in enumerate(articles):
            if (i + c) % 4 == 3:
                continue  # this outlet does not state it
            anchor = article.text.index(f"district {c}.")
            if kind is Kind.NUMBER:
                needle = f"{1000 + c * 7 + (i % 3)}"
                mentions.append(_mention(article, kind, needle, anchor - 40))
            else:
                needle = QUOTE.replace("every", "each") if (i + c) % 5 == 0 else QUOTE
                mentions.append(_mention(article, kind, needle, anchor))
        majority = mentions[0].text
        outliers = tuple(m.file for m in mentions if m.text != majority)
        claims.append(Claim(
            id=f"c{c + 1}", kind=kind, status=Status.CONFLICT if c % 3 else Status.HEDGED,
            severity=round(1 - c / CLAIMS, 2), summary=f"displaced residents in district {c}: "
            + " vs ".join(dict.fromkeys(m.text[:40] for m in mentions)),
            mentions=tuple(mentions), fingerprint=f"fp{c}", majority=majority, outliers=outliers,
            label="displaced residents",
        ))
    return Analysis(case=Case("flood", "", articles), claims=tuple(claims), model="synthetic")


def synthetic_verdicts(analysis: Analysis) -> dict[str, dict[str, Verdict]]:
    out: dict[str, dict[str, Verdict]] = {}
    states = (VerdictState.VERIFIED, VerdictState.DISPUTED, VerdictState.UNRESOLVED)
    for n, claim in enumerate(analysis.claims[::2]):
        snap = tuple(MentionSnapshot(m.file, m.start, m.end, m.text) for m in claim.mentions)
        out[claim.fingerprint] = {
            editor: Verdict(analysis.case.name, claim.fingerprint, editor, states[(n + k) % 3],
                            note="checked against the agency release", correct_value="1,204",
                            source="https://example.org/release", snapshot=snap)
            for k, editor in enumerate(("ann", "bob"))
        }
    return out


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from factdesk.gui.printing import ensure_app, render_pdf

    ensure_app()
    analysis = synthetic_analysis()
    verdicts = synthetic_verdicts(analysis)
    times, cpu, html_times, pages = [], [], [], 0
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "sheet.pdf"
        for _ in range(4):
            start, start_cpu = time.perf_counter(), time.process_time()
            html = sheet_html(analysis, verdicts)
            html_times.append(time.perf_counter() - start)
            pages = render_pdf(html, pdf, title="Discrepancy sheet — flood")
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        size = pdf.stat().st_size
    wall, cpu_s = statistics.median(times[1:]), statistics.median(cpu[1:])
    html_s = statistics.median(html_times[1:])
    verdict = "OK" if wall < TARGET_S else "SLOW"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"sheet: {CLAIMS} claims × {ARTICLES} articles -> {pages} PDF pages ({size / 1e6:.1f} MB): "
          f"{wall:.2f} s median wall ({html_s:.2f} s HTML, {wall - html_s:.2f} s PDF), {cpu_s:.2f} s CPU "
          f"(first run {times[0]:.2f} s; target < {TARGET_S:.0f} s) {verdict}")
    if load > (os.cpu_count() or 1):
        print(f"   note: the machine is busy (load {load:.1f} on {os.cpu_count()} CPUs); wall times are inflated")


if __name__ == "__main__":
    main()
