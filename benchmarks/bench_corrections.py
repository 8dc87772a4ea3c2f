"""What the desk's corrections add to opening a case: 1,000 corrections on a 50-article case.

Target (issue 12): reading them from the log and applying them adds < 100 ms to opening the case.
The case is the generated 50-article one of ``bench_analysis``; the corrections are a mix of
dismiss, merge, split and add, recorded in a real log file.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from itertools import cycle
from pathlib import Path

from benchmarks.bench_analysis import generated_case
from factdesk.analysis import analyze
from factdesk.case import load_case
from factdesk.corrections import add_claim, dismiss_claim, merge_claims, split_claim
from factdesk.corrections.desk import corrected
from factdesk.model import Analysis, Verdict
from factdesk.store import VerdictLog, case_key

ARTICLES = 50
CORRECTIONS = 1_000
TARGET_MS = 100.0


def make_corrections(analysis: Analysis, n: int) -> list[Verdict]:
    key = case_key(analysis.case)
    claims = [c for c in analysis.claims if len(c.mentions) >= 2]
    by_kind: dict[str, list] = {}
    for c in claims:
        by_kind.setdefault(str(c.kind), []).append(c)
    pairs = [group for group in by_kind.values() if len(group) >= 2]
    out: list[Verdict] = []
    actions = cycle(("dismiss", "merge", "split", "add"))
    i = 0
    while len(out) < n:
        action, c = next(actions), claims[i % len(claims)]
        i += 1
        if action == "dismiss":
            out.append(dismiss_claim(key, c, "ann", f"not the same fact #{i}"))
        elif action == "merge":
            group = pairs[i % len(pairs)]
            a, b = group[i % len(group)], group[(i + 1) % len(group)]
            if a is not b:
                out.append(merge_claims(key, [a, b], "bob", ""))
        elif action == "split":
            out.append(split_claim(key, c, c.mentions[-1].file, "chidi", ""))
        else:
            m1, m2 = c.mentions[0], c.mentions[1]
            out.append(add_claim(key, analysis.case, c.kind, [(m1.file, m1.start, m1.end), (m2.file, m2.start, m2.end)],
                                 "dana", ""))
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = generated_case(Path(tmp) / "case", ARTICLES)
        analysis = analyze(load_case(str(folder)))
        print(f"   {ARTICLES} articles, {len(analysis.claims)} claims, "
              f"{sum(len(c.mentions) for c in analysis.claims)} mentions")
        with VerdictLog(Path(tmp) / "log.sqlite3") as log:
            log.record_case(analysis.case)
            log.record_many(make_corrections(analysis, CORRECTIONS))
            times, result = [], analysis
            for _ in range(7):
                started = time.perf_counter()
                result = corrected(analysis, log)
                times.append((time.perf_counter() - started) * 1000)
        median = statistics.median(times)
        dismissed = sum(c.dismissed for c in result.claims)
        edited = sum(c.origin == "editor" for c in result.claims)
        print(f"   {CORRECTIONS} corrections read and applied: median {median:.1f} ms, worst {max(times):.1f} ms "
              f"(target < {TARGET_MS:.0f} ms: {'ok' if median < TARGET_MS else 'MISSED'}); "
              f"{dismissed} claims dismissed, {edited} made or changed by editors, {len(result.stale)} stale")
