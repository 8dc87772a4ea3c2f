"""Child process for the pending-file test: ``pending_window_proc.py DB EDITOR FINGERPRINT``.

A window's verdict book records one verdict while the log is locked (so it stays
pending on disk), prints ``pending`` and waits for a line on stdin, then exits
without closing (as a crash would) — or is killed before that.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from factdesk.gui.verdicts import VerdictBook
from factdesk.model import MentionSnapshot, Verdict, VerdictState


def main() -> None:
    db, editor, fingerprint = sys.argv[1], sys.argv[2], sys.argv[3]
    book = VerdictBook(Path(db))
    problem = book.record(Verdict("race", fingerprint, editor, VerdictState.DISPUTED,
                                  snapshot=(MentionSnapshot("a.txt", 0, 3, "125"),)))
    print("pending" if problem and book.pending else f"unexpected: {problem!r}", flush=True)
    sys.stdin.readline()
    os._exit(0)


if __name__ == "__main__":
    main()
