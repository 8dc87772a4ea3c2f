"""The shape of the code: no import circle at run time, no module over 600 lines."""

from __future__ import annotations

from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]


def test_no_module_imports_itself_back_at_run_time() -> None:
    graph = grimp.build_graph("factdesk", exclude_type_checking_imports=True)
    circles = sorted(
        (m, n) for m in graph.modules for n in graph.find_modules_directly_imported_by(m)
        if graph.chain_exists(importer=n, imported=m))
    assert circles == []


def test_every_module_stays_under_600_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "factdesk").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert long == {}
