"""No gold fact of the corpus or the seed case may fall inside an ignored (junk) span.

The gold spans in ``gold.json`` mark real facts stated in the body; the boilerplate rules
must leave all of them alone.  Runs on the repo's seed copy always, and on ../shared when present.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factdesk.case import load_case

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CASES = sorted(
    {
        ROOT / "seeds",
        *(p.parent for p in (SHARED / "seeds").glob("gold.json")),
        *(p.parent for p in (SHARED / "corpus").glob("*/gold.json")),
    }
)


def test_shared_cases_are_found_when_present() -> None:
    if not SHARED.is_dir():
        pytest.skip("no ../shared corpus here")
    assert len(CASES) >= 10


@pytest.mark.parametrize("folder", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_gold_span_is_ignored(folder: Path) -> None:
    case = load_case(folder)
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    problems = []
    for entry in gold["entries"]:
        for file, variant in entry["variants"].items():
            article = case.article(file)
            start = variant["start"]
            end = start + len(variant["text"])
            assert article.text[start:end] == variant["text"]
            for span in article.ignored:
                if span.start < end and start < span.end:
                    problems.append(f"{entry['id']} {file} {variant['text']!r} in {span}")
            if start < article.headline_end:
                problems.append(f"{entry['id']} {file} {variant['text']!r} is before headline_end")
    assert problems == []
