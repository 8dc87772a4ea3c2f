"""The sheet laid out by hand: its markup read into paragraphs and tables, their texts laid out, rows built.

Also the page geometry (paper, content area, bands) and what pagination places on a page
(:class:`_Piece`, :class:`_Placed`), which :mod:`~factdesk.gui.printing.pages` and
:mod:`~factdesk.gui.printing.paint` share.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import (
    QColor,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QTextBlock,
    QTextDocument,
)

MARGINS_MM = (16.0, 20.0, 16.0, 18.0)  # left, top (header band), right, bottom (footer band)
BODY_POINTS = 9.0
RULE_COLOUR = "#8a8a8a"  # table rules, unless the table's style gives a border-color


# ----------------------------------------------------------------------------- page geometry


@dataclass(frozen=True)
class PageGeometry:
    """A page in device pixels: the paper, the content area, and where the header and footer go."""

    paper: QRectF
    content: QRectF
    dpi: int

    @classmethod
    def of(cls, device: QPagedPaintDevice, dpi: int) -> PageGeometry:
        layout = QPageLayout(device.pageLayout())
        paper = QRectF(layout.fullRectPixels(dpi))
        layout.setUnits(QPageLayout.Unit.Millimeter)
        minimum = layout.minimumMargins()  # the printer's unprintable edges
        sides = [max(m, getattr(minimum, side)())
                 for m, side in zip(MARGINS_MM, ("left", "top", "right", "bottom"), strict=True)]
        px = [s / 25.4 * dpi for s in sides]
        content = paper.adjusted(px[0], px[1], -px[2], -px[3])
        return cls(paper=paper, content=content, dpi=dpi)

    def mm(self, value: float) -> float:
        return value / 25.4 * self.dpi


# ----------------------------------------------------------------------------- the sheet laid out by hand: markup

# Qt lays a table out twice (once at unlimited width, to learn each column's minimum and maximum
# width), shapes its text a third time to paint it and draws four edges around every cell: for a long
# sheet that was most of the time printing took. So the sheet's own markup -- blocks of <h1>..<h6>,
# <p> and <table class="grid"> elements with inline content only (see factdesk.publish.sheet) -- is laid out
# here instead: the text of every paragraph and cell is one paragraph of a document shared by all
# texts of the same width, laid out once (each distinct text once) with its glyphs kept for
# painting; rows are stacked and paginated by this module and a table's rules drawn as lines.
# A block in other markup goes to QTextDocument whole.

_SCREEN_STYLE = re.compile(r"<style\s+media=[\"']?screen[\"']?\s*>.*?</style>", re.IGNORECASE | re.DOTALL)
_WRAPPER = re.compile(r"\s*<div\b[^>]*>(.*)</div>\s*", re.DOTALL | re.IGNORECASE)
_OPENING = re.compile(r"\s*<(h[1-6]|p|table)\b([^>]*)>")
_ROW_START = re.compile(r"\s*(?:</?(?:thead|tbody)>\s*)*<tr\b[^>]*>")
_TABLE_END = re.compile(r"\s*(?:</(?:thead|tbody)>\s*)*")
_BLOCK_TAGS = re.compile(r"</?(?:p|div|table|thead|tbody|tfoot|tr|td|th|h[1-6]|ul|ol|li|dl|dt|dd|hr|pre|"
                         r"blockquote|center)\b", re.IGNORECASE)
_NO_TEXT = re.compile(r"(?:\s|<[^>]*>)*")
_MAYBE_EMPTY = "< \t\r\n"  # first characters of a content that may show nothing
_BLANK = "<div>&nbsp;</div>"  # an empty cell's paragraph: laid out, never painted
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_DECLARATION = re.compile(r"([\w-]+)\s*:\s*([^;]+)")
_LENGTH = re.compile(r"\s*(-?\d+(?:\.\d+)?|-?\.\d+)\s*(pt|px|mm|em)?\s*$", re.IGNORECASE)
_HEADING_SIZE = {"h1": "18pt", "h2": "14pt", "h3": "12pt", "h4": "10pt", "h5": "9pt", "h6": "8pt"}
_DEFAULT_MARGINS = {"h1": (13.5, 9.0), "h2": (12.0, 9.0), "h3": (10.5, 9.0)}  # points; <p> and others 9, 9


class _Unsupported(Exception):
    """Markup the hand layout does not read: QTextDocument lays it out."""


def _attributes(text: str) -> dict[str, str]:
    return {name.lower(): a or b or c for name, a, b, c in _ATTRIBUTE.findall(text)}


def _declarations(style: str) -> dict[str, str]:
    return {d[1].lower(): d[2].strip() for d in _DECLARATION.finditer(style)}


def _points(value: str | None, default: float) -> float:
    """A CSS or HTML length in points (a bare number is pixels, 1/96 inch)."""
    m = _LENGTH.match(value) if value else None
    if not m:
        return default
    return float(m[1]) * {"pt": 1.0, "px": 0.75, "mm": 72 / 25.4, "em": BODY_POINTS}[(m[2] or "px").lower()]


def _block_of(content: str, align: str = "") -> str:
    """Inline ``content`` as one paragraph of a shared document (never empty: Qt would drop it)."""
    if not content:
        return _BLANK if align not in ("center", "right", "justify") else f'<div align="{align}">&nbsp;</div>'
    if content[0] in _MAYBE_EMPTY and _NO_TEXT.fullmatch(content):
        content += "&nbsp;"
    if align in ("center", "right", "justify"):
        return f'<div align="{align}">{content}</div>'
    return f"<div>{content}</div>"


@dataclass(eq=False)
class _Paragraph:
    block: str  # the paragraph's markup in a shared document
    margins: tuple[float, float]  # top, bottom in points
    heading: bool
    continued: bool = False  # heads only the further pages of its block (class="continued")


@dataclass(eq=False)
class _Table:
    rows: list[list[str]]  # each cell's markup in a shared document
    header_rows: int  # the first rows, repeated at the top of each page the table continues on
    widths: list[float]  # of the columns, fractions of the table's width
    border: float  # pixels (1/96 inch), 0: no rules
    padding: float  # pixels
    background: str | None  # of the whole table
    cell_backgrounds: dict[tuple[int, int], str]  # (row, column) -> colour
    rule_colour: str


def parse_block(html: str) -> list[_Paragraph | _Table]:
    """The elements of one sheet block, in the markup the hand layout reads (else :class:`_Unsupported`).

    That is the sheet's own: lower-case ``<h1>``..``<h6>``, ``<p>`` and ``<table class="grid">``
    elements one after the other (in a ``<div>``), paragraphs and cells holding inline markup only.
    """
    wrapped = _WRAPPER.fullmatch(html)
    body = wrapped[1] if wrapped else html
    if "\u2029" in body:  # a paragraph separator in a text would split its paragraph in two
        body = body.replace("\u2029", "\u2028")
    elements: list[_Paragraph | _Table] = []
    pos, end = 0, len(body.rstrip())
    while pos < end:
        m = _OPENING.match(body, pos)
        if not m:
            raise _Unsupported("markup other than paragraphs, headings and grid tables")
        tag, attributes = m[1], _attributes(m[2])
        close = body.find(f"</{tag}>", m.end())
        if close < 0:
            raise _Unsupported(f"<{tag}> without </{tag}>")
        content, pos = body[m.end():close], close + len(tag) + 3
        if tag == "table":
            elements.append(_parse_table(attributes, content))
            continue
        if _BLOCK_TAGS.search(content):
            raise _Unsupported("block-level markup inside a paragraph")
        style = attributes.get("style", "")
        declarations = _declarations(style)
        top, bottom = _DEFAULT_MARGINS.get(tag, (9.0, 9.0))
        heading = tag[0] == "h"
        font = f"font-weight: bold; font-size: {_HEADING_SIZE[tag]}; " if heading else ""
        if font or style:
            content = f'<span style="{font}{style}">{content}</span>'
        elements.append(_Paragraph(_block_of(content, attributes.get("align", "").lower()),
                                   (_points(declarations.get("margin-top"), top),
                                    _points(declarations.get("margin-bottom"), bottom)), heading,
                                   "continued" in attributes.get("class", "").split()))
    return elements


def _parse_table(attributes: dict[str, str], body: str) -> _Table:
    if "grid" not in attributes.get("class", "").split():
        raise _Unsupported("a table not of the sheet's grid class")
    if "<table" in body:
        raise _Unsupported("a table in a table")
    rows: list[list[str]] = []
    backgrounds: dict[tuple[int, int], str] = {}
    widths: list[float] | None = None
    header_rows = -1 if "</thead>" in body else 0
    chunks = body.split("</tr>")
    if not _TABLE_END.fullmatch(chunks.pop()):
        raise _Unsupported("markup after the table's rows")
    for chunk in chunks:
        start = _ROW_START.match(chunk)
        if not start:
            raise _Unsupported("markup between table rows")
        if header_rows < 0 and "</thead>" in chunk[:start.end()]:
            header_rows = len(rows)
        td, th = "</td>" in chunk, "</th>" in chunk
        if td and th:
            raise _Unsupported("a table row of both <td> and <th> cells")
        cells = chunk[start.end():].split("</td>" if td else "</th>")
        if cells.pop().strip():
            raise _Unsupported("a table row of mixed or unclosed cells")
        row: list[str] = []
        row_widths: list[float] = []
        for cell in cells:
            if cell.startswith("<td>"):  # the common case: a plain cell
                content = cell[4:]
                row.append(f"<div>{content}</div>" if content and content[0] not in _MAYBE_EMPTY else
                           _block_of(content))
                continue
            open_at = cell.find("<t")
            close_at = cell.find(">", open_at)
            if open_at < 0 or close_at < 0 or cell[:open_at].strip() or cell[open_at + 2] not in "dh":
                raise _Unsupported("a table row of other markup than cells")
            content, attribute_text = cell[close_at + 1:], cell[open_at + 3:close_at]
            if cell[open_at + 2] == "h":
                content = f"<b>{content}</b>"
            if not attribute_text or attribute_text.isspace():
                row.append(_block_of(content))
                continue
            a = _attributes(attribute_text)
            if "colspan" in a or "rowspan" in a:
                raise _Unsupported("a cell spanning columns or rows")
            if a.get("bgcolor"):
                backgrounds[len(rows), len(row)] = a["bgcolor"]
            if a.get("width", "").strip().endswith("%"):
                row_widths.append(float(a["width"].strip()[:-1] or 0))
            row.append(_block_of(content, a.get("align", "").lower()))
        if not row or (rows and len(row) != len(rows[0])):
            raise _Unsupported("table rows of different lengths")
        if widths is None and len(row_widths) == len(row) and sum(row_widths) > 0:
            widths = row_widths
        rows.append(row)
    if not rows:
        raise _Unsupported("a table without rows")
    if header_rows < 0:  # the head closes after its last row
        header_rows = len(rows)
    widths = widths or [1.0] * len(rows[0])
    style = _declarations(attributes.get("style", ""))
    return _Table(rows, header_rows if header_rows < len(rows) else 0, [w / sum(widths) for w in widths],
                  border=_points(attributes.get("border"), 0) / 0.75,
                  padding=_points(attributes.get("cellpadding"), 0.75) / 0.75,
                  background=attributes.get("bgcolor"), cell_backgrounds=backgrounds,
                  rule_colour=style.get("border-color") or attributes.get("bordercolor") or RULE_COLOUR)


# ----------------------------------------------------------------------------- the sheet laid out by hand: rows


class _SharedText:
    """The texts of one width: the paragraphs of one document, laid out once, glyphs kept for painting.

    A text the sheet repeats (an article's label in every claim, "= majority", a table's head, the
    wording most articles share) is laid out once and painted wherever it appears.

    Only QTextBlock values are kept, never a QTextLayout wrapper: PySide does not learn when the
    document deletes its layouts, and a wrapper outliving them could be handed out again for a new
    object at the same address.
    """

    def __init__(self, width: float):
        self.width = width
        self.markup: list[str] = []  # each text's paragraph
        self.index: dict[str, int] = {}  # paragraph -> its place in markup
        self.blocks: list[QTextBlock | None] = []  # None: an empty cell
        self.tops: list[float] = []  # of each text in the document
        self.heights: list[float] = []  # the room each text takes
        self.doc: QTextDocument | None = None

    def lay_out(self, device: QPagedPaintDevice, font: QFont) -> None:
        doc = self.doc = QTextDocument()
        doc.documentLayout().setPaintDevice(device)  # first, so fonts are measured on the device
        doc.setDefaultFont(font)
        doc.setDocumentMargin(0)
        doc.setUndoRedoEnabled(False)
        doc.setTextWidth(self.width)
        doc.setHtml("".join(self.markup))  # lays out the first lines; the rest waits for size()
        if doc.blockCount() != len(self.markup):
            raise _Unsupported("a text Qt reads as several paragraphs")
        blocks, layouts, block = self.blocks, [], doc.begin()
        for markup in self.markup:
            layout = block.layout()
            layout.setCacheEnabled(True)  # keep the glyphs once laid out: painting needs them again
            layouts.append(layout)
            blocks.append(block if markup is not _BLANK else None)  # nothing to paint in an empty cell
            block = block.next()
        end = doc.size().height()
        tops = self.tops = [layout.position().y() for layout in layouts]
        self.heights = [b - a for a, b in zip(tops, [*tops[1:], end], strict=True)]


@dataclass(eq=False)
class _Grid:
    """A table's rules: column edges (x from the content's left), line width (device pixels), colour."""

    edges: list[float]
    rule: float
    colour: QColor
    header: list[_Row]  # repeated at the top of each page the table continues on


class _Row:
    """A paragraph or a table row. ``texts`` are (block, dx, dy): drawn at the row's top left + (dx, dy)."""

    __slots__ = ("continued", "fills", "grid", "height", "keep", "margins", "texts")

    def __init__(self, height: float, texts: Sequence[tuple[QTextBlock | None, float, float]],
                 margins: tuple[float, float] = (0.0, 0.0), grid: _Grid | None = None, keep: bool = False,
                 fills: list[tuple[float, float, QColor]] | None = None, continued: bool = False):
        self.continued = continued  # printed only at the top of the further pages of its block
        self.height = height
        self.texts = texts
        self.margins = margins  # top, bottom: a paragraph's, collapsing like CSS margins
        self.grid = grid
        self.keep = keep  # on the page of the next row (headings, a table's head, a table's introduction)
        self.fills = fills or []  # backgrounds: x0, x1, colour


def _plan(elements: list[_Paragraph | _Table], width: float, px: float,
          shared: dict[float, _SharedText]) -> list[tuple]:
    """Every text of a block in the shared document of its width.

    One entry per element: (element, [(shared text, [text index per row], x) per column], column
    edges, inset of the text in its cell).
    """
    plan: list[tuple] = []
    for e in elements:
        if isinstance(e, _Paragraph):
            text = shared.get(width) or shared.setdefault(width, _SharedText(width))
            plan.append((e, [(text, [_add(text, e.block)], 0.0)], None, 0.0))
            continue
        edges = [0.0]
        for w in e.widths:
            edges.append(edges[-1] + w * width)
        edges[-1] = width
        inset = e.border * px / 2 + e.padding * px
        columns = []
        for c in range(len(e.widths)):
            key = round(edges[c + 1] - edges[c] - 2 * inset, 2)
            if key <= 0:
                raise _Unsupported("a column too narrow for its padding")
            text = shared.get(key) or shared.setdefault(key, _SharedText(key))
            index, markup, places = text.index, text.markup, []
            for row in e.rows:
                cell = row[c]
                i = index.get(cell)
                if i is None:
                    i = index[cell] = len(markup)
                    markup.append(cell)
                places.append(i)
            columns.append((text, places, edges[c] + inset))
        plan.append((e, columns, edges, inset))
    return plan


def _add(text: _SharedText, markup: str) -> int:
    i = text.index.get(markup)
    if i is None:
        i = text.index[markup] = len(text.markup)
        text.markup.append(markup)
    return i


def _rows(plan: list[tuple], px: float, pt: float) -> list[_Row]:
    """A block's rows, once the shared documents are laid out."""
    rows: list[_Row] = []
    for e, columns, edges, inset in plan:
        if isinstance(e, _Paragraph):
            ((text, (i,), _),) = columns
            rows.append(_Row(text.heights[i], [(text.blocks[i], 0.0, -text.tops[i])],
                             (e.margins[0] * pt, e.margins[1] * pt), keep=e.heading, continued=e.continued))
            continue
        grid = _Grid(edges, e.border * px, QColor(e.rule_colour), [])
        table_fill = (0.0, edges[-1], QColor(e.background)) if e.background else None
        if rows and rows[-1].grid is None:
            rows[-1].keep = True  # the paragraph introducing the table stays with it
        heights, drawn = [], []
        for text, places, x in columns:
            h, blocks, tops = text.heights, text.blocks, text.tops
            heights.append([h[i] for i in places])
            drawn.append([(blocks[i], x, inset - tops[i]) for i in places])
        row_heights = list(map(max, *heights)) if len(heights) > 1 else heights[0]
        # a table broken across pages shows its head and at least two rows on either side of the break
        body = len(row_heights) - e.header_rows
        kept = e.header_rows + (1 if body > 3 else 0)
        for r, (height, texts) in enumerate(zip(row_heights, zip(*drawn, strict=True), strict=True)):
            keep = r < kept or (body > 3 and r == len(row_heights) - 2)
            row = _Row(height + 2 * inset, texts, grid=grid, keep=keep)
            if table_fill:
                row.fills.append(table_fill)
            if e.cell_backgrounds:
                row.fills.extend((edges[c], edges[c + 1], QColor(colour))
                                 for (k, c), colour in e.cell_backgrounds.items() if k == r)
            if r < e.header_rows:
                grid.header.append(row)
            rows.append(row)
    return rows


# ----------------------------------------------------------------------------- pages



@dataclass(eq=False)
class _Piece:
    """A row, or the part ``start``..``end`` of it, at ``y`` on a page (y relative to the content area)."""

    row: _Row
    y: float
    start: float
    end: float


@dataclass
class _Placed:
    """A sheet block (or the part of it) on one page."""

    page: int
    y: float  # top on the page, relative to the content area
    height: float
    doc: QTextDocument | None = None  # a block QTextDocument lays out: the part of it shown
    offset: float = 0.0  # document y shown at that top
