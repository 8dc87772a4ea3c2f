"""Alignment: claims do not depend on file order, and hold at most one mention per article."""

from __future__ import annotations

import random
import shutil
from collections import Counter
from pathlib import Path

import pytest

from factdesk.analysis import analyze
from factdesk.case import article_from_text, load_case
from factdesk.model import Analysis, Case, Kind
from factdesk.text.align import Candidate, cluster

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ORIGINALS = sorted(p.name for p in SEEDS.glob("0*.txt"))

# new file names whose sort order differs from the original one
RENAMINGS = {
    "reversed": {name: f"{'edcba'[i]}_{name}" for i, name in enumerate(ORIGINALS)},
    "shuffled": {name: f"{'cadbe'[i]}_outlet.txt" for i, name in enumerate(ORIGINALS)},
}


def claim_keys(analysis: Analysis, original: dict[str, str]) -> Counter:
    """Each claim as (kind, status, its mentions by original file name and span)."""
    return Counter(
        (c.kind, c.status, frozenset((original[m.file], m.start, m.end, m.text) for m in c.mentions))
        for c in analysis.claims
    )


def one_per_article(analysis: Analysis) -> None:
    for c in analysis.claims:
        if any("within one article" in w for w in c.warnings):
            continue
        files = [m.file for m in c.mentions]
        assert len(files) == len(set(files)), (c.id, c.summary, files)


def test_seed_claims_hold_at_most_one_mention_per_article(seed_analysis: Analysis) -> None:
    one_per_article(seed_analysis)


@pytest.mark.parametrize("renaming", sorted(RENAMINGS))
def test_claims_do_not_depend_on_file_order(seed_analysis: Analysis, tmp_path: Path, renaming: str) -> None:
    mapping = RENAMINGS[renaming]
    for old, new in mapping.items():
        shutil.copyfile(SEEDS / old, tmp_path / new)
    case = load_case(tmp_path)
    new_order = [a.file for a in case.articles]
    assert [next(o for o, n in mapping.items() if n == f) for f in new_order] != ORIGINALS  # order changed
    renamed = analyze(case)
    one_per_article(renamed)
    back = {new: old for old, new in mapping.items()}
    identity = {name: name for name in ORIGINALS}
    expected = claim_keys(seed_analysis, identity)
    got = claim_keys(renamed, back)
    assert got == expected, {"only with seed order": expected - got, "only with new order": got - expected}


def test_figure_repeated_in_one_article_is_aligned_once() -> None:
    a = ("Twitter acts\n\nTwitter suspended 125,000 accounts linked to the group, the company said.\n\n"
         "Critics said the 125,000 accounts Twitter suspended were only a start.\n")
    b = "Twitter acts\n\nTwitter suspended over 125,000 accounts linked to the group, the company said.\n"
    analysis = analyze(Case("repeat", "", (article_from_text("a.txt", a), article_from_text("b.txt", b))))
    one_per_article(analysis)
    numbers = [c for c in analysis.claims if c.kind is Kind.NUMBER]
    assert numbers
    (claim,) = [c for c in numbers if any(m.text == "over 125,000" for m in c.mentions)]
    assert sorted(m.file for m in claim.mentions) == ["a.txt", "b.txt"]


# --- the clustering step on hand-made candidates -----------------------------------------------------------


def cand(file: str, article: int, start: int, value: float) -> Candidate:
    return Candidate(file, article, start, start + 5, value, keys=("k",))


def closeness(a: Candidate, b: Candidate) -> float:
    return 1.0 - abs(a.payload - b.payload) / 100


def test_cluster_never_puts_two_mentions_of_one_article_together() -> None:
    cands = [cand("a.txt", 0, 10, 50), cand("a.txt", 0, 90, 50), cand("b.txt", 1, 10, 50), cand("c.txt", 2, 10, 51)]
    groups = cluster(cands, closeness, threshold=0.5)
    for g in groups:
        assert len({c.article for c in g}) == len(g)
    assert sorted(len(g) for g in groups) == [1, 3]


def test_cluster_result_does_not_depend_on_input_order() -> None:
    cands = [cand(f"{f}.txt", i, s, v) for i, f in enumerate("abcd") for s, v in ((10, 10), (50, 40), (90, 70))]

    def as_sets(groups: list[list[Candidate]]) -> set[frozenset[tuple[str, int]]]:
        return {frozenset((c.file, c.start) for c in g) for g in groups}

    expected = as_sets(cluster(cands, closeness, threshold=0.8))
    rng = random.Random(7)
    for _ in range(5):
        shuffled = cands[:]
        rng.shuffle(shuffled)
        assert as_sets(cluster(shuffled, closeness, threshold=0.8)) == expected
    assert len(expected) == 3 and all(len(g) == 4 for g in expected)


# --- many articles ----------------------------------------------------------------------------------------


def test_a_fact_every_article_states_is_one_claim_however_many_articles() -> None:
    """Twenty outlets state one count; one of them differs: the desk sees one conflict over all twenty."""
    articles = tuple(
        article_from_text(f"{i:02d}.txt", "Bridge collapse\n\n"
                          f"Rescuers said {'seven' if i == 13 else 'six'} people were hurt when the old bridge "
                          "collapsed into the river on Sunday.\n")
        for i in range(20))
    numbers = [c for c in analyze(Case("t", "", articles)).claims if c.kind is Kind.NUMBER and c.flagged]
    assert len(numbers) == 1, [c.summary for c in numbers]
    assert len({m.file for m in numbers[0].mentions}) == 20


def test_a_crowded_identity_key_still_pairs_but_a_crowded_context_word_does_not() -> None:
    """What a mention is (its unit) is never dropped; a context word everybody shares is."""
    from factdesk.text.align import CROWDED, candidate_pairs

    n = CROWDED + 50
    by_unit = [Candidate(f"{i:03d}.txt", i, 0, 5, 1.0, keys=(("unit", "people"),)) for i in range(n)]
    by_word = [Candidate(f"{i:03d}.txt", i, 0, 5, 1.0, keys=(("w", "say"),)) for i in range(n)]
    assert any(True for _ in candidate_pairs(by_unit))
    assert not any(True for _ in candidate_pairs(by_word))


def test_with_many_articles_each_mention_meets_the_first_few_articles_and_its_neighbours() -> None:
    from factdesk.text.align import NEIGHBOURS, PIVOTS, candidate_pairs

    n = 3 * (PIVOTS + 2 * NEIGHBOURS + 1)
    cands = [Candidate(f"{i:03d}.txt", i, 0, 5, 1.0, keys=(("unit", "people"),)) for i in range(n)]
    met = {tuple(sorted((cands[i].article, cands[j].article))) for i, j in candidate_pairs(cands)}
    assert met == {(a, b) for a in range(n) for b in range(a + 1, n) if a < PIVOTS or b - a <= NEIGHBOURS}
    few = cands[:PIVOTS + 2 * NEIGHBOURS + 1]  # few articles: every one meets every other
    assert len(list(candidate_pairs(few))) == len(few) * (len(few) - 1) // 2
