"""The shared log on PostgreSQL over loopback TCP: 10 writers at once, then `log verify` of 100,000 verdicts.

Targets (issue 17): write p95 < 20 ms with 10 writers; verify of 100,000 verdicts < 5 s.
The server is a throwaway one (initdb in a temp folder, fsync on, default settings).
Writers run twice: paced (each one verdict every 50 ms: 200 verdicts a second together, far
more than a newsroom types) and flat out (every writer in a tight loop). Writers queue on the
chain's head row until the one before has committed (fsync included), so flat out the p95 is
about ten commits: it measures the disk and the CPUs more than factdesk. Group commit does not
help: commit_delay=1000 / commit_siblings=2 measured flat-out p95 30.9 ms against 28.5 ms without
(one run each, shared machine), as the head-row lock never lets two verdicts' commits overlap.
"""

from __future__ import annotations

import multiprocessing
import statistics
import time

from benchmarks.bench_store import busy, make_verdict, p95
from benchmarks.pg_cluster import PgCluster, SharedDb
from factdesk.store.rows import content_of, normalise
from factdesk.store.server import ServerLog

WRITERS = 10
WRITES_EACH = 200
ROWS = 100_000


PACE_S = 0.05


def write_many(args: tuple[str, int, float]) -> list[float]:
    """One editor's process: WRITES_EACH verdicts, one transaction each; the time of each write."""
    url, writer, pause = args
    times = []
    with ServerLog(url) as log:
        for i in range(WRITES_EACH):
            v = make_verdict(writer * 1_000_000 + i)
            started = time.perf_counter()
            log.record(v)
            times.append(time.perf_counter() - started)
            if pause:
                time.sleep(pause)
    return times


def run(pg: PgCluster) -> dict[str, float]:
    db = SharedDb(pg, pg.create_log())
    ServerLog(db.owner).close()
    url = db.url("ann")
    figures: dict[str, float] = {}
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(WRITERS) as pool:
        pool.map(write_many, [(url, 100 + n, 0.0) for n in range(WRITERS)])  # warm up: imports, first connect
        for mode, pause, first in (("paced", PACE_S, 200), ("flat", 0.0, 300)):
            started = time.perf_counter()
            per_writer = pool.map(write_many, [(url, first + n, pause) for n in range(WRITERS)])
            figures[f"{mode}_s"] = time.perf_counter() - started
            times = [t for ts in per_writer for t in ts]
            figures[f"{mode}_p95_ms"] = p95(times) * 1000
            figures[f"{mode}_median_ms"] = statistics.median(times) * 1000
    figures["writes"] = WRITERS * WRITES_EACH
    with ServerLog(url) as log:
        have = log.count()
        contents = [content_of(normalise(make_verdict(i))) for i in range(ROWS - have)]
        started = time.perf_counter()
        log.import_contents(contents, "filling the benchmark log")
        figures["fill_s"] = time.perf_counter() - started
    with ServerLog(db.url("desk"), readonly=True) as reader:
        started = time.perf_counter()
        report = reader.verify()
        figures["verify_s"] = time.perf_counter() - started
    assert report.ok, report
    figures["rows"] = report.rows
    return figures


def main() -> None:
    with PgCluster(tcp=True, fast=False) as pg:
        f = run(pg)
    print(f"shared log on PostgreSQL over loopback TCP ({pg.bin.parts[-2]})")
    lines = [
        (f"{WRITERS} writers, paced, p95", f"{f['paced_p95_ms']:.2f} ms",
         f"median {f['paced_median_ms']:.2f}; {int(f['writes']):,} writes in {f['paced_s']:.1f} s; < 20"),
        (f"{WRITERS} writers, flat out, p95", f"{f['flat_p95_ms']:.2f} ms",
         f"median {f['flat_median_ms']:.2f}; {int(f['writes']):,} writes in {f['flat_s']:.1f} s"),
        ("log verify", f"{f['verify_s']:.2f} s", f"{int(f['rows']):,} verdicts (filled in {f['fill_s']:.1f} s); < 5 s"),
    ]
    for label, value, note in lines:
        print(f"  {label:<28}{value:>10}   {note}")
    load, cpus = busy()
    if load > cpus / 2:
        print(f"  (load average {load:.1f} on {cpus} CPUs: other work inflates these figures)")


if __name__ == "__main__":
    main()
