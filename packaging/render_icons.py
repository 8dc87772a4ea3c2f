"""Render resources/icons/factdesk.svg to the PNG sizes (and .ico/.icns) with Qt's own SVG renderer.

Run after editing the SVG, then commit the images:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py

Writes ``resources/icons/factdesk-<N>.png`` for every size in ``SIZES``,
``factdesk.ico`` (Windows executable icon) and ``factdesk.icns`` (macOS).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "factdesk.svg"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def render(size: int):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {SVG} is not an SVG Qt can read")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt wants one
    for size in SIZES:
        out = ICONS / f"factdesk-{size}.png"
        if not render(size).save(str(out), "PNG"):
            raise SystemExit(f"render_icons: could not write {out}")
        print(f"wrote {out.relative_to(ICONS.parent.parent)}")
    big = render(256)
    for ext, fmt in (("ico", "ICO"), ("icns", "ICNS")):
        out = ICONS / f"factdesk.{ext}"
        if big.save(str(out), fmt):
            print(f"wrote {out.relative_to(ICONS.parent.parent)}")
        else:
            print(f"render_icons: Qt cannot write {fmt} here; {out.name} skipped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
