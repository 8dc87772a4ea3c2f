"""Child process for the reliability tests: ``writer_proc.py DB EDITOR COUNT [wait]``.

Records COUNT verdicts one by one and prints ``id fingerprint`` after each write
returns, i.e. once the verdict is acknowledged as stored. With ``wait`` it opens
the log, prints ``ready`` and waits for a line on stdin before writing, so
several writers can be started at the same moment.
"""

from __future__ import annotations

import sys

from factdesk.model import MentionSnapshot, Verdict, VerdictState
from factdesk.store import VerdictLog


def main() -> None:
    db, editor, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with VerdictLog(db, timeout=30.0) as log:
        if sys.argv[4:] == ["wait"]:
            print("ready", flush=True)
            sys.stdin.readline()
        for i in range(count):
            fingerprint = f"{editor}-{i}"
            stored = log.record(
                Verdict(
                    case="race",
                    fingerprint=fingerprint,
                    editor=editor,
                    verdict=VerdictState.DISPUTED,
                    note=f"note {i} " * 5,
                    snapshot=(MentionSnapshot("a.txt", i, i + 3, "125"),),
                )
            )
            print(stored.id, fingerprint, flush=True)


if __name__ == "__main__":
    main()
