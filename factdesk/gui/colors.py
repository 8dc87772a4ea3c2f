"""The status palette, for light and dark themes, and the markers that do not rely on colour.

The colours come from the Okabe–Ito palette, which stays distinct for the common colour-vision
deficiencies: conflict is vermillion, hedged blue, agree bluish green (warm against cool, light
against dark; ``tests/gui/test_colors.py`` measures it under simulated deuteranopia, protanopia and
tritanopia). Every status also has a shape that is not colour: conflict is a solid underline and a
round "✖" marker, hedged a wavy underline and a triangular "≈" marker, agree a dashed underline
and a "✔" (shown only with View → Show agreeing mentions).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap

from factdesk.model import Status, VerdictState


@dataclass(frozen=True)
class StatusStyle:
    mark: str  # a glyph that names the status without colour
    marker: str  # icon / legend colour
    background: str | None  # highlight behind a mention (None: underline only)
    underline: str
    underline_style: str  # solid | wave | dash
    current: str  # background of the mentions of the selected claim
    diff: str  # background of the differing words of a quotation


@dataclass(frozen=True)
class Theme:
    dark: bool
    status: dict[Status, StatusStyle]
    ignored: str  # foreground of dimmed boilerplate
    muted: str  # secondary text (headers, "does not state")
    pending: str  # verdicts not yet written
    stale: str
    verdict: dict[VerdictState, str]
    banner: dict[str, tuple[str, str]]  # level -> (background, foreground)

    def style(self, status: Status) -> StatusStyle:
        return self.status[status]


LIGHT = Theme(
    dark=False,
    status={
        Status.CONFLICT: StatusStyle("✖", "#d55e00", "#f6c3a3", "#b34f00", "solid", "#ee9a66", "#e07a3a"),
        Status.HEDGED: StatusStyle("≈", "#0072b2", "#c4e2f7", "#0072b2", "wave", "#8cc8ef", "#5fb0e6"),
        Status.AGREE: StatusStyle("✔", "#009e73", None, "#009e73", "dash", "#bfe8dc", "#93d8c4"),
        Status.SINGLE: StatusStyle("·", "#757575", None, "#9e9e9e", "dash", "#e0e0e0", "#d0d0d0"),
    },
    ignored="#a0a0a0",
    muted="#66707a",
    pending="#8a5a00",
    stale="#8a5a00",
    verdict={VerdictState.VERIFIED: "#007a58", VerdictState.DISPUTED: "#b34f00",
             VerdictState.UNRESOLVED: "#5c6bc0", VerdictState.RETRACTED: "#757575"},
    banner={"error": ("#fde0dc", "#7f1d1d"), "warning": ("#fff1c7", "#6b4a00"),
            "info": ("#e3f0ff", "#123c69")},
)

DARK = Theme(
    dark=True,
    status={
        Status.CONFLICT: StatusStyle("✖", "#ff8a3d", "#6e3512", "#ff8a3d", "solid", "#a4481a", "#c65a22"),
        Status.HEDGED: StatusStyle("≈", "#56b4e9", "#173f5c", "#56b4e9", "wave", "#1f6591", "#2a7db3"),
        Status.AGREE: StatusStyle("✔", "#009e73", None, "#2dbb8c", "dash", "#1e5646", "#28705b"),
        Status.SINGLE: StatusStyle("·", "#9e9e9e", None, "#8a8a8a", "dash", "#3a3a3a", "#4a4a4a"),
    },
    ignored="#6e6e6e",
    muted="#a0a8b0",
    pending="#ffcc66",
    stale="#ffcc66",
    verdict={VerdictState.VERIFIED: "#3fcf9f", VerdictState.DISPUTED: "#ff8a3d",
             VerdictState.UNRESOLVED: "#9fa8da", VerdictState.RETRACTED: "#9e9e9e"},
    banner={"error": ("#5e2426", "#ffdada"), "warning": ("#55400f", "#ffe8b0"),
            "info": ("#1e3a5f", "#dcebff")},
)

UNDERLINE_STYLES = {
    "solid": Qt.PenStyle.SolidLine,
    "dot": Qt.PenStyle.DotLine,
    "dash": Qt.PenStyle.DashLine,
    "wave": Qt.PenStyle.SolidLine,  # drawn as a zigzag by swatch_pixmap
}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def theme_for(palette: QPalette) -> Theme:
    return DARK if is_dark(palette) else LIGHT


def status_icon(status: Status, theme: Theme, size: int = 16) -> QIcon:
    """A marker that tells statuses apart by shape as well as colour."""
    return QIcon(status_pixmap(status, theme, size))


def status_pixmap(status: Status, theme: Theme, size: int = 16) -> QPixmap:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = QColor(theme.style(status).marker)
    m = size * 0.08
    box = QRectF(m, m, size - 2 * m, size - 2 * m)
    white = QPen(QColor("white"), max(1.5, size / 8), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    if status is Status.CONFLICT:  # filled disc with a cross
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        p.drawEllipse(box)
        p.setPen(white)
        d = size * 0.28
        c = box.center()
        p.drawLine(QPointF(c.x() - d, c.y() - d), QPointF(c.x() + d, c.y() + d))
        p.drawLine(QPointF(c.x() - d, c.y() + d), QPointF(c.x() + d, c.y() - d))
    elif status is Status.HEDGED:  # triangle with a tilde
        path = QPainterPath()
        path.moveTo(box.center().x(), box.top())
        path.lineTo(box.right(), box.bottom())
        path.lineTo(box.left(), box.bottom())
        path.closeSubpath()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        p.drawPath(path)
        p.setPen(QPen(QColor("white")))
        f = QFont()
        f.setPixelSize(int(size * 0.62))
        f.setBold(True)
        p.setFont(f)
        p.drawText(box.adjusted(0, size * 0.22, 0, 0), Qt.AlignmentFlag.AlignCenter, "≈")
    elif status is Status.AGREE:  # check mark
        p.setPen(QPen(color, max(1.8, size / 7), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawPolyline([QPointF(size * 0.2, size * 0.55), QPointF(size * 0.42, size * 0.78),
                        QPointF(size * 0.82, size * 0.25)])
    else:  # small dot
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        r = size * 0.18
        p.drawEllipse(box.center(), r, r)
    p.end()
    return pix


def swatch_pixmap(status: Status, theme: Theme, width: int = 34, height: int = 16) -> QPixmap:
    """A small sample of how a mention of ``status`` looks in the article panes (legend)."""
    st = theme.style(status)
    pix = QPixmap(width, height)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    if st.background:
        p.fillRect(0, 1, width, height - 4, QColor(st.background))
    pen = QPen(QColor(st.underline), 2 if st.underline_style != "wave" else 1.5,
               UNDERLINE_STYLES[st.underline_style])
    p.setPen(pen)
    if st.underline_style == "wave":
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.drawPolyline([QPointF(x, height - (1 if (x // 3) % 2 else 4)) for x in range(1, width - 1, 3)])
    else:
        p.drawLine(1, height - 2, width - 2, height - 2)
    p.end()
    return pix
