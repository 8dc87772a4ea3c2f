"""Verdict log speed with 100,000 verdicts: one write (p95), latest of a case, full verify.

Targets (issue 5): write p95 < 5 ms, latest of a case < 50 ms, `log verify` < 2 s.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from factdesk.model import MentionSnapshot, Verdict, VerdictState
from factdesk.store import VerdictLog

ROWS = 100_000
CASES = 50  # 2,000 verdicts per case
EDITORS = ("ann", "bob", "chidi", "dana")
STATES = (VerdictState.VERIFIED, VerdictState.DISPUTED, VerdictState.UNRESOLVED, VerdictState.RETRACTED)
T0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def make_verdict(i: int) -> Verdict:
    return Verdict(
        case=f"case-{i % CASES:03d}",
        fingerprint=f"number|{(i // CASES) % 400}|a1.txt,a2.txt,a3.txt",
        editor=EDITORS[i % len(EDITORS)],
        verdict=STATES[(i // 7) % len(STATES)],
        note=f"checked against the agency release, item {i}",
        correct_value=str(125_000 + i),
        source="https://example.org/release",
        created=T0 + dt.timedelta(seconds=i),
        claim_id=f"c{i % 400}",
        snapshot=(
            MentionSnapshot("a1.txt", 410, 417, "125,000"),
            MentionSnapshot("a2.txt", 98, 110, "over 125,000"),
            MentionSnapshot("a3.txt", 1200, 1207, "125 000"),
        ),
    )


def fill(path: Path, rows: int = ROWS, batch: int = 5_000) -> float:
    started = time.perf_counter()
    with VerdictLog(path) as log:
        for start in range(0, rows, batch):
            log.record_many(make_verdict(i) for i in range(start, min(rows, start + batch)))
    return time.perf_counter() - started


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def run(folder: Path) -> dict[str, float]:
    path = folder / "bench.sqlite3"
    figures = {"fill_s": fill(path)}
    started = time.perf_counter()
    log = VerdictLog(path)
    figures["open_ms"] = (time.perf_counter() - started) * 1000
    with log:
        counter = iter(range(ROWS, ROWS + 10_000))
        writes = timed(lambda: log.record(make_verdict(next(counter))), 300)
        figures["write_p95_ms"] = p95(writes) * 1000
        figures["write_median_ms"] = statistics.median(writes) * 1000
        latest = timed(lambda: log.latest("case-007"), 20)
        figures["latest_case_ms"] = statistics.median(latest) * 1000
        figures["latest_case_max_ms"] = max(latest) * 1000
        figures["history_case_ms"] = statistics.median(timed(lambda: log.history("case-007"), 5)) * 1000
        started, cpu = time.perf_counter(), time.process_time()
        report = log.verify()
        figures["verify_s"] = time.perf_counter() - started
        figures["verify_cpu_s"] = time.process_time() - cpu
        assert report.ok, report
        figures["rows"] = report.rows
    return figures


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="factdesk-bench-") as tmp:
        f = run(Path(tmp))
    print(f"verdict log with {int(f['rows']):,} verdicts in {CASES} cases (filled in {f['fill_s']:.1f} s)")
    lines = [
        ("open the log", f"{f['open_ms']:.1f} ms", ""),
        ("one verdict write, p95", f"{f['write_p95_ms']:.2f} ms", f"median {f['write_median_ms']:.2f}; < 5"),
        ("latest of a case", f"{f['latest_case_ms']:.1f} ms", f"max {f['latest_case_max_ms']:.1f}; < 50"),
        ("history of a case", f"{f['history_case_ms']:.1f} ms", f"{ROWS // CASES:,} verdicts"),
        ("log verify", f"{f['verify_s']:.2f} s", f"cpu {f['verify_cpu_s']:.2f} s; < 2 s"),
    ]
    for label, value, note in lines:
        print(f"  {label:<28}{value:>10}   {note}")
    load, cpus = busy()
    if load > cpus / 2:
        print(f"  (load average {load:.1f} on {cpus} CPUs: other work inflates these figures)")


def busy() -> tuple[float, int]:
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        load = 0.0
    return load, os.cpu_count() or 1


if __name__ == "__main__":
    main()
