"""How a big uncached case is shared between this process and a helper: every article read once, none lost."""

from __future__ import annotations

import os
from dataclasses import dataclass

from factdesk.text.parallel import BATCH, SINGLES_PER_PROCESS, Helpers, plan_batches, read_in_parallel

PARENT = os.getpid()


@dataclass(frozen=True)
class Article:
    text: str


def shout(articles: list[Article]) -> list[str]:
    """What "reading" means here: a result that says which article it came from and who read it."""
    return [f"{a.text.upper()} by {'here' if os.getpid() == PARENT else 'helper'}" for a in articles]


def shout_but_crash_on_sevens(articles: list[Article]) -> list[str]:
    """A helper process dies on any batch holding an article with a 7 (out of memory, killed)."""
    if os.getpid() != PARENT and any("7" in a.text for a in articles):
        os._exit(1)
    return shout(articles)


def test_the_longest_articles_go_first_and_the_shortest_one_by_one_at_the_end() -> None:
    sizes = [300, 5000, 120, 9000, 4000, 80, 700, 2500, 60, 1100, 3000, 450]
    batches = plan_batches(sizes, helpers=1)
    order = [i for batch in batches for i in batch]
    assert sorted(order) == list(range(len(sizes)))  # each article exactly once
    assert [sizes[i] for i in order] == sorted(sizes, reverse=True)
    singles = SINGLES_PER_PROCESS * 2
    assert all(len(batch) == 1 for batch in batches[-singles:])
    assert all(len(batch) == BATCH for batch in batches[:-singles])


def test_a_case_shorter_than_the_singles_is_read_one_by_one() -> None:
    assert plan_batches([10, 30, 20], helpers=1) == [[1], [2], [0]]
    assert plan_batches([], helpers=1) == []


def test_every_article_comes_back_once_read_here_or_by_the_helper() -> None:
    articles = [Article(f"article {i} " + "x" * (i * 37 % 500)) for i in range(30)]
    progress: list[float] = []
    results = dict(read_in_parallel(articles, Helpers(1), progress.append, shout))
    assert sorted(results) == list(range(len(articles)))
    for i, article in enumerate(articles):
        assert results[i].startswith(article.text.upper() + " by ")
    assert progress == sorted(progress) and progress[-1] == 1.0 and len(progress) == len(articles)


def test_articles_a_dying_helper_held_are_read_here() -> None:
    articles = [Article(f"article {i}") for i in range(24)]
    results = dict(read_in_parallel(articles, Helpers(1), lambda _f: None, shout_but_crash_on_sevens))
    assert sorted(results) == list(range(len(articles)))
    assert all(results[i] == f"ARTICLE {i} by here" for i in range(len(articles)) if "7" in str(i))


def test_the_helpers_are_gone_once_the_reading_ends_or_is_given_up() -> None:
    import multiprocessing

    articles = [Article(f"article {i}") for i in range(20)]
    dict(read_in_parallel(articles, Helpers(1), lambda _f: None, shout))
    assert multiprocessing.active_children() == []
    with Helpers(1) as helpers:  # given up before any article is read (a cancelled model load)
        assert helpers.pool() is not None
    assert multiprocessing.active_children() == [] and helpers.pool() is None
