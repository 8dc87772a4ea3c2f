"""Pathological articles (issue 15, item 7): time and memory of `factdesk check` on hostile cases.

Each case is one hostile file next to a normal article, then fifty 1 MB hostile files together
(target: within 60 s and 1 GB, with a warning naming what was cut). Each run is a real process of
this checkout's code (``PYTHONPATH``) with an empty parse cache (``XDG_CACHE_HOME`` in a temporary
folder), measured by GNU time (`/usr/bin/time -v`): wall clock and peak resident memory
of the biggest process, and (sampled from /proc) the peak of all its processes together.
Prints figures, asserts nothing: ``python -m benchmarks runaway``.

Last measured (December 2026, 2 cores shared with other work, load average 1.3-1.9; seconds, MB of
the biggest process, MB of all processes):

    1 MB of Related blocks       14.5 s   450 MB   445 MB
    50 KB of '"'                  2.6 s   201 MB   198 MB
    a 2 MB single line           12.6 s   450 MB   424 MB
    a 5 MB article               13.8 s   474 MB   465 MB
    50 x 1 MB hostile files      33.3 s   425 MB   501 MB   (42 s at load 2.5; before: 124 s, 1,948 MB, 1,924 MB)

The fifty files: reading 16 s -> 2 s (junk looked for in each article's head only), alignment
1.9 million pairs -> 144,000 (a budget of pairs per article), parsing the 600,000 characters of
the case's budget on both cores is the rest.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FACTDESK = Path(sys.executable).with_name("factdesk")
NORMAL = "Title\n\nThe mayor said 1,200 people came to the meeting on Tuesday, March 3, 2020.\n"
_WORDS = ["the", "mayor", "said", "that", "1,200", "people", "came", "to", "the", "meeting", "on",
          "Tuesday", "March", "3,", "2020", "and", '"we', "are", 'glad"', "Smith", "added"]


def related_blocks(size: int) -> str:
    block = ("Related\nThe council met on Tuesday and agreed to spend the money on roads. It was long.\n"
             "The mayor said 12 people came. Nobody else spoke at the meeting.\n\n")
    return "Title\n\n" + block * (size // len(block))


def quotes(size: int) -> str:
    return '"' * size + "\n"


def one_line(size: int) -> str:
    rng = random.Random(1)
    return " ".join(rng.choice(_WORDS) for _ in range(size // 6))[:size]


def paragraphs(size: int) -> str:
    rng = random.Random(2)
    parts, total = ["Big title\n\n"], 0
    while total < size:
        para = " ".join(rng.choice(_WORDS) for _ in range(60)) + ".\n\n"
        parts.append(para)
        total += len(para)
    return "".join(parts)


def measure(case: Path) -> tuple[float, float, float, str]:
    """(seconds, peak MB of the biggest process, peak MB of all of them, the warnings line) of
    `factdesk check CASE`, parsing every article afresh."""
    with tempfile.TemporaryDirectory() as cache:
        path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
        env = {**os.environ, "PYTHONPATH": path, "XDG_CACHE_HOME": cache}
        out, err = Path(cache) / "stdout", Path(cache) / "stderr"
        with out.open("w") as stdout_file, err.open("w") as stderr_file:
            proc = subprocess.Popen(["/usr/bin/time", "-v", str(FACTDESK), "check", str(case), "--format", "text"],
                                    stdout=stdout_file, stderr=stderr_file, env=env)
            together, started = 0.0, time.monotonic()
            while proc.poll() is None and time.monotonic() - started < 1800:
                together = max(together, tree_pss_mb(proc.pid))  # helpers share the model's pages: PSS
                time.sleep(0.2)
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        stdout, stderr = out.read_text(), err.read_text()
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", stderr)
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    seconds = 0.0
    if wall:
        hours, minutes, secs = wall.groups()
        seconds = int(hours or 0) * 3600 + int(minutes) * 60 + float(secs)
    warned = [ln.strip() for ln in stdout.splitlines() if "warning" in ln.lower()]
    return seconds, int(peak.group(1)) / 1024 if peak else 0.0, together, (warned[0][:110] if warned else "")


def tree_pss_mb(root: int) -> float:
    """The proportional set size of process ``root`` and all its descendants, in MB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
        total += int(found.group(1)) if found else 0
    return total / 1024


def main() -> None:
    cases: list[tuple[str, Callable[[int], str], int, int]] = [
        ("1 MB of Related blocks", related_blocks, 1_000_000, 1),
        ("50 KB of '\"'", quotes, 50_000, 1),
        ("a 2 MB single line", one_line, 2_000_000, 1),
        ("a 5 MB article", paragraphs, 5_000_000, 1),
        ("50 x 1 MB hostile files", lambda n: "", 1_000_000, 50),
    ]
    makers = (related_blocks, quotes, one_line, paragraphs)
    with tempfile.TemporaryDirectory() as tmp:
        for label, make, size, count in cases:
            case = Path(tmp) / f"case{cases.index((label, make, size, count))}"
            case.mkdir()
            (case / "normal.txt").write_text(NORMAL, encoding="utf-8")
            for i in range(count):
                maker = make if count == 1 else makers[i % len(makers)]
                (case / f"hostile{i:02}.txt").write_text(maker(size), encoding="utf-8")
            seconds, peak, together, warned = measure(case)
            print(f"{label:26} {seconds:6.1f} s {peak:7.0f} MB ({together:5.0f} MB in all)   {warned}", flush=True)


if __name__ == "__main__":
    main()
