"""Shared by the sheet, export and printing tests: the seed case analysed once, real verdict logs."""

from __future__ import annotations

import functools
import html
import re
from html.parser import HTMLParser
from pathlib import Path

from factdesk.analysis import analyze
from factdesk.case import load_case
from factdesk.model import Analysis, Claim, MentionSnapshot, Verdict, VerdictState
from factdesk.sheet import BLOCK_MARK
from factdesk.store import VerdictLog, case_key, snapshot

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


@functools.cache
def seeds_analysis() -> Analysis:
    """The bundled seed case analysed with the real language model (once per test session)."""
    return analyze(load_case(SEEDS))


def accounts_claim(analysis: Analysis) -> Claim:
    """The claim about the 125,000 suspended Twitter accounts."""
    return next(c for c in analysis.claims if any("125,000" in m.text for m in c.mentions))


def record(db: Path, analysis: Analysis, claim: Claim, editor: str, state: VerdictState,
           stale: bool = False, **fields: str) -> Verdict:
    """Record a verdict in the real verdict log at ``db``; ``stale`` makes it about an older wording."""
    snap = snapshot(claim)
    if stale:
        first = snap[0]
        older = MentionSnapshot(first.file, first.start, first.end, first.text + " (older wording)")
        snap = (older, *snap[1:])
    verdict = Verdict(case_key(analysis.case), claim.fingerprint, editor, state, snapshot=snap,
                      claim_id=claim.id, **fields)
    with VerdictLog(db) as log:
        log.record_case(analysis.case)
        return log.record(verdict)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("td", "th", "p", "br", "tr", "h1", "h2"):
            self.parts.append(" ")


def visible_text(markup: str) -> str:
    """What a reader sees of an HTML fragment, whitespace collapsed."""
    parser = _Text()
    parser.feed(markup)
    return " ".join("".join(parser.parts).split())


def claim_block(sheet: str, claim_id: str) -> str:
    """The sheet block of one claim."""
    for block in sheet.split(BLOCK_MARK):
        if re.search(rf"<b>{re.escape(claim_id)}</b> &nbsp;", block):
            return block
    raise AssertionError(f"no block for {claim_id}")


def words(text: str) -> str:
    return " ".join(html.unescape(text).split())
