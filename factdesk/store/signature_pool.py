"""Checking many Ed25519 signatures on every core: batches of them shared with helper processes.

An Ed25519 check costs ~55 µs here (libsodium) and holds the GIL (threads would not help). A log's rows
are read in batches; while there are few signatures to check they are checked in this process.
Once more than :data:`PARALLEL_FROM` are waiting (:data:`PARALLEL_FROM_SPAWNED` when helpers
have to be spawned), helper processes are started (one per core
beside this one, ``$FACTDESK_WORKERS`` processes in all to choose; forked from a single-threaded
process on Linux, else spawned, see :func:`factdesk.text.parallel.process_context`). Each helper
is kept :data:`QUEUED_PER_HELPER` batches ahead; the batches beyond that are checked here, so
this process never waits for helpers still starting (a spawned one takes half a second to import
factdesk) and the work balances itself. Batches come back in log order. When the helpers cannot
start or die, their batches are checked here: the outcome never depends on them.
"""

from __future__ import annotations

import contextlib
import multiprocessing.context
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from factdesk.store.chain import Content
from factdesk.store.signing import signature_matches
from factdesk.text.parallel import process_context, worker_count

PARALLEL_FROM = 2_000  # signatures waiting to be checked from which forked helpers are worth starting
PARALLEL_FROM_SPAWNED = 10_000  # the same for spawned ones: each imports factdesk first (0.3-0.5 s here)
BATCH = 1_000  # rows a batch holds
QUEUED_PER_HELPER = 2  # batches handed to each helper at a time; the others are checked here
HELD_BATCHES = 8  # batches read ahead of the oldest one still being checked (bounds memory)

Item = tuple[str, str, str]  # (public key hex, signature hex, signed text)


def bad_items(items: list[Item]) -> list[int]:
    """Positions of the items whose signature does not match (what a helper is given to do)."""
    return [i for i, (key, signature, text) in enumerate(items) if not signature_matches(key, signature, text)]


@dataclass
class Batch:
    """Rows of the log in order, and which of them carry a signature that does not match."""

    rows: list[tuple[int, Content]] = field(default_factory=list)
    to_check: list[int] = field(default_factory=list)  # row ids whose signature is checked
    items: list[Item] = field(default_factory=list)
    bad: frozenset[int] | None = None  # row ids; None until checked
    future: Future[list[int]] | None = None


class SignatureChecker:
    """Takes rows in log order; hands back batches of them with their bad signatures found, in order."""

    def __init__(self, workers: int | None = None, parallel_from: int | None = None):
        self.helpers = worker_count(workers) - 1  # this process checks signatures too
        self.parallel_from = parallel_from  # None: as the way helpers would start makes worth it
        self._context: multiprocessing.context.BaseContext | None = None
        self.checked = 0  # signatures checked (here or by the helpers)
        self.pool: ProcessPoolExecutor | None = None
        self.helpers_used = False  # whether a batch was handed to the helpers
        self._decided = self.helpers < 1  # whether helpers are used is settled
        self._batches: deque[Batch] = deque()
        self._current = Batch()
        self._waiting = 0  # signatures in batches not yet checked, before that is settled

    def add(self, row_id: int, content: Content, check: bool) -> None:
        """The next row; ``check``: its signature is to be checked."""
        batch = self._current
        batch.rows.append((row_id, content))
        if check:
            batch.to_check.append(row_id)
            batch.items.append((content.signer_key, content.signature, content.signing_text()))
        if len(batch.rows) >= BATCH:
            self._close_batch()

    def ready(self) -> Iterator[Batch]:
        """The batches at the front whose signatures are checked (waiting for the first when too many are held)."""
        while self._batches:
            front = self._batches[0]
            if front.bad is None:
                waiting = front.future is None or not front.future.done()
                if waiting and (front.future is None or len(self._batches) <= HELD_BATCHES):
                    return
                self._collect(front)
            yield self._batches.popleft()

    def finish(self) -> Iterator[Batch]:
        """Every batch left, checked, in order."""
        if self._current.rows:
            self._close_batch()
        self._decided = True
        for batch in self._batches:
            if batch.bad is None and batch.future is None:
                self._check_here(batch)
        while self._batches:
            front = self._batches[0]
            if front.bad is None:
                self._collect(front)
            yield self._batches.popleft()

    def close(self) -> None:
        """Stop the helpers (work still queued for them is dropped)."""
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> SignatureChecker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- inside ---------------------------------------------------------------------

    def _close_batch(self) -> None:
        batch, self._current = self._current, Batch()
        self._batches.append(batch)
        if not batch.items:
            batch.bad = frozenset()
            return
        if not self._decided:
            self._waiting += len(batch.items)
            if self._waiting <= self._threshold():
                return  # held until it is clear whether there are enough to share out
            self._decided = True
            self.pool = self._start_pool()
            for held in self._batches:
                if held.bad is None:
                    self._hand_over(held)
            return
        self._hand_over(batch)

    def _threshold(self) -> int:
        if self.parallel_from is not None:
            return self.parallel_from
        if self._context is None:
            try:
                self._context = process_context()
            except Exception:  # no way to start processes here: every signature is checked here
                return sys.maxsize
        return PARALLEL_FROM if self._context.get_start_method() == "fork" else PARALLEL_FROM_SPAWNED

    def _start_pool(self) -> ProcessPoolExecutor | None:
        try:
            return ProcessPoolExecutor(self.helpers, mp_context=self._context or process_context())
        except Exception:  # no processes to be had (a sandbox, a frozen build without support): check here
            return None

    def _hand_over(self, batch: Batch) -> None:
        """To a helper when one has room for it, else checked here and now."""
        if self.pool is not None and self._queued() < QUEUED_PER_HELPER * self.helpers:
            try:
                batch.future = self.pool.submit(bad_items, batch.items)
                self.helpers_used = True
                return
            except Exception:  # the helpers are gone (killed, out of memory): the rest is checked here
                self.close()
        self._check_here(batch)

    def _queued(self) -> int:
        return sum(1 for b in self._batches if b.future is not None and b.bad is None and not b.future.done())

    def _check_here(self, batch: Batch) -> None:
        self._done(batch, bad_items(batch.items))

    def _collect(self, batch: Batch) -> None:
        assert batch.future is not None
        try:
            positions = batch.future.result()
        except Exception:  # a helper failed on it, or died: check it here
            with contextlib.suppress(Exception):
                self.close()
            positions = bad_items(batch.items)
        self._done(batch, positions)

    def _done(self, batch: Batch, positions: list[int]) -> None:
        batch.bad = frozenset(batch.to_check[i] for i in positions)
        self.checked += len(batch.items)
        batch.items = []
