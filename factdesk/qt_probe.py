"""Before the window: can Qt's platform plugin load? If not, one line that names what to install.

Qt aborts the process (SIGABRT, a core dump and a page of text) when its platform plugin cannot be
loaded, typically because a system library such as ``libxcb-cursor0`` is missing. The probe looks at
the plugin Qt is about to load (``QT_QPA_PLATFORM``, default ``xcb`` on Linux; found where Qt finds it,
``QT_QPA_PLATFORM_PLUGIN_PATH`` first) and asks the dynamic linker (``ldd``) which of its libraries are
missing. A few milliseconds; no Qt import. Linux only: elsewhere Qt ships what it needs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

# shared library -> the Debian/Ubuntu package that provides it
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0", "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0", "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1", "libX11.so.6": "libx11-6", "libxcb.so.1": "libxcb1",
    "libEGL.so.1": "libegl1", "libGL.so.1": "libgl1", "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1", "libfreetype.so.6": "libfreetype6", "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0", "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0", "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1", "libxcb-render.so.0": "libxcb-render0",
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.MULTILINE)


def platform_name() -> str:
    name = os.environ.get("QT_QPA_PLATFORM", "").split(":", 1)[0].split(";", 1)[0].strip()
    if name:
        return name
    return "wayland" if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY") else "xcb"


def plugin_file(platform: str) -> Path | None:
    """The platform plugin Qt would load, or None when it cannot be found (Qt then says so itself)."""
    folders = [Path(p) for p in os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep) if p]
    spec = find_spec("PySide6")
    if spec is not None and spec.origin:
        folders.append(Path(spec.origin).parent / "Qt" / "plugins" / "platforms")
    for folder in folders:
        candidate = folder / f"libq{platform}.so"
        if candidate.is_file():
            return candidate
    return None


def missing_libraries(plugin: Path) -> list[str]:
    """The shared libraries ``plugin`` needs that the dynamic linker cannot find ([] when ldd is unavailable)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return list(dict.fromkeys(_NOT_FOUND.findall(out)))


def package_of(library: str) -> str:
    if library in PACKAGES:
        return PACKAGES[library]
    stem, _, version = library.partition(".so")
    version = version.lstrip(".").split(".")[0]
    name = stem.lower()
    return f"{name}{'-' if name[-1:].isdigit() else ''}{version}" if version else name


def problem(platform: str | None = None) -> str | None:
    """One line naming the missing libraries and the apt command, or None when the plugin can load."""
    if not sys.platform.startswith("linux"):
        return None
    platform = platform or platform_name()
    plugin = plugin_file(platform)
    if plugin is None:
        return None
    missing = missing_libraries(plugin)
    if not missing:
        return None
    packages = " ".join(dict.fromkeys(package_of(lib) for lib in missing))
    return (f"factdesk: the window cannot open: Qt's {platform} platform plugin needs {', '.join(missing)}, "
            f"which {'is' if len(missing) == 1 else 'are'} not installed; on Debian or Ubuntu: "
            f"sudo apt-get install {packages}")
