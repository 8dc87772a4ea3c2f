"""``python -m factdesk.case CASE...``: what is ignored in each article, to eyeball the boilerplate rules."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from factdesk.case.boilerplate import ignored_summary
from factdesk.case.folder import CaseError, load_case


def main(argv: Sequence[str] | None = None) -> int:
    for source in argv if argv is not None else sys.argv[1:]:
        try:
            case = load_case(source)
        except CaseError as err:
            print(f"{source}: {err}")
            continue
        for a in case.articles:
            chars, lines = ignored_summary(a.text, a.ignored)
            print(f"{case.name}/{a.file}: {chars} of {a.chars} chars, {lines} lines ignored")
            for s in a.ignored:
                preview = " ⏎ ".join(ln.strip() for ln in a.text[s.start : s.end].splitlines() if ln.strip())
                print(f"    {s.start:>6}-{s.end:<6} {s.reason:<24} {preview[:90]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
