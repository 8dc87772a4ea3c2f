"""Where factdesk's resource files are: icons, the .desktop file, the stylesheet, the sample case.

No Qt import, so the CLI and the packaging tests can use it.  The same calls work
from a source checkout (``<repo>/resources``, ``<repo>/seeds``) and from the
PyInstaller bundle (``sys._MEIPASS/resources``, ``sys._MEIPASS/seeds``);
``$FACTDESK_RESOURCES`` points somewhere else (packagers installing under
``/usr/share``).

    >>> from factdesk.resources import icon_path
    >>> icon_path().name
    'factdesk.svg'
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)


def _roots() -> list[Path]:
    """Folders that may hold ``resources/`` and ``seeds/``, most specific first."""
    roots: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle))  # PyInstaller bundle
    roots.append(Path(__file__).resolve().parent.parent)  # source checkout / editable install
    roots.append(Path(sys.prefix) / "share" / "factdesk")  # installed by a packager
    return roots


def resources_dir() -> Path:
    """The resources folder; raises FileNotFoundError when this build has none."""
    env = os.environ.get("FACTDESK_RESOURCES", "").strip()
    candidates = [Path(env).expanduser()] if env else []
    candidates += [root / "resources" for root in _roots()]
    for candidate in candidates:
        if (candidate / "icons").is_dir():
            return candidate
    raise FileNotFoundError("factdesk's resources folder was not found (set FACTDESK_RESOURCES to it)")


def resource_path(name: str) -> Path | None:
    """``resources/<name>`` if it exists (e.g. ``"factdesk.qss"``, ``"icons/factdesk-64.png"``), else None."""
    try:
        path = resources_dir() / name
    except FileNotFoundError:
        return None
    return path if path.exists() else None


def icon_path(size: int | None = None) -> Path | None:
    """The application icon: the SVG (``size=None``) or the PNG of one of ``ICON_SIZES``."""
    return resource_path("icons/factdesk.svg" if size is None else f"icons/factdesk-{size}.png")


def icon_files() -> list[Path]:
    """Every icon file to give a QIcon: the PNG sizes, then the SVG (crisp at any size)."""
    files = [icon_path(s) for s in ICON_SIZES] + [icon_path()]
    return [f for f in files if f is not None]


def sample_case_dir() -> Path | None:
    """The bundled sample case (``seeds/``), or None when this build has none."""
    for root in _roots():
        candidate = root / "seeds"
        if candidate.is_dir():
            return candidate
    return None
