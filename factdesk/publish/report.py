"""The `check` report: the JSON contract of DESIGN.md and a readable terminal text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from factdesk.model import Analysis, Claim, Kind, Mention, Status, Verdict

STATUS_MARK = {Status.CONFLICT: "✖ conflict", Status.HEDGED: "≈ hedged", Status.AGREE: "✔ agree",
               Status.SINGLE: "· single"}


def select(analysis: Analysis, kinds: Iterable[Kind] = (), everything: bool = False) -> list[Claim]:
    """Claims to report: every claim stated by two or more articles (and singles with ``everything``)."""
    wanted = set(kinds)
    return [
        c for c in analysis.claims
        if (not wanted or c.kind in wanted) and (everything or c.status is not Status.SINGLE) and not c.dismissed
    ]


def mention_json(m: Mention) -> dict[str, Any]:
    out: dict[str, Any] = {"file": m.file, "start": m.start, "end": m.end, "text": m.text,
                           "value": m.value, "qualifier": m.qualifier}
    if m.unit:
        out["unit"] = m.unit
    if m.speaker:
        out["speaker"] = m.speaker
    if m.diff:
        out["diff"] = [[s.start, s.end] for s in m.diff]
    if m.in_headline:
        out["in_headline"] = True
    if m.context:
        out["context"] = m.context
    return out


def claim_json(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id, "kind": str(c.kind), "status": str(c.status), "severity": c.severity,
        "summary": c.summary, "fingerprint": c.fingerprint, "label": c.label,
        "majority": c.majority, "outliers": list(c.outliers), "warnings": list(c.warnings),
        "origin": str(c.origin), **({"dismissed": True} if c.dismissed else {}),
        **({"corrections": list(c.corrections)} if c.corrections else {}),
        "mentions": [mention_json(m) for m in c.mentions],
    }


def to_json(analysis: Analysis, claims: list[Claim] | None = None) -> dict[str, Any]:
    claims = select(analysis) if claims is None else claims
    articles = []
    for a in analysis.articles:
        entry: dict[str, Any] = {"file": a.file, "title": a.title, "chars": a.chars, "outlet": a.outlet or None,
                                 "url": a.url or None, "published": a.published or None, "byline": a.byline or None}
        if a.date:
            entry["date"] = a.date.isoformat()
        if a.source_format != "txt":
            entry["text"] = a.text
        if a.ignored:
            entry["ignored"] = [[s.start, s.end, s.reason] for s in a.ignored]
        articles.append(entry)
    return {
        "case": analysis.case.name,
        "model": analysis.model,
        "linker": analysis.linker,
        "warnings": [*analysis.case.warnings, *analysis.warnings],
        "articles": articles,
        "claims": [claim_json(c) for c in claims],
        "dismissed": [claim_json(c) for c in analysis.claims if c.dismissed],
        "stale_corrections": [stale_json(v) for v in analysis.stale],
    }


def stale_json(v: Verdict) -> dict[str, Any]:
    """A correction whose anchor text is gone: what it was, by whom, on which wording."""
    return {"action": str(v.verdict), "editor": v.editor, "note": v.note, "created": v.created.isoformat(),
            "on": [{"file": m.file, "start": m.start, "end": m.end, "text": m.text} for m in v.snapshot]}


def to_text(analysis: Analysis, claims: list[Claim] | None = None) -> str:
    claims = select(analysis) if claims is None else claims
    files = [a.file for a in analysis.articles]
    names = {a.file: a.display_name for a in analysis.articles}  # the outlet, else the file name
    width = max((len(n) for n in names.values()), default=4)
    flagged = sum(c.flagged for c in claims)
    lines = [
        f"case {analysis.case.name}: {len(files)} articles, {len(claims)} claims, {flagged} flagged",
    ]
    for w in (*analysis.case.warnings, *analysis.warnings):
        lines.append(f"  warning: {w}")
    for v in analysis.stale:
        on = ", ".join(f"“{' '.join(m.text.split())}” ({m.file})" for m in v.snapshot)
        lines.append(f"  stale correction: {v.verdict} by {v.editor} on {on}: that wording is gone")
    for c in claims:
        lines.append("")
        mark = " [editor]" if c.origin == "editor" else ""
        lines.append(f"{c.id:>4}  {STATUS_MARK[c.status]:<11} {c.kind:<6} severity {c.severity:.2f}  {c.summary}{mark}")
        for f in files:
            m = c.mention_in(f)
            said = f"“{' '.join(m.text.split())}”" if m else "— (does not say)"
            if m and len(said) > 100:
                said = said[:97] + "…”"
            lines.append(f"      {names[f]:<{width}}  {said}")
        for w in c.warnings:
            lines.append(f"      note: {w}")
        for line in c.corrections:
            lines.append(f"      corrected: {line}")
    dismissed = [c for c in analysis.claims if c.dismissed]
    if dismissed:
        lines.append("")
        lines.append(f"dismissed by the desk ({len(dismissed)}):")
        lines.extend(f"  {c.id:>4}  {c.summary}  — {c.corrections[-1] if c.corrections else ''}" for c in dismissed)
    return "\n".join(lines) + "\n"
