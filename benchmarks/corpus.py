"""The annotated cases (../shared/seeds and ../shared/corpus/*) with their gold as labels.

Parsing is the slow step; the analysis's own parse cache (:mod:`factdesk.text.parse_cache`,
keyed by each article's text, the model and the extraction code) keeps it, so training
and cross-validation re-run in seconds and any change to extraction parses again.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from factdesk.analysis import Extracted, extract
from factdesk.case import load_case
from factdesk.model import Case

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
KIND_OF = {"figures": "number", "dates": "date", "quotes": "quote", "names": "name"}


@dataclass
class AnnotatedCase:
    name: str
    folder: Path
    case: Case
    found: Extracted
    gold: dict

    def entries_hit(self, kind: str, c) -> frozenset[str]:
        """The gold entries of ``kind`` a candidate states (score.py's rule: overlap or same wording)."""
        text = self.case.article(c.file).text[c.start:c.end]
        out = set()
        for e in self.gold["entries"]:
            v = e["variants"].get(c.file)
            if e["kind"] != kind or v is None:
                continue
            vs, ve = v["start"], v["start"] + len(v["text"])
            norm = " ".join(v["text"].casefold().split())
            if max(c.start, vs) < min(c.end, ve) or (len(norm) >= 4 and " ".join(text.casefold().split()) == norm):
                out.add(e["id"])
        return frozenset(out)

    def diverging(self) -> set[str]:
        return {e["id"] for e in self.gold["entries"] if e["diverges"]}


def case_folders() -> list[Path]:
    if not (SHARED / "corpus").is_dir():
        sys.exit(f"no annotated corpus at {SHARED}: quality and training need ../shared beside the repo")
    return [SHARED / "seeds", *sorted(p.parent for p in (SHARED / "corpus").glob("*/gold.json"))]


def load(folder: Path) -> AnnotatedCase:
    case = load_case(folder)
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    return AnnotatedCase(folder.name, folder, case, extract(case), gold)


def load_all() -> list[AnnotatedCase]:
    return [load(f) for f in case_folders()]
