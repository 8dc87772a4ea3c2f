"""Shared by the sheet, export and printing tests: the seed case analysed once, real verdict logs,
made-up cases of any size."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from factdesk.analysis import analyze
from factdesk.case import load_case
from factdesk.model import (
    Analysis,
    Article,
    Case,
    Claim,
    Kind,
    Mention,
    MentionSnapshot,
    Status,
    Verdict,
    VerdictState,
)
from factdesk.publish.sheet import BLOCK_MARK
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


def made_up_analysis(articles: int, wording: Callable[[int], str], claims: int = 1) -> Analysis:
    """A case of ``articles`` articles each stating ``claims`` conflicting figures: article ``i`` words
    claim ``c`` as ``wording(i)`` followed by " #c" (no language model involved)."""
    texts = [f"Report {i}\n\n" + " ".join(f"Officials said {wording(i)} #{c}." for c in range(claims))
             for i in range(articles)]
    case = Case("made-up", "", tuple(Article(file=f"outlet-{i:03d}.txt", text=t, title=f"Report {i}")
                                     for i, t in enumerate(texts)))
    found = []
    for c in range(claims):
        mentions = []
        for i, a in enumerate(case.articles):
            needle = f"{wording(i)} #{c}"
            start = a.text.index(needle)
            mentions.append(Mention(a.file, start, start + len(needle), needle, Kind.NUMBER))
        majority = mentions[0].text
        found.append(Claim(f"c{c + 1}", Kind.NUMBER, Status.CONFLICT, 0.9, f"claim {c}: the figures differ",
                           tuple(mentions), fingerprint=f"made-up-{c}", majority=majority,
                           outliers=tuple(m.file for m in mentions if m.text != majority)))
    return Analysis(case=case, claims=tuple(found))


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
    # the "(continued)" head of a block only prints on the pages a block continues on
    markup = re.sub(r'<p class="continued".*?</p>', "", markup, flags=re.DOTALL)
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
