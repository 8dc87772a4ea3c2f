"""`python -m benchmarks [NAME...]`: run every ``benchmarks/bench_*.py`` module's ``main()``.

With names (``store``, ``bench_store``) only those run. Each gets a heading; a
benchmark that fails is reported and the others still run (exit status 1).
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover() -> list[str]:
    return sorted(p.stem for p in HERE.glob("bench_*.py"))


def main(argv: list[str] | None = None) -> int:
    wanted = {n if n.startswith("bench_") else f"bench_{n}" for n in (argv or [])}
    names = [n for n in discover() if not wanted or n in wanted]
    unknown = wanted - set(names)
    if unknown:
        have = ", ".join(discover())
        print(f"no such benchmark: {', '.join(sorted(unknown))} (have: {have})", file=sys.stderr)
        return 2
    failed = 0
    for name in names:
        print(f"== {name.removeprefix('bench_')} ==", flush=True)
        started = time.perf_counter()
        try:
            importlib.import_module(f"benchmarks.{name}").main()
        except Exception:
            failed += 1
            traceback.print_exc()
        print(f"   ({time.perf_counter() - started:.1f} s)\n", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
