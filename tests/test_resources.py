"""resources/: the icon (SVG and PNG sizes), the .desktop file, and the path helper that finds them."""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from factdesk import resources
from factdesk.resources import (
    ICON_SIZES,
    icon_files,
    icon_path,
    resource_path,
    resources_dir,
    sample_case_dir,
)

REPO = Path(__file__).resolve().parents[1]
RESOURCES = REPO / "resources"
DESKTOP = RESOURCES / "factdesk.desktop"


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", head[16:24])


# -- the icon -------------------------------------------------------------------------------


def test_svg_icon_is_square_svg() -> None:
    root = ET.parse(RESOURCES / "icons" / "factdesk.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256"


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_icon_sizes(size: int) -> None:
    path = RESOURCES / "icons" / f"factdesk-{size}.png"
    assert png_size(path) == (size, size)


def test_windows_and_macos_icons_exist() -> None:
    assert (RESOURCES / "icons" / "factdesk.ico").stat().st_size > 0
    assert (RESOURCES / "icons" / "factdesk.icns").stat().st_size > 0


def test_qt_renders_the_svg_like_the_committed_png(qapp) -> None:  # type: ignore[no-untyped-def]
    """The PNGs come from the SVG (packaging/render_icons.py): re-render one and compare."""
    pytest.importorskip("PySide6.QtSvg")
    from PySide6.QtGui import QImage

    sys.path.insert(0, str(REPO / "packaging"))
    try:
        import render_icons
    finally:
        sys.path.pop(0)
    argb = QImage.Format.Format_ARGB32
    fresh = render_icons.render(64).convertToFormat(argb)
    committed = QImage(str(RESOURCES / "icons" / "factdesk-64.png")).convertToFormat(argb)
    assert (committed.width(), committed.height()) == (64, 64)
    pixels = [(x, y) for y in range(64) for x in range(64)]

    def far(x: int, y: int) -> bool:
        ours, theirs = fresh.pixelColor(x, y).getRgb(), committed.pixelColor(x, y).getRgb()
        return max(abs(a - b) for a, b in zip(ours, theirs, strict=True)) > 24

    assert sum(far(x, y) for x, y in pixels) < len(pixels) // 50, \
        "the PNGs are older than the SVG: run packaging/render_icons.py"
    opaque = sum(fresh.pixelColor(x, y).alpha() > 200 for x, y in pixels)
    assert len(pixels) // 4 < opaque < len(pixels) * 9 // 10, "the icon fills its square"


# -- the .desktop file ----------------------------------------------------------------------


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_launches_factdesk_with_its_icon() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "factdesk"
    assert entry["Exec"].split()[0] == "factdesk"
    assert entry["Icon"] == "factdesk"  # the installed theme icon name (packaging/install-desktop.sh)
    assert entry["Terminal"] == "false"
    assert "Office" in entry["Categories"].split(";")
    # the window's QApplication::setDesktopFileName must match this file's name
    assert DESKTOP.stem == entry["StartupWMClass"] == "factdesk"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate not installed (apt-get install desktop-file-utils)")
def test_desktop_file_is_valid() -> None:
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


# -- the path helper --------------------------------------------------------------------------


def test_helper_finds_the_checkout_resources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTDESK_RESOURCES", raising=False)
    assert resources_dir() == RESOURCES
    assert icon_path() == RESOURCES / "icons" / "factdesk.svg"
    assert icon_path(256) == RESOURCES / "icons" / "factdesk-256.png"
    assert icon_path(100) is None
    assert resource_path("factdesk.desktop") == DESKTOP
    assert resource_path("no-such-file") is None
    assert [p.name for p in icon_files()] == [f"factdesk-{s}.png" for s in ICON_SIZES] + ["factdesk.svg"]
    seeds = sample_case_dir()
    assert seeds == REPO / "seeds" and any(seeds.glob("*.txt"))


def test_helper_prefers_the_pyinstaller_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FACTDESK_RESOURCES", raising=False)
    (tmp_path / "resources" / "icons").mkdir(parents=True)
    (tmp_path / "resources" / "icons" / "factdesk.svg").write_text("<svg/>")
    (tmp_path / "seeds").mkdir()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == tmp_path / "resources"
    assert icon_path() == tmp_path / "resources" / "icons" / "factdesk.svg"
    assert icon_path(64) is None
    assert sample_case_dir() == tmp_path / "seeds"


def test_environment_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "icons").mkdir()
    monkeypatch.setenv("FACTDESK_RESOURCES", str(tmp_path))
    assert resources_dir() == tmp_path
    assert resource_path("factdesk.desktop") is None


def test_missing_resources_are_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(resources, "_roots", lambda: [tmp_path])
    monkeypatch.delenv("FACTDESK_RESOURCES", raising=False)
    with pytest.raises(FileNotFoundError, match="FACTDESK_RESOURCES"):
        resources_dir()
    assert icon_path() is None
    assert icon_files() == []
    assert sample_case_dir() is None


def test_helper_does_not_import_qt() -> None:
    code = "import sys, factdesk.resources as r; r.icon_path(); print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "False"
