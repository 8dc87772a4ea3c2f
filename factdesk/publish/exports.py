"""The sheet's claims and verdicts as CSV, JSON and schema.org ClaimReview (JSON-LD).

Pure functions over :class:`factdesk.publish.sheet_data.SheetData`, so the window and
``factdesk export`` write the same files:

    data = sheet_data.build(analysis, verdicts, SheetOptions(include_agreeing=True))
    write_csv(data, fp)                 # one row per claim × article
    to_json(data)                       # the `check` JSON contract plus verdicts
    claim_review(data)                  # JSON-LD: one ClaimReview per editor's verdict
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import asdict
from typing import IO, Any

from factdesk import __version__
from factdesk.model import Article, Claim, VerdictState
from factdesk.publish import report
from factdesk.publish.sheet_data import (
    ClaimEntry,
    EditorVerdict,
    SheetData,
    article_labels,
    comparison,
    mentions_by_file,
    most_common_wording,
)

FORMATS = ("csv", "json", "claimreview")

CSV_COLUMNS = (
    "case", "claim", "kind", "status", "severity", "summary", "label", "most_common", "article", "outlet", "file",
    "title",
    "states", "wording", "qualifier", "value", "role", "in_headline", "decision", "stale", "verdicts",
    "correct_values", "sources", "notes", "context", "origin", "corrections",
)

RATING_NAME = {
    VerdictState.VERIFIED: "Verified",
    VerdictState.DISPUTED: "Disputed",
    VerdictState.UNRESOLVED: "Unresolved",
}
RATING_VALUE = {VerdictState.DISPUTED: 1, VerdictState.UNRESOLVED: 2, VerdictState.VERIFIED: 3}


def _iso(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _per_editor(verdicts: tuple[EditorVerdict, ...], field: str) -> str:
    return " | ".join(f"{v.verdict.editor}: {getattr(v.verdict, field)}" for v in verdicts
                      if getattr(v.verdict, field))


# ----------------------------------------------------------------------------- CSV


def csv_rows(data: SheetData) -> Iterator[dict[str, str]]:
    """One row per claim × article of the case; an article that does not state the claim has states=no."""
    labels = article_labels(data.analysis.articles)
    for entry in data.entries:
        claim_fields = _claim_fields(data, entry)
        by_file = mentions_by_file(entry.claim)
        for article in data.analysis.articles:
            yield {**claim_fields, **_article_fields(entry, article, labels[article.file],
                                                      by_file.get(article.file, []))}


def _claim_fields(data: SheetData, entry: ClaimEntry) -> dict[str, str]:
    c, vs = entry.claim, entry.verdicts
    return {
        "case": data.analysis.case.name, "claim": c.id, "kind": str(c.kind), "status": str(c.status),
        "severity": f"{c.severity:.2f}", "summary": c.summary, "label": c.label,
        "most_common": (most_common_wording(c) or ("",))[0],
        "decision": str(entry.decision), "stale": " | ".join(v.verdict.editor for v in vs if v.stale),
        "verdicts": " | ".join(f"{v.verdict.editor}: {v.verdict.verdict}" for v in vs),
        "correct_values": _per_editor(vs, "correct_value"), "sources": _per_editor(vs, "source"),
        "notes": _per_editor(vs, "note"), "origin": str(c.origin), "corrections": " | ".join(c.corrections),
    }


def _article_fields(entry: ClaimEntry, article: Article, label: str, mentions: list) -> dict[str, str]:
    def join(values: Iterator[object]) -> str:
        return " | ".join(str(v) for v in values if v not in (None, ""))

    # "matches the verified value" / "differs from the verified value" once an editor verified one;
    # before that only "most common wording" / "differs from the most common wording"
    role = join(dict.fromkeys(comparison(entry, m) for m in mentions))
    return {
        "article": label, "outlet": article.outlet, "file": article.file, "title": article.title,
        "states": "yes" if mentions else "no",
        "wording": join(" ".join(m.text.split()) for m in mentions),
        "qualifier": join(m.qualifier for m in mentions), "value": join(m.value for m in mentions),
        "role": role, "in_headline": "yes" if any(m.in_headline for m in mentions) else "",
        "context": join(m.context for m in mentions),
    }


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A text cell that a spreadsheet would take for a formula, prefixed with ``'`` so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(data: SheetData, fp: IO[str]) -> int:
    """Write the CSV (header plus one row per claim × article) to a text file opened with newline="".

    Text from articles, names and notes that starts like a formula is neutralised (:func:`spreadsheet_safe`).
    """
    writer = csv.DictWriter(fp, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    n = 0
    for row in csv_rows(data):
        writer.writerow({column: spreadsheet_safe(value) for column, value in row.items()})
        n += 1
    return n


# ----------------------------------------------------------------------------- JSON


def verdict_json(ev: EditorVerdict) -> dict[str, Any]:
    v = ev.verdict
    return {
        "editor": v.editor, "verdict": str(v.verdict), "note": v.note, "correct_value": v.correct_value,
        "source": v.source, "created": _iso(v.created), "stale": ev.stale, "claim_id_then": v.claim_id,
    }


def to_json(data: SheetData) -> dict[str, Any]:
    """The ``check`` JSON contract (DESIGN.md) for the sheet's claims, each with its verdicts."""
    out = report.to_json(data.analysis, [e.claim for e in data.entries])
    for claim_out, entry in zip(out["claims"], data.entries, strict=True):
        claim_out["decision"] = str(entry.decision)
        claim_out["verdicts"] = [verdict_json(v) for v in entry.verdicts]
    out["verdicts_of"] = data.options.editor or "all editors"
    out["editors"] = list(data.editors)
    out["counts"] = asdict(data.counts)
    return out


# ----------------------------------------------------------------------------- ClaimReview


def claim_review(data: SheetData, include_stale: bool = False,
                 publisher: str | None = None) -> dict[str, Any]:
    """schema.org ClaimReview JSON-LD: one review per editor's latest verdict on a claim.

    Verdicts made on an earlier wording (stale) are left out unless ``include_stale``:
    they review words the articles no longer print.
    """
    reviews = [
        _review(data, entry, ev, publisher)
        for entry in data.entries for ev in entry.verdicts
        if ev.verdict.verdict in RATING_NAME and (include_stale or not ev.stale)
    ]
    return {"@context": "https://schema.org", "@graph": reviews}


def _review(data: SheetData, entry: ClaimEntry, ev: EditorVerdict, publisher: str | None) -> dict[str, Any]:
    c, v = entry.claim, ev.verdict
    body = [v.note] if v.note else []
    if v.correct_value:
        body.append(f"Correct value: {v.correct_value}.")
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "@id": f"urn:factdesk:{data.analysis.case.name}:{c.fingerprint}:{v.editor}",
        "claimReviewed": c.summary,
        "datePublished": v.created.date().isoformat(),
        "author": {"@type": "Person", "name": v.editor},
        "reviewRating": {
            "@type": "Rating", "alternateName": RATING_NAME[v.verdict],
            "ratingValue": RATING_VALUE[v.verdict], "worstRating": 1, "bestRating": 3,
        },
        "itemReviewed": {
            "@type": "Claim", "name": c.label or c.summary,
            "appearance": [_appearance(data.analysis.case.article(f), c) for f in dict.fromkeys(c.files)],
        },
        "sdPublisher": {"@type": "SoftwareApplication", "name": "factdesk", "softwareVersion": __version__},
    }
    if v.note:
        review["reviewRating"]["ratingExplanation"] = v.note
    if body:
        review["reviewBody"] = " ".join(body)
    if v.source:
        review["citation"] = v.source
    if publisher:
        review["publisher"] = {"@type": "Organization", "name": publisher}
    return review


def _appearance(article: Article, claim: Claim) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "identifier": article.file}
    if article.url:
        work["url"] = article.url
    if article.title:
        work["headline"] = article.title
    if article.published or article.date:
        work["datePublished"] = article.published or article.date.isoformat()  # type: ignore[union-attr]
    if article.outlet:
        work["publisher"] = {"@type": "Organization", "name": article.outlet}
    if article.byline:
        work["author"] = [{"@type": "Person", "name": n.strip()} for n in article.byline.split(",") if n.strip()]
    quoted = [" ".join(m.text.split()) for m in claim.mentions if m.file == article.file]
    work["text"] = " | ".join(quoted)
    return work


def embeddable_json(obj: Any) -> str:
    """JSON that can go inside a page's ``<script type="application/ld+json">`` as it is.

    ``<``, ``>`` and ``&`` are written as ``\\u003c``, ``\\u003e``, ``\\u0026`` (the same
    strings to a JSON reader), so a note holding ``</script>`` cannot end the script.
    """
    text = json.dumps(obj, ensure_ascii=False, indent=1)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") + "\n"


# ----------------------------------------------------------------------------- one entry point


def export_text(data: SheetData, fmt: str) -> str:
    """The export in ``fmt`` (csv, json or claimreview) as text."""
    if fmt == "csv":
        buf = io.StringIO(newline="")
        write_csv(data, buf)
        return buf.getvalue()
    if fmt == "json":
        return json.dumps(to_json(data), ensure_ascii=False, indent=1) + "\n"
    if fmt == "claimreview":
        return embeddable_json(claim_review(data))
    raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
