"""Verdict log speed with 100,000 signed verdicts: one write (p95), latest of a case, verify.

Targets (issue 5): write p95 < 5 ms, latest of a case < 50 ms, `log verify` < 2 s. Every verdict
is signed, as in a real log (``record_many`` signs with the editors' keys: made in a temporary
config folder here, never the user's). Verify is timed three ways: the first check of the log
(every signature, on every core), the same on one core (``FACTDESK_WORKERS=1``: what the helper
processes save), and a repeated check (the signatures the first found valid are not checked again:
:mod:`factdesk.store.memo`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from factdesk.model import MentionSnapshot, Verdict, VerdictState
from factdesk.store import VerdictLog
from factdesk.text.parallel import WORKERS_VARIABLE, worker_count

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


def timed_verify(log: VerdictLog, figures: dict[str, float], name: str, full: bool = False) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    report = log.verify(full=full)
    figures[f"{name}_s"] = time.perf_counter() - started
    figures[f"{name}_cpu_s"] = time.process_time() - cpu  # this process only, not the helpers
    figures[f"{name}_checked"] = report.checked_signatures
    assert report.ok, report
    figures["rows"], figures["signed"] = report.rows, report.signed


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
        timed_verify(log, figures, "verify_first")
        timed_verify(log, figures, "verify_again")
        workers = os.environ.get(WORKERS_VARIABLE)
        os.environ[WORKERS_VARIABLE] = "1"
        try:
            timed_verify(log, figures, "verify_one_core", full=True)
        finally:
            if workers is None:
                os.environ.pop(WORKERS_VARIABLE, None)
            else:
                os.environ[WORKERS_VARIABLE] = workers
    return figures


@contextlib.contextmanager
def private_folders() -> Iterator[Path]:
    """A temporary folder holding the config and cache folders meanwhile (never the user's): the
    editors' keys and the memo's secret, the verified-prefix memo (child processes inherit them)."""
    with tempfile.TemporaryDirectory(prefix="factdesk-bench-") as tmp:
        saved = {name: os.environ.get(name) for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME")}
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        try:
            yield Path(tmp)
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def main() -> None:
    with private_folders() as tmp:
        f = run(tmp)
    print(f"verdict log with {int(f['rows']):,} verdicts in {CASES} cases, {int(f['signed']):,} signed "
          f"(filled in {f['fill_s']:.1f} s)")
    lines = [
        ("open the log", f"{f['open_ms']:.1f} ms", ""),
        ("one verdict write, p95", f"{f['write_p95_ms']:.2f} ms", f"median {f['write_median_ms']:.2f}; < 5"),
        ("latest of a case", f"{f['latest_case_ms']:.1f} ms", f"max {f['latest_case_max_ms']:.1f}; < 50"),
        ("history of a case", f"{f['history_case_ms']:.1f} ms", f"{ROWS // CASES:,} verdicts"),
        ("log verify, first check", f"{f['verify_first_s']:.2f} s",
         f"{int(f['verify_first_checked']):,} signatures on {worker_count()} cores; cpu here "
         f"{f['verify_first_cpu_s']:.2f} s"),
        ("  the same on one core", f"{f['verify_one_core_s']:.2f} s",
         f"{int(f['verify_one_core_checked']):,} signatures; cpu {f['verify_one_core_cpu_s']:.2f} s"),
        ("log verify, again", f"{f['verify_again_s']:.2f} s",
         f"{int(f['verify_again_checked']):,} signatures checked; cpu {f['verify_again_cpu_s']:.2f} s; < 2 s"),
    ]
    for label, value, note in lines:
        print(f"  {label:<30}{value:>10}   {note}")
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
