"""Hostile cases (#15 item 7): the work stays linear and bounded, counted rather than timed.

Each test measures work (lines looked at, characters scanned, pairs weighed) on an input and on one
twice as big, and checks what was left out is named in a warning.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factdesk.analysis import assemble, extract
from factdesk.case import article_from_text, folder, load_case
from factdesk.case.boilerplate import MAX_JUNK_LINE
from factdesk.case.runaway import CASE_TEXT_BUDGET, LOOKAHEAD, OVER_BUDGET, RUNAWAY
from factdesk.text import context, matching
from factdesk.text.align import Candidate, candidate_pairs, first_of_each_article, pairs_within

PARA = "The mayor said that 1,200 people came to the meeting on Tuesday and nobody else spoke.\n\n"


def _write_case(folder_path: Path, big_paragraphs: int) -> None:
    folder_path.mkdir()
    for i in range(5):
        (folder_path / f"big{i}.txt").write_text(f"Title {i}\n\n" + PARA * big_paragraphs, encoding="utf-8")
    (folder_path / "small.txt").write_text("Title\n\n" + PARA, encoding="utf-8")
    (folder_path / "quotes.txt").write_text("Quotes\n\n" + '"' * 300_000 + "\n", encoding="utf-8")


def _chars_examined(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, object]:
    """Characters of the lines junk detection read while reading the case, and the case.

    A line longer than ``MAX_JUNK_LINE`` is body text by its length alone: it is not read.
    """
    seen: list[int] = []
    real = folder.find_boilerplate

    def counting(text, lines=None):  # type: ignore[no-untyped-def]
        seen.append(sum(len(ln.text) + 1 for ln in lines if len(ln.text) <= MAX_JUNK_LINE))
        return real(text, lines)

    monkeypatch.setattr(folder, "find_boilerplate", counting)
    case = load_case(path)
    return sum(seen), case


def test_an_over_full_case_looks_for_junk_in_the_head_of_each_long_article_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write_case(tmp_path / "n", 4_000)
    _write_case(tmp_path / "2n", 8_000)
    examined, case = _chars_examined(tmp_path / "n", monkeypatch)
    twice, case2 = _chars_examined(tmp_path / "2n", monkeypatch)
    assert examined == twice  # the same work for articles twice as long
    assert examined <= LOOKAHEAD * CASE_TEXT_BUDGET + 10 * len(PARA)
    for loaded in (case, case2):
        cut = [w for w in loaded.warnings if "characters of text were analysed" in w]
        assert sorted(w.split(":")[0] for w in cut) == [f"big{i}.txt" for i in range(5)]
        big = loaded.article("big0.txt")
        assert big.chars == len("Title 0\n\n") + len(PARA) * (4_000 if loaded is case else 8_000)
        assert big.ignored[-1].reason == OVER_BUDGET and big.ignored[-1].end == big.chars
        assert loaded.article("small.txt").ignored == ()
        assert loaded.article("quotes.txt").ignored[0].reason == RUNAWAY


def test_a_case_within_its_budget_is_read_to_the_end_of_every_article(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Title\n\n" + PARA * 1_000 + "Related\nOne link here\nAnother link there\nA third link\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    examined, case = _chars_examined(tmp_path, monkeypatch)
    assert examined == 2 * len(text)
    assert case.article("a.txt").ignored == article_from_text("a.txt", text).ignored
    assert case.article("a.txt").ignored[-1].reason == "related links"
    assert not case.warnings


def _read_texts(case, monkeypatch: pytest.MonkeyPatch) -> list:  # type: ignore[no-untyped-def]
    """What the analysis hands its reader (the parse and the mentions) for each article."""
    import factdesk.analysis as analysis

    handed: list = []

    class Enough(Exception):
        pass

    def capture(articles, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        handed.extend(articles)
        raise Enough

    monkeypatch.setattr(analysis, "read_articles", capture)
    with pytest.raises(Enough):
        extract(case, cache=False)
    return handed


def test_the_reader_gets_no_text_the_budget_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write_case(tmp_path / "case", 4_000)
    case = load_case(tmp_path / "case")
    handed = {a.file: r for a, r in zip(case.articles, _read_texts(case, monkeypatch), strict=True)}
    assert sum(len(r.text) for r in handed.values()) <= CASE_TEXT_BUDGET + 10 * len(PARA)
    assert handed["quotes.txt"].text == "Quotes\n\n"  # its runaway line is not handed on
    small = case.article("small.txt")
    assert handed["small.txt"].text == small.text
    for r in handed.values():
        assert all(e <= len(r.text) for _, e in r.ignored)


def test_a_normal_article_is_handed_to_the_reader_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    from factdesk.model import Case

    text = "Title\n\n" + PARA * 20 + "Related\nOne link here\nAnother link there\nA third link\n"
    article = article_from_text("a.txt", text)
    [handed] = _read_texts(Case("c", "", (article,)), monkeypatch)
    assert handed.text == text
    assert handed.ignored == tuple((s.start, s.end) for s in article.ignored)


class _CountingPattern:
    """Stands in for a compiled pattern and counts the characters its ``finditer`` is given to scan."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.scanned = pattern, 0

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):  # type: ignore[no-untyped-def]
        end = len(text) if endpos is None else min(endpos, len(text))
        self.scanned += max(0, end - pos)
        return self.pattern.finditer(text, pos, end)


def test_a_texts_sentence_ends_are_found_once_however_many_mentions_ask(monkeypatch: pytest.MonkeyPatch) -> None:
    counting = _CountingPattern(context._END)
    monkeypatch.setattr(context, "_END", counting)
    results, scanned = [], []
    for words in (20_000, 40_000):  # one endless sentence with many figures: no end to find
        text = "the mayor said 1,200 people came " + "and 7 more " * words
        starts = [text.index("1,200"), *range(10_000, len(text) - 10, len(text) // 200)]
        counting.scanned = 0
        contexts = [context.mention_context(text, s, s + 5) for s in starts]
        results.append(contexts[0])
        scanned.append(counting.scanned)
        assert all("…" in c for c in contexts[1:])  # cut around the mention, not the whole megabyte
    assert results[0] == results[1]
    assert scanned == [len("the mayor said 1,200 people came " + "and 7 more " * w) for w in (20_000, 40_000)]


def _cands(per_article: int, articles: int = 3) -> list[Candidate]:
    return [Candidate(f"a{a}.txt", a, 10 * k, 10 * k + 5, None, keys=(("value", 1200),))
            for a in range(articles) for k in range(per_article)]


def _within(budget: int):  # type: ignore[no-untyped-def]
    return lambda cands: pairs_within(cands, budget)


@pytest.mark.parametrize("per_article", [40, 80])
def test_each_articles_first_candidates_are_kept_so_that_the_pairs_fit_the_budget(per_article: int) -> None:
    cands = _cands(per_article)
    kept, cap = first_of_each_article(cands, _within(1_000))
    assert cap is not None and len(list(candidate_pairs(kept))) <= 1_000
    one_more = [c for c in cands if c.start < 10 * (cap + 1)]
    assert len(list(candidate_pairs(one_more))) > 1_000  # the most that fit
    assert kept == [c for c in cands if c.start < 10 * cap]  # the first ones of each article
    assert cap == first_of_each_article(_cands(2 * per_article), _within(1_000))[1]  # whatever the articles hold


def test_candidates_within_the_budget_are_all_kept() -> None:
    cands = _cands(10)
    assert first_of_each_article(cands, _within(1_000)) == (cands, None)


def test_an_article_repeating_one_figure_is_lined_up_by_its_first_mentions(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    weighed: list[int] = []
    real = matching.pair_features

    def counting(kind, cands, pairs, idf):  # type: ignore[no-untyped-def]
        weighed.append(len(pairs))
        return real(kind, cands, pairs, idf)

    monkeypatch.setattr(matching, "pair_features", counting)
    monkeypatch.setattr(matching, "PAIRS_PER_ARTICLE", 200)
    counts = []
    for n in (30, 60):
        folder_path = tmp_path / f"n{n}"
        folder_path.mkdir()
        for name in ("a.txt", "b.txt"):
            (folder_path / name).write_text("Crowd\n\n" + "Officials said 1,200 people came. " * n + "\n",
                                            encoding="utf-8")
        case = load_case(folder_path)
        weighed.clear()
        analysis = assemble(case, extract(case, cache=False))
        counts.append(max(weighed))
        warned = [w for w in analysis.warnings if "were lined up" in w]
        assert warned and warned[0].startswith("a.txt, b.txt: only the first ")
        assert "figures of each" in warned[0]
    assert all(c <= 2 * 200 for c in counts)


def test_repeated_blocks_of_a_page_are_classified_once() -> None:
    from factdesk.case import boilerplate

    block = ("Related\nThe council met on Tuesday and agreed to spend the money on roads. It was long.\n"
             "The mayor said 12 people came. Nobody else spoke at the meeting.\n\n")
    work, found = [], []
    for n in (2_000, 4_000):
        boilerplate.classify_line.cache_clear()
        boilerplate.is_title_like.cache_clear()
        text = "Title\n\n" + block * n
        spans = boilerplate.find_boilerplate(text)
        work.append((boilerplate.classify_line.cache_info().misses, boilerplate.is_title_like.cache_info().misses))
        found.append(len(spans) == n and all(text[s.start:s.end] == "Related" for s in spans))
    assert work[0] == work[1]
    assert found == [True, True]


def test_each_chunk_checks_its_mentions_against_its_own_quotes_and_junk_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from factdesk.text import mentions
    from factdesk.text.pipeline import MAX_CHUNK, parse

    para = 'Smith said "we are glad to be here today, all of us" and 1,200 people came on March 3, 2020.\n\n'
    handed: list[int] = []
    real = mentions.find_figures

    def counting(doc, base, skip=None, text=None):  # type: ignore[no-untyped-def]
        handed.append(len(skip or ()))
        return real(doc, base, skip, text)

    monkeypatch.setattr(mentions, "find_figures", counting)
    most = []
    for n in (MAX_CHUNK // len(para), 2 * MAX_CHUNK // len(para)):
        text = "Title\n\n" + para * n
        [chunks] = parse([text])
        handed.clear()
        found = mentions.find_mentions("a.txt", 0, text, chunks, [], 0, None)
        assert len(found.figures) == len(found.quotes) == n
        most.append(max(handed))
    assert len(handed) >= 2 and most[1] <= most[0] + 2  # a chunk's ranges, not the article's


def _merge_by_recounting(groups, about, index, threshold):  # type: ignore[no-untyped-def]
    """merge_groups as first written: every round counts every pair again (work: pairs times merges)."""
    from collections import defaultdict

    groups = [list(g) for g in groups]
    while True:
        best = None
        where = {index[id(c)]: g for g, members in enumerate(groups) for c in members}
        linked: dict = defaultdict(float)
        for (i, j), s in about.items():
            gi, gj = where.get(i), where.get(j)
            if gi is not None and gj is not None and gi != gj:
                linked[(min(gi, gj), max(gi, gj))] += s
        for (gi, gj), total in linked.items():
            if {c.article for c in groups[gi]} & {c.article for c in groups[gj]}:
                continue
            mean = total / (len(groups[gi]) * len(groups[gj]))
            if mean >= threshold and (best is None or (mean, -gi, -gj) > best):
                best = (mean, -gi, -gj)
        if best is None:
            break
        gi, gj = -best[1], -best[2]
        groups[gi] = sorted(groups[gi] + groups[gj], key=lambda c: c.order)
        del groups[gj]
    groups.sort(key=lambda g: g[0].order)
    return groups


def _random_candidates(rng, most_articles: int, most_each: int) -> list[Candidate]:  # type: ignore[no-untyped-def]
    """Candidates of 2..most_articles articles, 1..most_each each, in a shuffled order."""
    cands = [Candidate(f"a{a}.txt", a, 10 * k, 10 * k + 5, None) for a in range(rng.randint(2, most_articles))
             for k in range(rng.randint(1, most_each))]
    rng.shuffle(cands)
    return cands


@pytest.mark.parametrize("seed", range(40))
def test_merging_groups_sum_by_sum_gives_the_groups_a_full_recount_gives(seed: int) -> None:
    import random

    from factdesk.text.align import merge_groups

    rng = random.Random(seed)
    cands = _random_candidates(rng, 7, 6)
    groups: list[list[Candidate]] = []
    for c in cands:  # a few groups of two articles, the rest alone
        home = next((g for g in groups if len(g) == 1 and g[0].article != c.article), None)
        if home is not None and rng.random() < 0.3:
            home.append(c)
        else:
            groups.append([c])
    index = {id(c): k for k, c in enumerate(cands)}
    pairs = sorted((i, j) for i in range(len(cands)) for j in range(i + 1, len(cands))
                   if cands[i].article != cands[j].article and rng.random() < 0.6)
    about = {p: rng.choice([0.1, 0.3, 0.35, 0.5, 0.7, 1 / 3]) for p in pairs}  # ties on purpose
    got = merge_groups(groups, about, index, 0.35)
    want = _merge_by_recounting(groups, about, index, 0.35)
    assert [[id(c) for c in g] for g in got] == [[id(c) for c in g] for g in want]


def _cluster_by_recounting(cands, scored, threshold, linkage, mutual):  # type: ignore[no-untyped-def]
    """cluster_scored's merging as first written: each merge counts the two groups' cross pairs again."""
    from factdesk.text.align import mutual_best

    accepted = {p for p, s in scored.items() if s >= threshold}
    if mutual is not None:
        accepted |= {p for p in mutual_best(cands, scored) if scored[p] >= mutual}
    order = sorted(((scored[p], *p) for p in accepted), key=lambda t: (
        -t[0], min(cands[t[1]].order, cands[t[2]].order), max(cands[t[1]].order, cands[t[2]].order)))
    root = list(range(len(cands)))
    members = {i: [i] for i in range(len(cands))}
    for _s, i, j in order:
        ri, rj = root[i], root[j]
        if ri == rj or {cands[k].article for k in members[ri]} & {cands[k].article for k in members[rj]}:
            continue
        if len(members[ri]) + len(members[rj]) > 2:
            cross = [scored[p] for a in members[ri] for b in members[rj] if (p := (min(a, b), max(a, b))) in scored]
            floor = min(threshold * 0.7, mutual if mutual is not None else threshold)
            if sum(x >= floor for x in cross) < linkage * len(cross):
                continue
        for k in members[rj]:
            root[k] = ri
        members[ri].extend(members.pop(rj))
    groups = [sorted((cands[i] for i in m), key=lambda c: c.order) for m in members.values()]
    groups.sort(key=lambda g: g[0].order)
    return groups


@pytest.mark.parametrize("seed", range(40))
def test_clustering_with_running_tallies_gives_the_groups_a_recount_gives(seed: int) -> None:
    import random

    from factdesk.text.align import cluster_scored

    rng = random.Random(seed)
    cands = _random_candidates(rng, 8, 7)
    scored = {(i, j): rng.choice([0.1, 0.5, 0.9, 0.96, 0.99, rng.random()])
              for i in range(len(cands)) for j in range(i + 1, len(cands))
              if cands[i].article != cands[j].article and rng.random() < 0.7}
    mutual = rng.choice([None, 0.3, 0.6])
    got = cluster_scored(cands, scored, 0.95, 0.5, mutual)
    want = _cluster_by_recounting(cands, scored, 0.95, 0.5, mutual)
    assert [[id(c) for c in g] for g in got] == [[id(c) for c in g] for g in want]


def test_thousands_of_distinct_names_are_lined_up_by_each_articles_first(monkeypatch: pytest.MonkeyPatch) -> None:
    from factdesk.case import article_from_text as article
    from factdesk.model import Case
    from factdesk.text import names

    compared: list[int] = []
    real = names.name_relation

    def counting(a, b):  # type: ignore[no-untyped-def]
        compared.append(1)
        return real(a, b)

    monkeypatch.setattr(matching, "name_relation", counting)
    monkeypatch.setattr(matching, "PAIRS_PER_ARTICLE", 300)
    counts = []
    for n in (60, 120):
        people = [f"Mar{chr(97 + k % 26)}{chr(97 + k // 26 % 26)}o Kal{chr(97 + k % 26)}{chr(97 + k // 26)}ski"
                  for k in range(n)]
        text = "Visitors\n\n" + "\n\n".join(f"{p} visited the town hall on Monday." for p in people) + "\n"
        case = Case("c", "", (article("a.txt", text), article("b.txt", text)))
        compared.clear()
        analysis = assemble(case, extract(case, cache=False))
        counts.append(len(compared))
        warned = [w for w in analysis.warnings if "names of each were lined up" in w]
        assert warned and warned[0].startswith("a.txt, b.txt: only the first ")
    assert all(c <= 2 * 300 for c in counts)


def test_a_pages_metadata_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    calls: list[int] = []
    real = trafilatura.extract_metadata

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "extract_metadata", counting)
    page = tmp_path / "a.html"
    page.write_text("<html><head><title>Storm hits coast</title><meta property='og:site_name' content='Daily'>"
                    "</head><body><article><h1>Storm hits coast</h1><p>" + PARA * 5 + "</p></article></body></html>",
                    encoding="utf-8")
    article = folder.read_article(page)
    assert calls == [1]
    assert article.outlet == "Daily" and article.title == "Storm hits coast"


def test_a_cut_inside_a_junk_block_leaves_the_rest_out_as_over_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    from factdesk.case import runaway
    from factdesk.model import Article, IgnoredSpan

    line = "word " * 20 + "\n"  # 101 characters
    text = line * 30
    junk = IgnoredSpan(10 * len(line), 20 * len(line) - 1, "related links")  # lines 11 to 20
    articles = [Article(f"{name}.txt", text, ignored=(junk,)) for name in "ab"]
    monkeypatch.setattr(runaway, "CASE_TEXT_BUDGET", 2 * 10 * len(line))  # each may keep its first 10 lines
    monkeypatch.setattr(runaway, "FAIR_SHARE", 100)
    cut, warnings = runaway.within_case_budget(articles)
    for article in cut:
        assert article.ignored[-1].reason == runaway.OVER_BUDGET and article.ignored[-1].end == len(text)
        assert runaway.budget_end(article) == runaway.analysed_end(article) == article.ignored[-1].start
        assert article.ignored[0].reason == "related links"
    assert [w.split(":")[0] for w in warnings] == ["a.txt", "b.txt"]
