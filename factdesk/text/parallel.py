"""Both cores for a big uncached case: helper processes parse articles while this process parses others.

The articles are read longest first, two at a time, the last few one by one.  Every batch is
offered to the helpers at once; they take them in that order as they come free, and this process (which
has the language model loaded already) takes the next batch no helper has started yet; at the end it
also reads a batch a helper holds but has not begun.  So nobody waits for work, and whoever finishes
first waits at most for part of one short article.  The helpers are stopped as soon as the
reading ends -- done, failed or cancelled (a progress report that raises).

A helper is forked, with the model already in memory, from a single-threaded process on Linux
(the command line); beside Qt's threads (the window) or on macOS and Windows it is a fresh
``spawn``-ed interpreter that loads the model itself, started before this process loads its own
(:class:`Helpers`) -- and, as always with ``spawn``, imports the main script again: a script that
analyses a case keeps its work under ``if __name__ == "__main__":``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.context
import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_for
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from factdesk.text.reading import ArticleRead, ArticleToRead

PARALLEL_FROM = 12  # uncached articles from which helpers pay for their start (~2 s of loading each)
WORKERS_VARIABLE = "FACTDESK_WORKERS"  # processes parsing at once; 1 keeps everything in this process
BATCH = 2  # articles read in one go, here and in a helper
SINGLES_PER_PROCESS = 4  # the shortest articles go one by one at the end, this many per process
WAIT_S = 0.05  # how long to wait for a helper's batch before looking again


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
    from factdesk.text import lexicon
    from factdesk.text.pipeline import load_pipeline

    load_pipeline()
    lexicon.load()


class Helpers:
    """The helper processes of one reading, stopped when it ends (``with``).

    Spawned helpers start at once, so that they load the model while this process loads its own;
    forked ones start at their first batch, sharing the model this process has loaded by then.
    """

    def __init__(self, count: int) -> None:
        self.count = count
        self._context = process_context() if count else None
        self._pool: ProcessPoolExecutor | None = None
        self._failed = False
        if self._context is not None and self._context.get_start_method() != "fork":
            pool = self.pool()
            if pool is not None:
                with contextlib.suppress(Exception):
                    pool.submit(os.getpid)  # a spawned helper starts (and loads the model) on its first task

    def pool(self) -> ProcessPoolExecutor | None:
        """The helpers' pool, started now if need be; None when no processes are to be had."""
        if self._pool is None and self.count and not self._failed:
            try:
                self._pool = ProcessPoolExecutor(self.count, mp_context=self._context, initializer=_start_helper)
            except Exception:  # no processes to be had (a sandbox, a frozen build without support): read here
                self._failed = True
        return self._pool

    def stop(self) -> None:
        """Stop the helpers now, even in the middle of an article; a later :meth:`pool` is None."""
        pool, self._pool, self._failed = self._pool, None, True
        if pool is not None:
            _stop(pool)

    def __enter__(self) -> Helpers:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def plan_batches(sizes: list[int], helpers: int) -> list[list[int]]:
    """Articles (indexes into ``sizes``) in the order to read them: the longest first, ``BATCH`` at a time.

    The last few go one by one, so that whoever runs out of work first waits for a short article at most.
    """
    order = sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))
    head = order[:max(0, len(order) - SINGLES_PER_PROCESS * (helpers + 1))]
    return [head[k:k + BATCH] for k in range(0, len(head), BATCH)] + [[i] for i in order[len(head):]]


def read_in_parallel(
    todo: list[ArticleToRead], helpers: Helpers, progress: Callable[[float], None],
    read_some: Callable[[list[ArticleToRead]], list[ArticleRead]],
) -> Iterator[tuple[int, ArticleRead]]:
    """Yield ``(index into todo, what was read)`` as articles are read, here and by ``helpers``.

    ``read_some`` reads a few articles in one go (a module-level function, so helpers can be handed
    it): spaCy parses a few texts together faster than one by one.  The helpers are stopped at the end.
    """
    batches = plan_batches([len(a.text) for a in todo], helpers.count)
    pool = helpers.pool()
    handed: dict[int, Future[list[ArticleRead]]] = {}  # batches offered to the helpers, by position
    done = 0

    def finished(b: int, reads: list[ArticleRead] | None) -> Iterator[tuple[int, ArticleRead]]:
        nonlocal done
        if reads is None:
            reads = read_some([todo[i] for i in batches[b]])
        for i, read in zip(batches[b], reads, strict=True):
            done += 1
            progress(done / len(todo))
            yield i, read

    def collect() -> Iterator[tuple[int, ArticleRead]]:
        for b in [b for b, future in handed.items() if future.done()]:
            try:
                reads = handed.pop(b).result()
            except Exception:  # a helper failed on it, or died: read it here
                reads = None
            yield from finished(b, reads)

    try:
        for b, batch in enumerate(batches):
            if pool is None:
                break
            try:
                handed[b] = pool.submit(read_some, [todo[i] for i in batch])
            except Exception:  # the helpers are gone (killed, out of memory): what is left is read here
                helpers.stop()
                pool = None
        # every batch is offered to the helpers, who take them in order as they are free; this process
        # takes the next one no helper has started (a future not yet running can be cancelled)
        for b in range(len(batches)):
            yield from collect()
            future = handed.get(b)
            if future is None or future.cancel():
                handed.pop(b, None)
                yield from finished(b, None)
        while handed:
            if len(handed) > helpers.count:  # one waits behind a helper's current batch: read it here rather than idle
                last = max(handed)
                handed.pop(last)
                yield from finished(last, None)
            else:
                wait_for(list(handed.values()), timeout=WAIT_S, return_when="FIRST_COMPLETED")
            yield from collect()
    finally:
        helpers.stop()


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
