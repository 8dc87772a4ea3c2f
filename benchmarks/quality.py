"""`make quality`: the analysis scored on every annotated case, in-sample and cross-validated by cluster.

In-sample runs the shipped parameters (learned on all the cases) over all the cases; it
flatters.  Cross-validated splits the cases into folds of whole clusters (seeded), learns
the parameters on the other folds with the same procedure as ``make train`` and runs them
on the held-out fold: that figure predicts unseen news, and is the one to quote.
Both are scored by ../shared/corpus/score.py itself, on the `check --format json` output.

``python -m benchmarks.quality [--folds K] [--verbose] [--only in-sample|cv]``
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.corpus import SHARED, AnnotatedCase, load_all
from benchmarks.train import SEED, fit_linker
from factdesk.analysis import assemble
from factdesk.publish.report import to_json
from factdesk.text.linker import Linker, load_linker


def scorer():
    spec = importlib.util.spec_from_file_location("corpus_score", SHARED / "corpus" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def write_outputs(cases: Sequence[AnnotatedCase], linker_of: dict[str, Linker], out: Path) -> None:
    for ac in cases:
        analysis = assemble(ac.case, ac.found, linker=linker_of[ac.name])
        (out / f"{ac.name}.json").write_text(json.dumps(to_json(analysis)), encoding="utf-8")


def folds(cases: Sequence[AnnotatedCase], k: int) -> list[list[AnnotatedCase]]:
    order = sorted(cases, key=lambda c: c.name)
    random.Random(SEED).shuffle(order)
    return [order[i::k] for i in range(k)]


def score(cases: Sequence[AnnotatedCase], linker_of: dict[str, Linker], title: str, verbose: bool) -> None:
    print(f"\n=== {title} ===", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        write_outputs(cases, linker_of, Path(tmp))
        args = ["--output-dir", tmp, *(str(ac.folder) for ac in cases)]
        scorer().main([*args, "-v"] if verbose else args)
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.quality", description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=7, help="folds of whole clusters (default 7; 49 = leave one out)")
    parser.add_argument("--only", choices=("in-sample", "cv"))
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses, false alarms and noise")
    args = parser.parse_args(argv)
    cases = load_all()
    if args.only != "cv":
        shipped = load_linker()
        score(cases, {ac.name: shipped for ac in cases},
              f"IN-SAMPLE: shipped parameters ({shipped.name}, trained on {shipped.trained})", args.verbose)
    if args.only != "in-sample":
        linker_of: dict[str, Linker] = {}
        for held_out in folds(cases, args.folds):
            names = {ac.name for ac in held_out}
            linker = fit_linker([ac for ac in cases if ac.name not in names])
            linker_of.update({n: linker for n in names})
        score(cases, linker_of, f"CROSS-VALIDATED: {args.folds} folds of whole clusters, seed {SEED} "
              "(each case scored by parameters learned without it)", args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
