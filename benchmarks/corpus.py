"""The annotated cases (../shared/seeds and ../shared/corpus/*), their parses cached, their gold as labels.

Parsing is the slow step (about 1.5 s an article set); the candidates it yields are
pickled under ``.cache/quality/``, keyed by the articles' text and the source of every
module that extracts them, so training and cross-validation re-run in seconds and any
change to extraction parses again.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path

from factdesk.analysis import Extracted, extract
from factdesk.case import load_case
from factdesk.model import Case

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CACHE = ROOT / ".cache" / "quality"
KIND_OF = {"figures": "number", "dates": "date", "quotes": "quote", "names": "name"}
# what decides the candidates: everything that reads a case or extracts mentions (not the linking)
NOT_EXTRACTION = {"matching.py", "pair_features.py", "linker.py", "compare.py", "linker.json"}


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


def _code_hash() -> str:
    h = hashlib.sha256()
    sources = sorted((ROOT / "factdesk").rglob("*.py"))
    for p in sources:
        if "gui" in p.parts or p.name in NOT_EXTRACTION:
            continue
        h.update(p.relative_to(ROOT).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def load(folder: Path, code: str | None = None) -> AnnotatedCase:
    case = load_case(folder)
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    key = hashlib.sha256((code or _code_hash()).encode())
    for a in case.articles:
        key.update(a.file.encode() + b"\0" + a.text.encode())
    path = CACHE / f"{folder.name}-{key.hexdigest()[:16]}.pkl"
    found = None
    if path.exists():
        try:
            found = pickle.loads(path.read_bytes())
        except Exception:  # a stale or truncated cache entry is parsed again
            found = None
    if found is None:
        found = extract(case)
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
    return AnnotatedCase(folder.name if folder.name != "seeds" else "seeds", folder, case, found, gold)


def load_all() -> list[AnnotatedCase]:
    code = _code_hash()
    return [load(f, code) for f in case_folders()]
