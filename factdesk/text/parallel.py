"""Both cores for a big uncached case: helper processes parse articles while this process parses others.

This process has the language model loaded already, so it starts at once on the articles at the
front, two at a time; each helper takes them from the back, a few batches queued so that it never waits
for work (this process hands out more only between its own).  Whoever finishes first simply takes the
next batch: the work balances itself.  The helpers are stopped as soon
as the reading ends -- done, failed or cancelled (a progress report that raises).

A helper is forked, with the model already in memory, from a single-threaded process on Linux
(the command line); beside Qt's threads (the window) or on macOS and Windows it is a fresh
``spawn``-ed interpreter that loads the model itself -- and, as always with ``spawn``, imports
the main script again: a script that analyses a case keeps its work under
``if __name__ == "__main__":``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.context
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_for
from typing import TYPE_CHECKING

if TYPE_CHECKING:
        from factdesk.text.reading import ArticleRead, ArticleToRead

PARALLEL_FROM = 12  # uncached articles from which helpers pay for their start (~2 s of loading each)
WORKERS_VARIABLE = "FACTDESK_WORKERS"  # processes parsing at once; 1 keeps everything in this process
BATCH = 2  # articles read in one go, here and in a helper
QUEUED_PER_HELPER = 2  # batches queued per helper (finished ones are collected before more are handed out)
WAIT_S = 0.05


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def worker_count(workers: int | None = None) -> int:
    """Processes to parse with: ``workers``, else ``$FACTDESK_WORKERS``, else one per core."""
    if workers is None:
        try:
            workers = int(os.environ.get(WORKERS_VARIABLE, "") or cores())
        except ValueError:
            workers = cores()
    return max(1, workers)


def helper_count(uncached: int, workers: int | None = None) -> int:
    """Helper processes worth starting for ``uncached`` articles (0: parse them all here)."""
    if uncached < PARALLEL_FROM:
        return 0
    return min(worker_count(workers) - 1, uncached // 2)


def process_context() -> multiprocessing.context.BaseContext:
    """Fork when that is safe (Linux, no Qt, no other thread), else spawn."""
    single = threading.active_count() == 1 and not any(m in sys.modules for m in ("PySide6.QtCore", "PyQt6"))
    if sys.platform.startswith("linux") and single and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _start_helper() -> None:
    from factdesk.text.pipeline import load_pipeline

    load_pipeline()


def read_in_parallel(
    todo: list[ArticleToRead], helpers: int, progress: Callable[[float], None],
    read_some: Callable[[list[ArticleToRead]], list[ArticleRead]],
) -> Iterator[tuple[int, ArticleRead]]:
    """Yield ``(index into todo, what was read)`` as articles are read, here and in ``helpers`` processes.

    ``read_some`` reads a few articles in one go (a module-level function, so helpers can be handed
    it): spaCy parses a few texts together faster than one by one.
    """
    try:
        pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            helpers, mp_context=process_context(), initializer=_start_helper)
    except Exception:  # no processes to be had (a sandbox, a frozen build without support): read here
        pool = None
    pending = deque(range(0, len(todo), BATCH))  # each batch by its first article
    running: dict[int, Future[list[ArticleRead]]] = {}
    done = 0

    def batch(first: int) -> list[ArticleToRead]:
        return todo[first:first + BATCH]

    def finished(first: int, reads: list[ArticleRead]) -> Iterator[tuple[int, ArticleRead]]:
        nonlocal done
        for k, read in enumerate(reads):
            done += 1
            progress(done / len(todo))
            yield first + k, read

    try:
        while pending or running:
            # what is done first, so that a finished batch makes room for the next before this process reads
            for first in [f for f, future in running.items() if future.done()]:
                try:
                    reads = running.pop(first).result()
                except Exception:  # a helper failed on it, or died: read it here
                    reads = read_some(batch(first))
                yield from finished(first, reads)
            while pool is not None and pending and len(running) < QUEUED_PER_HELPER * helpers:
                first = pending.pop()
                try:
                    running[first] = pool.submit(read_some, batch(first))
                except Exception:  # the helpers are gone (killed, out of memory): the rest is read here
                    pending.append(first)
                    _stop(pool)
                    pool = None
            if pending:
                first = pending.popleft()
                yield from finished(first, read_some(batch(first)))
            elif running:
                wait_for(list(running.values()), timeout=WAIT_S, return_when="FIRST_COMPLETED")
    finally:
        if pool is not None:
            _stop(pool)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the helpers now, even in the middle of an article (a cancelled analysis frees the cores at once)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # not public: best effort
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    # the executor's own thread reaps the stopped helpers: wait for it (joining them here too would race it)
    pool.shutdown(wait=True, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(1)
