"""Shared test setup. Qt runs offscreen so the GUI tests need no display."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="session")
def seed_analysis():
    """The bundled seed case, analysed once per test session (the analysis is frozen: never mutate)."""
    from factdesk.analysis import analyze
    from factdesk.case import load_case

    return analyze(load_case(SEEDS))


@pytest.fixture(scope="session")
def page_server():
    """A real HTTP server on 127.0.0.1 serving news pages and awkward answers (tests/page_server.py)."""
    from page_server import serve_pages

    with serve_pages() as server:
        yield server
