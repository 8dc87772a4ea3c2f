"""`make train`: learn the linker's parameters from the annotated cases and write factdesk/text/linker.json.

Every pair of same-kind mentions from two articles of a case that share a blocking key is
an example; it is positive when both state one gold entry.  Pairs of a diverging entry
weigh more (they are the minority that matters: a divergence is what the desk must see).
A standardised logistic model is fitted per kind (scikit-learn, fixed seed); then the
probability cut-offs are chosen on the same training cases by what the desk sees after
grouping: diverging entries flagged, against agreeing entries flagged and flagged noise.

scikit-learn is a development dependency only: the product reads the numbers.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression

from benchmarks.corpus import KIND_OF, AnnotatedCase, load_all
from factdesk.analysis import case_idf
from factdesk.model import Status
from factdesk.text import compare
from factdesk.text.align import Candidate, cluster_scored, merge_groups
from factdesk.text.linker import PARAMETERS, KindModel, Linker
from factdesk.text.matching import linking_pairs
from factdesk.text.pair_features import FEATURES, about_columns

SEED = 20261206
DIVERGING_WEIGHT = 4.0  # a pair of a diverging fact counts as much as four agreeing ones
# what the desk trades: one diverging fact caught is worth three agreeing ones wrongly flagged, or ten
# flags that point at nothing annotated (the product's bar allows 8% false alarms and 1.5 such flags an
# article; these costs keep it near 3% and 0.5)
FALSE_ALARM_COST = 0.3
NOISE_COST = 0.1
STRAY_COST = 0.02  # an agreeing claim that joins different facts: clutter in the table, and it hides them
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
MERGES = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)  # tried from loosest; a merge is kept only if it pays
MERGED_KINDS = ("number", "date")  # a quotation is what it says: no "about" model for quotes
MUTUALS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
COMPARE = {"number": compare.compare_figures, "date": compare.compare_dates, "quote": compare.compare_quotes}
NAME = "factdesk-linker 3"


@dataclass
class KindData:
    """One case's candidates of one kind, their pairs, features and labels."""

    case: AnnotatedCase
    cands: list[Candidate]
    pairs: list[tuple[int, int]]
    rows: list[list[float]]
    hit: list[frozenset[str]]
    labels: list[int]
    weights: list[float]


def kind_data(ac: AnnotatedCase, kind: str) -> KindData:
    key = next(k for k, v in KIND_OF.items() if v == kind)
    cands = ac.found.per_kind[key]
    pairs, rows = linking_pairs(kind, cands, case_idf(ac.found))
    hit = [ac.entries_hit(kind, c) for c in cands]
    diverging = ac.diverging()
    labels, weights = [], []
    for i, j in pairs:
        shared = hit[i] & hit[j]
        labels.append(int(bool(shared)))
        weights.append(DIVERGING_WEIGHT if shared & diverging else 1.0)
    return KindData(ac, cands, pairs, rows, hit, labels, weights)


def fit_model(kind: str, data: Sequence[KindData]) -> tuple[np.ndarray, np.ndarray, LogisticRegression]:
    x = np.array([r for d in data for r in d.rows], dtype=float)
    y = np.array([v for d in data for v in d.labels])
    w = np.array([v for d in data for v in d.weights])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=1.0, max_iter=5000, random_state=SEED)
    model.fit((x - mean) / scale, y, sample_weight=w)
    return mean, scale, model


def desk_score(kind: str, data: Sequence[KindData], probs: Sequence[np.ndarray], threshold: float,
               mutual: float, about: Sequence[np.ndarray] | None = None, merge: float = 2.0
               ) -> tuple[int, int, int, int, int, int]:
    """(diverging caught, diverging, agreeing flagged, agreeing, noise, stray) after grouping."""
    caught = total_div = alarms = total_agree = noise = stray = 0
    for n, (d, p) in enumerate(zip(data, probs, strict=True)):
        scored = {pair: float(s) for pair, s in zip(d.pairs, p, strict=True)}
        index = {id(c): k for k, c in enumerate(d.cands)}
        covered_flagged: set[str] = set()
        groups = cluster_scored(d.cands, scored, threshold, mutual=mutual)
        if about is not None and merge <= 1:
            groups = merge_groups(groups, dict(zip(d.pairs, map(float, about[n]), strict=True)), index, merge)
        for group in groups:
            if len({c.article for c in group}) < 2:
                continue
            files: dict[str, set[str]] = {}
            for c in group:
                for e in d.hit[index[id(c)]]:
                    files.setdefault(e, set()).add(c.file)
            covers = {e for e, fs in files.items() if len(fs) >= 2}
            if COMPARE[kind](group).status not in (Status.CONFLICT, Status.HEDGED):
                stray += not covers  # mentions of different facts shown as one agreeing claim
                continue
            covered_flagged |= covers
            noise += not covers
        diverging = d.case.diverging()
        entries = {e["id"] for e in d.case.gold["entries"] if e["kind"] == kind}
        total_div += len(entries & diverging)
        total_agree += len(entries - diverging)
        caught += len(covered_flagged & diverging)
        alarms += len((covered_flagged & entries) - diverging)
    return caught, total_div, alarms, total_agree, noise, stray


def desk_value(figures: tuple[int, int, int, int, int, int]) -> float:
    caught, _, alarms, _, noise, stray = figures
    return caught - FALSE_ALARM_COST * alarms - NOISE_COST * noise - STRAY_COST * stray


def fit_kind(kind: str, data: Sequence[KindData]) -> KindModel:
    mean, scale, model = fit_model(kind, data)
    matrices = [(np.array(d.rows, dtype=float).reshape(-1, len(mean)) - mean) / scale for d in data]
    probs = [model.predict_proba(x)[:, 1] if len(x) else np.zeros(0) for x in matrices]
    best = None
    for t in THRESHOLDS:
        for m in MUTUALS:
            if m > t:
                continue
            value = desk_value(desk_score(kind, data, probs, t, m))
            key = (value, t, m)  # ties: the stricter cut-off
            if best is None or key > best:
                best = key
    assert best is not None
    value, threshold, mutual = best
    about_coef: tuple[float, ...] = ()
    about_intercept, merge = 0.0, 2.0
    if kind in MERGED_KINDS:
        columns = about_columns(kind)
        x = np.vstack([m for m in matrices if len(m)])[:, columns]
        y = np.array([v for d in data for v in d.labels])
        w = np.array([v for d in data for v in d.weights])
        about_model = LogisticRegression(C=1.0, max_iter=5000, random_state=SEED).fit(x, y, sample_weight=w)
        about = [about_model.predict_proba(m[:, columns])[:, 1] if len(m) else np.zeros(0) for m in matrices]
        for candidate in MERGES:
            score = desk_value(desk_score(kind, data, probs, threshold, mutual, about, candidate))
            if score > value:
                value, merge = score, candidate
        about_coef = tuple(about_model.coef_[0].tolist())
        about_intercept = float(about_model.intercept_[0])
    return KindModel(FEATURES[kind], tuple(mean.tolist()), tuple(scale.tolist()),
                     tuple(model.coef_[0].tolist()), float(model.intercept_[0]), threshold, mutual,
                     about_coef, about_intercept, merge)


def fit_linker(cases: Sequence[AnnotatedCase], trained: str = "") -> Linker:
    kinds = {}
    for kind in FEATURES:
        kinds[kind] = fit_kind(kind, [kind_data(ac, kind) for ac in cases])
    return Linker(NAME, trained or f"{len(cases)} annotated cases", kinds)


def main(argv: list[str] | None = None) -> int:
    import json

    cases = load_all()
    linker = fit_linker(cases, f"{len(cases)} annotated cases (../shared seeds + corpus), seed {SEED}")
    PARAMETERS.write_text(json.dumps(linker.to_json(), indent=1) + "\n", encoding="utf-8")
    for kind, m in linker.kinds.items():
        top = sorted(zip(m.features, m.coef, strict=True), key=lambda t: -abs(t[1]))[:6]
        merge = f"merge {m.merge:.2f}" if m.merge <= 1 else "no merge"
        print(f"{kind:<7} threshold {m.threshold:.2f} mutual {m.mutual:.2f} {merge}  strongest: "
              + ", ".join(f"{f} {w:+.2f}" for f, w in top))
    print(f"wrote {PARAMETERS.relative_to(PARAMETERS.parents[2])} ({PARAMETERS.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
