"""Analysis speed and memory: the seed case cold, analysis against spaCy alone, growth with articles.

Targets (analysis issue): seed case cold (process start to JSON) < 3 s; analysis time / spaCy parsing
the same chunks <= 1.5; peak memory < 500 MB; time growing linearly with the number of articles.
Prints figures, asserts nothing.  Run with ``python -m benchmarks analysis``.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SIZES = (10, 25, 50)

# names the perturbation may misspell, as outlets do
NAME_SLIPS = {
    "Zuckerberg": ("Zuckerburg", "Zuckerberg"),
    "Dorsey": ("Dorsy", "Dorsey"),
    "Vocativ": ("Vocative", "Vocativ"),
    "Döpfner": ("Dopfner", "Döpfner"),
    "Caliphate": ("Khilafah", "Caliphate"),
}
HEDGES = ("", "over ", "more than ", "about ", "at least ", "nearly ")
_FIGURE = re.compile(r"(?<![\w.,])(?:over |more than |at least )?(\d{1,3}(?:,\d{3})+|\d{2,3})(?![\w,.]\d)")


def factdesk_exe() -> str:
    here = Path(sys.executable).parent / "factdesk"
    return str(here if here.exists() else ROOT / ".venv" / "bin" / "factdesk")


def timed(fn: Callable[[], object], repeat: int = 1) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


# --- a corpus-like generated case ------------------------------------------------------------------------


def _perturb(text: str, rng: random.Random) -> str:
    """One more outlet's version of a seed article: some figures, hedges and names changed."""

    def figure(m: re.Match[str]) -> str:
        number = m.group(1)
        roll = rng.random()
        if roll < 0.6:
            return m.group(0)  # most outlets copy the figure
        if roll < 0.8:
            return rng.choice(HEDGES) + number
        value = int(number.replace(",", "")) * rng.choice((0.8, 0.9, 1.1, 1.25, 2))
        return f"{round(value):,}" if "," in number else str(round(value))

    text = _FIGURE.sub(figure, text)
    for name, spellings in NAME_SLIPS.items():
        if name in text and rng.random() < 0.2:
            text = text.replace(name, spellings[0], 1)
    if rng.random() < 0.3:
        text = text.replace("two weeks ago", rng.choice(("three weeks ago", "last month", "in February")), 1)
    return text


def generated_case(folder: Path, n: int, seed: int = 1) -> Path:
    """Write ``n`` articles: the seed articles in turn, each copy perturbed differently."""
    rng = random.Random(seed)
    seeds = sorted(SEEDS.glob("0*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        src = seeds[i % len(seeds)]
        text = src.read_text(encoding="utf-8")
        out = text if i < len(seeds) else _perturb(text, rng)
        (folder / f"{i:03d}_{src.stem.split('_')[1][:6]}.txt").write_text(out, encoding="utf-8")
    return folder


# --- measurements ------------------------------------------------------------------------------------------


def cold_seed_case(repeat: int = 3) -> tuple[float, int]:
    """Best wall time of `factdesk check seeds --format json` from process start to JSON, and its claims."""
    cmd = [factdesk_exe(), "check", "seeds", "--format", "json"]

    def once() -> subprocess.CompletedProcess[str]:
        with tempfile.TemporaryDirectory(prefix="factdesk-bench-xdg-") as empty:  # cold: an empty parse cache
            return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True,
                                  env=dict(os.environ, XDG_CACHE_HOME=empty))

    best, proc = timed(once, repeat)
    return best, len(json.loads(proc.stdout)["claims"])  # type: ignore[union-attr]


def analysis_vs_spacy(case_dir: Path, repeat: int) -> dict[str, float]:
    """Seconds for analyze() (warm model) and for nlp.pipe alone over the very same chunks.

    The analysis is also split by its progress reports: parsing, finding mentions, aligning.
    """
    from factdesk.analysis import analyze
    from factdesk.case import load_case
    from factdesk.text.pipeline import load_pipeline, split_chunks

    nlp = load_pipeline().nlp
    case = load_case(case_dir)
    pieces = [piece for a in case.articles
              for _, piece in split_chunks(a.text, [(s.start, s.end) for s in a.ignored])]
    first: dict[str, float] = {}
    last: dict[str, float] = {}
    phases: dict[str, float] = {}

    def progress(_fraction: float, what: str) -> None:
        now = time.perf_counter()
        first.setdefault(what, now)
        last[what] = now

    def run_analysis():
        first.clear()
        last.clear()
        started = time.perf_counter()
        result = analyze(case, progress=progress, cache=False)  # every article parsed: the parse cache aside
        ended = time.perf_counter()
        parsed = last.get("reading the articles", started)
        aligning = first.get("lining up the claims", parsed)
        candidate = {"parse": parsed - started, "mentions": aligning - parsed, "align": ended - aligning}
        if not phases or sum(candidate.values()) < sum(phases.values()):
            phases.update(candidate)
        return result

    workers = os.environ.get("FACTDESK_WORKERS")
    os.environ["FACTDESK_WORKERS"] = "1"  # one process, as spaCy alone below (bench_cache compares two cores)
    try:
        t_analysis, analysis = timed(run_analysis, repeat)
    finally:
        if workers is None:
            os.environ.pop("FACTDESK_WORKERS", None)
        else:
            os.environ["FACTDESK_WORKERS"] = workers
    t_spacy, _ = timed(lambda: list(nlp.pipe(pieces, batch_size=32)), repeat)
    return {
        "articles": len(case.articles),
        "chars": sum(a.chars for a in case.articles),
        "claims": len(analysis.claims),  # type: ignore[union-attr]
        "analysis": t_analysis,
        "spacy": t_spacy,
        **phases,
    }


_PEAK_OF_SELF = """
import resource, sys, time
t = time.perf_counter()
from factdesk.cli import main
try:
    main(['check', sys.argv[1], '--format', 'json'])
except SystemExit:
    pass
seconds = time.perf_counter() - t
try:  # high-water mark of this process's own memory (ru_maxrss may carry the parent's across vfork+exec)
    with open('/proc/self/status') as f:
        kb = next(int(ln.split()[1]) for ln in f if ln.startswith('VmHWM:'))
except OSError:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
sys.stderr.write(f'{seconds} {kb}')
"""


def cold_check_peak_mb(case_dir: Path) -> tuple[float, float]:
    """Wall time and peak memory of one `factdesk check CASE --format json` process."""
    with tempfile.TemporaryDirectory(prefix="factdesk-bench-xdg-") as empty:  # cold: an empty parse cache
        proc = subprocess.run([sys.executable, "-c", _PEAK_OF_SELF, str(case_dir)], capture_output=True, text=True,
                              check=True, env=dict(os.environ, XDG_CACHE_HOME=empty))
    seconds, kb = proc.stderr.strip().split()[-2:]
    return float(seconds), int(kb) / 1024


def peak_rss_mb() -> float:
    """This process's peak resident memory (resource.getrusage ru_maxrss)."""
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def main() -> None:
    started = time.perf_counter()
    cold, n_claims = cold_seed_case()
    print(f"seed case cold, process start to JSON (best of 3): {cold:.2f} s  [target < 3 s]  {n_claims} claims",
          flush=True)

    from factdesk.text.pipeline import load_pipeline

    t_load, _ = timed(load_pipeline)
    print(f"language model load (in-process, first use): {t_load:.2f} s", flush=True)

    rows = [("seeds", analysis_vs_spacy(SEEDS, repeat=3))]
    with tempfile.TemporaryDirectory(prefix="factdesk-bench-") as tmp:
        for n in SIZES:
            folder = generated_case(Path(tmp) / f"case{n}", n)
            rows.append((f"generated {n}", analysis_vs_spacy(folder, repeat=2)))
        memory = [(label, *cold_check_peak_mb(path)) for label, path in
                  (("seeds", SEEDS), *((f"generated {n}", Path(tmp) / f"case{n}") for n in SIZES))]
    print("\ncase          articles   chars claims analysis  spaCy alone ratio | parse mentions  align | per article"
          "   [target ratio <= 1.3]")
    for label, r in rows:
        ratio = r["analysis"] / r["spacy"] if r["spacy"] else float("nan")
        per_article = r["analysis"] / r["articles"]
        print(f"{label:<13} {r['articles']:>8} {r['chars']:>7} {r['claims']:>6} {r['analysis']:>7.2f} s"
              f" {r['spacy']:>10.2f} s {ratio:>5.2f} | {r['parse']:>5.2f} {r['mentions']:>8.2f} {r['align']:>6.2f}"
              f" | {per_article:>9.3f} s")
    growth = [r for label, r in rows if label.startswith("generated")]
    if len(growth) >= 2:
        a, b = growth[0], growth[-1]
        t_x, n_x = b["analysis"] / a["analysis"], b["articles"] / a["articles"]
        print(f"\ngrowth {a['articles']} -> {b['articles']} articles: time x{t_x:.2f} for x{n_x:.1f} articles "
              f"(time growth / article growth = {t_x / n_x:.2f}; 1.0 is linear)")
        for phase in ("parse", "mentions", "align"):
            print(f"  {phase:<8} x{b[phase] / a[phase] if a[phase] else float('nan'):.2f}")
    print()
    for label, seconds, mb in memory:
        print(f"`factdesk check` on {label}, one process: {seconds:.2f} s, peak memory {mb:.0f} MB"
              f"  [target < 500 MB]")
    print(f"peak memory of this benchmark process (every case above in turn): {peak_rss_mb():.0f} MB")
    print(f"(benchmark took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
