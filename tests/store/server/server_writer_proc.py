"""Child process for the shared-log tests: ``server_writer_proc.py URL LOCAL EDITOR COUNT [wait] [pause] [cases=N]``.

Records COUNT verdicts one by one through the offline-first log and prints
``server|local fingerprint`` after each write returns. ``wait``: prints ``ready``
once the log is open and starts on a line on stdin. ``pause``: 20 ms between verdicts.
``cases=N``: the verdicts go round N cases (``race-0``...), else all to the case ``race``.
"""

from __future__ import annotations

import sys
import time

from factdesk.model import MentionSnapshot, Verdict, VerdictState
from factdesk.store import open_log


def main() -> None:
    url, local, editor, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    cases = next((int(a.removeprefix("cases=")) for a in sys.argv[5:] if a.startswith("cases=")), 0)
    with open_log(url, local_path=local, timeout=30.0) as log:
        if "wait" in sys.argv[5:]:
            print("ready", flush=True)
            sys.stdin.readline()
        for i in range(count):
            fingerprint = f"{editor}-{i}"
            log.record(
                Verdict(
                    case=f"race-{i % cases}" if cases else "race",
                    fingerprint=fingerprint,
                    editor=editor,
                    verdict=VerdictState.DISPUTED,
                    note=f"note {i}",
                    snapshot=(MentionSnapshot("a.txt", i, i + 3, "125"),),
                )
            )
            where = "local" if getattr(log, "last_write_offline", False) else "server"
            print(where, fingerprint, flush=True)
            if "pause" in sys.argv[5:]:
                time.sleep(0.02)


if __name__ == "__main__":
    main()
