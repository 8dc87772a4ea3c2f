"""Help → About names the parse cache: where it is, how many articles, how much of its limit."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .conftest import SEEDS

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_CACHE_HOME is the Linux convention")


def test_about_shows_the_parse_cache_filled_by_opening_a_case(windows, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = tmp_path / "xdg" / "factdesk" / "parses"
    window = windows.new()
    assert window.show_about().values["Parse cache"].text() == f"{folder} (0 articles, 0.0 MB of 500.0 MB)"
    window.about_dialog.close()
    window = windows.open_and_wait([str(SEEDS)])  # the window's analysis fills the cache
    shown = window.show_about().values["Parse cache"].text()
    assert shown.startswith(f"{folder} (5 articles, ") and shown.endswith(" of 500.0 MB)")
    assert f"Parse cache: {folder}" in window.about_dialog.text()
