"""Smoke-test a built factdesk executable: version, the sample case's claims, the bundled resources.

    python3 packaging/smoke.py dist/factdesk/factdesk

Runs offscreen from a scratch folder with a scratch FACTDESK_HOME, so it touches
neither the user's verdict log nor the working tree.  Exits 0 when every check
passes, 1 with a list of what failed otherwise.  Standard library only: it runs
with any Python 3.11+, no virtualenv needed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TIMEOUT = 300


def run(exe: Path, *args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=TIMEOUT, check=False)


def check_report(data: dict, seeds: Path) -> list[str]:
    """Problems with a `check --format json` report of the sample case ([] when it is right)."""
    problems = []
    if "rule-based" in str(data.get("model", "")) or not data.get("model"):
        problems.append(f"the spaCy model is not in the bundle (model: {data.get('model')!r})")
    articles = [a["file"] for a in data.get("articles", [])]
    expected = sorted(p.name for p in seeds.iterdir() if p.suffix == ".txt")
    if sorted(articles) != expected:
        problems.append(f"articles {articles} != {expected}")
    claims = data.get("claims", [])
    statuses = {c.get("status") for c in claims}
    for wanted in ("conflict", "hedged"):
        if wanted not in statuses:
            problems.append(f"no {wanted} claim in the report (statuses: {sorted(statuses)})")
    texts = {}
    for f in expected:
        with open(seeds / f, encoding="utf-8", newline="") as fh:
            texts[f] = fh.read()
    for c in claims:
        for m in c.get("mentions", []):
            content = texts.get(m["file"])
            if content is not None and content[m["start"]:m["end"]] != m["text"]:
                problems.append(f"{c['id']}: {m['file']}[{m['start']}:{m['end']}] is not {m['text']!r}")
                break
    return problems


def smoke(exe: Path) -> list[str]:
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="factdesk-smoke-") as tmp:
        scratch = Path(tmp)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FACTDESK_HOME": str(scratch / "home"),
               "PYTHONWARNINGS": "ignore"}
        env.pop("FACTDESK_DB", None)
        env.pop("PYTHONPATH", None)
        (scratch / "home").mkdir()

        version = run(exe, "--version", cwd=scratch, env=env)
        if version.returncode != 0 or "factdesk" not in version.stdout:
            problems.append(f"--version failed ({version.returncode}): {version.stdout}{version.stderr}")
        else:
            print(f"  {version.stdout.strip()}")

        started = time.monotonic()
        check = run(exe, "check", str(SEEDS), "--format", "json", cwd=scratch, env=env)
        took = time.monotonic() - started
        if check.returncode != 0:
            problems.append(f"check exited {check.returncode}: {check.stderr.strip()[-2000:]}")
        else:
            try:
                data = json.loads(check.stdout)
            except ValueError as exc:
                problems.append(f"check --format json printed no JSON ({exc}): {check.stdout[:300]!r}")
            else:
                problems += check_report(data, SEEDS)
                statuses: dict[str, int] = {}
                for c in data.get("claims", []):
                    statuses[c["status"]] = statuses.get(c["status"], 0) + 1
                print(f"  check seeds: {len(data.get('claims', []))} claims {statuses}, "
                      f"model {data.get('model')}, {took:.1f} s")
        if check.stderr.strip() and check.returncode == 0:
            print(f"  (stderr: {check.stderr.strip()[:500]})")

        if sys.platform.startswith("linux"):
            # no display: the window falls back to the report and the sheet PDF (Qt print support)
            display = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
            bare = {k: v for k, v in env.items() if k not in display}
            window = run(exe, cwd=scratch, env=bare)
            pdf = scratch / "sheet.pdf"
            if window.returncode != 0 or not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
                problems.append(f"without a display, factdesk did not write sheet.pdf ({window.returncode}): "
                                f"{window.stderr.strip()[-1000:]}")
            else:
                print(f"  no display: {window.stdout.strip().splitlines()[-1]}")

        # the window itself, offscreen: opens the sample case, shoots it, exits
        shot = scratch / "window.png"
        window = run(exe, "open", str(SEEDS), "--screenshot", str(shot), cwd=scratch, env=env)
        if window.returncode != 0 or not shot.is_file() or not shot.read_bytes().startswith(b"\x89PNG"):
            problems.append(f"the window did not open offscreen ({window.returncode}): "
                            f"{window.stderr.strip()[-1000:]}")
        else:
            print(f"  window: opened offscreen and saved a {shot.stat().st_size // 1024} KB screenshot")

        bundle = exe.resolve().parent
        for relative in ("resources/icons/factdesk.svg", "resources/icons/factdesk-256.png",
                         "resources/factdesk.desktop", "seeds/gold.json"):
            if not any((base / relative).exists() for base in (bundle, bundle / "_internal")):
                problems.append(f"{relative} is not in the bundle")
        for what, pattern in (("Qt's print support", "*QtPrintSupport*"),
                              ("Qt's SVG image plugin (the icon)", "*qsvg*"),
                              ("Qt's offscreen platform plugin", "*qoffscreen*")):
            if not any(bundle.rglob(pattern)):
                problems.append(f"{what} ({pattern}) is not in the bundle")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    exe = Path(argv[0]).resolve()
    if not exe.is_file():
        print(f"smoke: {exe} does not exist; build it with `make package`", file=sys.stderr)
        return 2
    print(f"smoke test of {exe}")
    problems = smoke(exe)
    for p in problems:
        print(f"  FAIL {p}", file=sys.stderr)
    print("smoke test passed" if not problems else f"smoke test failed: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
