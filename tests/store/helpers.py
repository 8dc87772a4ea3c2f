"""Shared bits for the store tests: verdict factory, child processes, unprivileged runs."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factdesk.model import MentionSnapshot, Verdict, VerdictState

REPO = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("writer_proc.py")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def verdict(
    fingerprint: str = "fp-1",
    editor: str = "ann",
    state: VerdictState | str = VerdictState.VERIFIED,
    case: str = "case-a",
    created: dt.datetime | None = None,
    **kw: object,
) -> Verdict:
    extra: dict = dict(kw)
    if created is not None:
        extra["created"] = created
    extra.setdefault("snapshot", (MentionSnapshot("a1.txt", 10, 17, "125,000"),))
    return Verdict(case=case, fingerprint=fingerprint, editor=editor, verdict=VerdictState(state), **extra)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def start_writer(db: Path, editor: str, count: int, wait: bool = False) -> subprocess.Popen[str]:
    """A process that records ``count`` verdicts and prints ``id fingerprint`` after each one is stored.

    With ``wait`` it prints ``ready`` once the log is open and starts on a line on its stdin.
    """
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(db), editor, str(count), *(["wait"] if wait else [])],
        stdin=subprocess.PIPE if wait else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
        cwd=REPO,
    )


def run_python(code: str, *args: str, unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter.

    ``unprivileged``: when the tests run as root, file permissions do not bind root,
    so the child runs without the capabilities that bypass them (via ``setpriv``).
    """
    prefix: list[str] = []
    if unprivileged and IS_ROOT:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot make file permissions bind")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
    return subprocess.run(
        [*prefix, sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO,
        timeout=60,
    )
