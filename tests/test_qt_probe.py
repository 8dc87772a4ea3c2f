"""A missing Qt library is one line naming the package to install and exit status 2, never a SIGABRT."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factdesk.qt_probe import package_of, problem

REPO = Path(__file__).resolve().parents[1]
MISSING = "libxcb-factdesk-probe.so.7"  # provided, by the naming rule, by libxcb-factdesk-probe7
needs_linux_and_cc = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("cc") is None or shutil.which("ldd") is None,
    reason="builds a plugin needing a missing library with cc; Linux only")


def plugin_needing_a_missing_library(folder: Path) -> Path:
    """A real shared object, libqxcb.so, linked against a library that is then removed (a made-up name: the
    machine running the tests has the real xcb libraries)."""
    stub_dir = folder / "stub"
    stub_dir.mkdir()
    (folder / "stub.c").write_text("int xcb_cursor_stub(void) { return 0; }\n")
    (folder / "plugin.c").write_text("int xcb_cursor_stub(void);\nint plugin(void) { return xcb_cursor_stub(); }\n")
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(stub_dir / MISSING),
                    f"-Wl,-soname,{MISSING}", str(folder / "stub.c")], check=True)
    platforms = folder / "platforms"
    platforms.mkdir()
    plugin = platforms / "libqxcb.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(plugin), str(folder / "plugin.c"),
                    str(stub_dir / MISSING)], check=True)
    shutil.rmtree(stub_dir)
    return plugin


@needs_linux_and_cc
def test_the_probe_names_the_missing_library_and_its_package(tmp_path: Path, monkeypatch) -> None:
    plugin = plugin_needing_a_missing_library(tmp_path)
    monkeypatch.setenv("QT_QPA_PLATFORM_PLUGIN_PATH", str(plugin.parent))
    line = problem("xcb")
    assert line is not None and "\n" not in line
    assert MISSING in line and "sudo apt-get install libxcb-factdesk-probe7" in line


@needs_linux_and_cc
def test_open_with_a_missing_library_exits_2_with_one_line(tmp_path: Path) -> None:
    plugin = plugin_needing_a_missing_library(tmp_path)
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": ":99",
           "QT_QPA_PLATFORM_PLUGIN_PATH": str(plugin.parent), "FACTDESK_HOME": str(tmp_path / "home")}
    factdesk = Path(sys.executable).parent / "factdesk"
    result = subprocess.run([str(factdesk), "open", str(REPO / "seeds")], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2  # not -6 (SIGABRT)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert MISSING in lines[0] and "apt-get install libxcb-factdesk-probe7" in lines[0]


def test_the_installed_plugin_passes_the_probe() -> None:
    # this machine runs the GUI tests: whatever platform they use can load
    assert problem("offscreen") is None


def test_package_names_follow_debian() -> None:
    assert package_of("libxcb-cursor.so.0") == "libxcb-cursor0"
    assert package_of("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert package_of("libfoo.so.3") == "libfoo3"
