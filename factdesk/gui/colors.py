"""The status palette, for light and dark themes, and the markers that do not rely on colour.

Every status has a colour *and* a shape: conflict is a solid underline and a
round "✖" marker, hedged a dotted underline and a triangular "≈" marker, agree
a quiet dashed underline and a "✔".  The colours are chosen to read on both a
light and a dark window background.
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
    underline_style: str  # solid | dot | dash
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
        Status.CONFLICT: StatusStyle("✖", "#c62828", "#ffd5d2", "#c62828", "solid", "#ff8f85", "#ff6f61"),
        Status.HEDGED: StatusStyle("≈", "#b36200", "#ffe7b0", "#b36200", "dot", "#ffc54d", "#ffb020"),
        Status.AGREE: StatusStyle("✔", "#2e7d32", None, "#7f95ab", "dash", "#c9dcf5", "#a9c6ee"),
        Status.SINGLE: StatusStyle("·", "#757575", None, "#9e9e9e", "dash", "#e0e0e0", "#d0d0d0"),
    },
    ignored="#a0a0a0",
    muted="#66707a",
    pending="#8a5a00",
    stale="#8a5a00",
    verdict={VerdictState.VERIFIED: "#2e7d32", VerdictState.DISPUTED: "#c62828",
             VerdictState.UNRESOLVED: "#5c6bc0", VerdictState.RETRACTED: "#757575"},
    banner={"error": ("#fde0dc", "#7f1d1d"), "warning": ("#fff1c7", "#6b4a00"),
            "info": ("#e3f0ff", "#123c69")},
)

DARK = Theme(
    dark=True,
    status={
        Status.CONFLICT: StatusStyle("✖", "#ff6b6b", "#5e2426", "#ff6b6b", "solid", "#9c2f33", "#c43c42"),
        Status.HEDGED: StatusStyle("≈", "#ffb547", "#55400f", "#ffb547", "dot", "#8a6312", "#a87812"),
        Status.AGREE: StatusStyle("✔", "#66bb6a", None, "#8fa9c8", "dash", "#2f4a6e", "#3d5f8c"),
        Status.SINGLE: StatusStyle("·", "#9e9e9e", None, "#8a8a8a", "dash", "#3a3a3a", "#4a4a4a"),
    },
    ignored="#6e6e6e",
    muted="#a0a8b0",
    pending="#ffcc66",
    stale="#ffcc66",
    verdict={VerdictState.VERIFIED: "#81c784", VerdictState.DISPUTED: "#ff8a80",
             VerdictState.UNRESOLVED: "#9fa8da", VerdictState.RETRACTED: "#9e9e9e"},
    banner={"error": ("#5e2426", "#ffdada"), "warning": ("#55400f", "#ffe8b0"),
            "info": ("#1e3a5f", "#dcebff")},
)

UNDERLINE_STYLES = {
    "solid": Qt.PenStyle.SolidLine,
    "dot": Qt.PenStyle.DotLine,
    "dash": Qt.PenStyle.DashLine,
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
    pen = QPen(QColor(st.underline), 2, UNDERLINE_STYLES[st.underline_style])
    p.setPen(pen)
    p.drawLine(1, height - 2, width - 2, height - 2)
    p.end()
    return pix
