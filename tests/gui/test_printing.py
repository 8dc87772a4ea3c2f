"""The sheet on paper: PDF pages (A4, Letter), page headers and numbers, page breaks, printer errors."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt

from factdesk.cli import cli
from factdesk.publish.sheet import BLOCK_MARK, sheet_html

if str(Path(__file__).resolve().parents[1]) not in sys.path:  # tests/, for the shared sheet_support
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sheet_support import SEEDS, accounts_claim, made_up_analysis, seeds_analysis, words

pytest.importorskip("PySide6.QtPrintSupport")

from PySide6.QtGui import QPageSize, QPdfWriter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

from factdesk.gui.printing import (
    PrintError,
    SheetPages,
    ensure_app,
    preview_dialog,
    print_to,
    render_pdf,
)

PRINTED = dt.datetime(2026, 5, 10, 14, 32, tzinfo=dt.UTC)
TITLE = "Discrepancy sheet — seeds"


def pdftotext(pdf: Path, page: int | None = None) -> str:
    """The PDF's text (poppler's pdftotext), whitespace collapsed."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    pages = ["-f", str(page), "-l", str(page)] if page else []
    command = ["pdftotext", "-enc", "UTF-8", *pages, str(pdf), "-"]
    out = subprocess.run(command, capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def pdf_pages(pdf: Path) -> tuple[int, str]:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo is not installed (apt-get install poppler-utils)")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    return int(fields["Pages"]), fields["Page size"].strip()


@pytest.fixture(scope="module")
def seeds_sheet() -> str:
    return sheet_html(seeds_analysis(), printed=PRINTED)


def test_pdf_holds_the_claim_summaries_and_page_numbers(qapp, tmp_path: Path, seeds_sheet: str) -> None:
    pdf = tmp_path / "sheet.pdf"
    pages = render_pdf(seeds_sheet, pdf, title=TITLE, note="printed 2026-05-10 14:32")
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    assert not list(tmp_path.glob(".*.part"))
    count, size = pdf_pages(pdf)
    assert count == pages >= 2
    assert size.startswith("595")  # A4 is 595 x 842 pt
    text = pdftotext(pdf)
    for claim in seeds_analysis().flagged:
        assert words(claim.summary) in text
    for page in range(1, count + 1):
        on_page = pdftotext(pdf, page)
        assert f"Page {page} of {count}" in on_page
        assert TITLE in on_page  # the case name on every page


def test_letter_paper(qapp, tmp_path: Path, seeds_sheet: str) -> None:
    pdf = tmp_path / "letter.pdf"
    render_pdf(seeds_sheet, pdf, page_size="Letter", title=TITLE)
    assert pdf_pages(pdf)[1].startswith("612 x 792")
    assert words(accounts_claim(seeds_analysis()).summary) in pdftotext(pdf)


def _pages(html: str, size: QPageSize.PageSizeId = QPageSize.PageSizeId.A4) -> SheetPages:
    writer = QPdfWriter(str(Path("/dev/null")))
    writer.setResolution(300)
    writer.setPageSize(QPageSize(size))
    return SheetPages(html, writer, 300)


def test_a_claim_is_split_only_at_a_page_break_and_continues_under_its_head(qapp, seeds_sheet: str) -> None:
    blocks = seeds_sheet.count(BLOCK_MARK)
    for size in (QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter):
        pages = _pages(seeds_sheet, size)
        assert pages.hand_laid == blocks  # the sheet's own markup: the fast layout
        height = pages.geometry.content.height()
        # a block is split only where a page ends: at most one more piece than blocks per page break
        assert blocks <= len(pages.placed) <= blocks + pages.page_count - 1
        for placed in pages.placed:
            assert placed.y + placed.height <= height + 0.5


def test_a_long_claim_table_breaks_between_rows_and_repeats_its_head(qapp, tmp_path: Path) -> None:
    analysis = made_up_analysis(90, lambda i: f"{1000 + i} people")  # 90 rows: more than two pages
    pdf = tmp_path / "long-claim.pdf"
    count = render_pdf(sheet_html(analysis, printed=PRINTED), pdf, title=TITLE)
    pages = [pdftotext(pdf, n) for n in range(1, count + 1)]
    rows = [f"outlet-{i:03d} O\ufb03cials said {1000 + i} people #0." for i in range(90)]
    table_pages = [text for text in pages if any(row in text for row in rows)]
    assert len(table_pages) >= 3
    for text in table_pages:
        assert "Outlet Wording, in its sentence" in text and "Compared" in text  # the head on each page
        assert sum(row in text for row in rows) >= 2  # never a row alone
    for row in rows:  # every row whole, on one page
        assert sum(row in text for text in table_pages) == 1, row


def test_a_wording_taller_than_a_page_breaks_between_lines(qapp, tmp_path: Path) -> None:
    quote = " ".join(f"w{n:04d}" for n in range(2500))  # one cell of ~120 lines
    analysis = made_up_analysis(2, lambda i: f"{quote} {i}")
    pdf = tmp_path / "long-wording.pdf"
    count = render_pdf(sheet_html(analysis, printed=PRINTED), pdf, title=TITLE)
    assert count >= 3
    text = pdftotext(pdf)
    for n in range(2500):  # no line lost or printed twice at a break: each word once in each row
        assert text.count(f"w{n:04d} ") == 2, n
    assert "Most common wording: none" in text and f"Page {count} of {count}" in text


def test_rows_kept_together_never_end_a_page(qapp) -> None:
    analysis = made_up_analysis(12, lambda i: f"{500 + i % 3} people", claims=30)
    pages = _pages(sheet_html(analysis, printed=PRINTED))
    assert pages.page_count >= 5
    for page in pages._pieces[:-1]:  # a heading, a table's head or introduction is never last on a page
        assert not page[-1].row.keep


def test_other_markup_is_laid_out_by_qt(qapp, tmp_path: Path) -> None:
    grid = '<table class="grid" border="1"><tr><td width="50%">left</td><td width="50%">right</td></tr></table>'
    html = (f"<html><body>{BLOCK_MARK}<p>a paragraph</p>{grid}{BLOCK_MARK}<ul><li>a list</li></ul>"
            f"{BLOCK_MARK}<p>after</p></body></html>")
    pages = _pages(html)
    assert pages.hand_laid == 2  # the list goes to QTextDocument, the rest is laid out by hand
    pdf = tmp_path / "mixed.pdf"
    render_pdf(html, pdf, title="mixed")
    assert "a paragraph left right a list after" in pdftotext(pdf)
    # a cell Qt reads as two paragraphs: the whole sheet is laid out by Qt (slower, still right)
    split = html.replace("<td width=\"50%\">left</td>", "<td width=\"50%\"><p>le</p><p>ft</p></td>")
    assert _pages(split).hand_laid == 0
    render_pdf(split, pdf, title="split")
    text = pdftotext(pdf)
    assert all(words in text for words in ("a paragraph", "le", "ft", "right", "a list", "after"))


def test_a_claim_taller_than_a_page_flows_over_pages(qapp, tmp_path: Path) -> None:
    rows = "".join(f"<tr><td>article {i}</td><td>wording {i}</td></tr>" for i in range(400))
    html = f"<html><body>{BLOCK_MARK}<p>before</p>{BLOCK_MARK}<table border='1'><thead><tr><th>Article</th>" \
           f"<th>Wording</th></tr></thead>{rows}</table>{BLOCK_MARK}<p>after the long table</p></body></html>"
    pdf = tmp_path / "long.pdf"
    count = render_pdf(html, pdf, title="long")
    assert count >= 4
    text = pdftotext(pdf)
    assert "wording 0 " in text and "wording 399" in text and "after the long table" in text
    assert f"Page {count} of {count}" in text


def test_script_in_an_article_prints_as_text(qapp, tmp_path: Path) -> None:
    from factdesk.analysis import analyze
    from factdesk.case import load_case

    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "a1.txt").write_text("<script>alert(1)</script> Fire\n\nThe fire destroyed 40 homes.\n")
    (folder / "a2.txt").write_text("Fire in town\n\nThe fire destroyed 45 homes.\n")
    pdf = tmp_path / "x.pdf"
    render_pdf(sheet_html(analyze(load_case(folder))), pdf, title="x")
    assert "<script>alert(1)</script> Fire" in pdftotext(pdf)


def test_sheet_command_writes_a_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTDESK_HOME", str(tmp_path))
    pdf = tmp_path / "sheet.pdf"
    result = CliRunner().invoke(cli, ["sheet", str(SEEDS), "-o", str(pdf), "--page-size", "letter"])
    assert result.exit_code == 0, result.output
    assert "pages" in result.output
    assert pdf_pages(pdf)[1].startswith("612")
    assert not (tmp_path / "factdesk.sqlite3").exists()


def test_unwritable_pdf_is_a_clear_error(qapp, tmp_path: Path) -> None:
    with pytest.raises(PrintError, match="does not exist"):
        render_pdf("<p>x</p>", tmp_path / "missing" / "x.pdf")
    with pytest.raises(ValueError, match="A4 or Letter"):
        render_pdf("<p>x</p>", tmp_path / "x.pdf", page_size="A5")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as root: folder permissions are not enforced")
        with pytest.raises(PrintError, match="cannot"):
            render_pdf("<p>x</p>", locked / "x.pdf")
    finally:
        locked.chmod(0o700)


def test_failed_printer_is_reported_not_crashed(qapp, tmp_path: Path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "no such folder" / "out.pdf"))
    with pytest.raises(PrintError, match=r"cannot print to .*out\.pdf"):
        print_to(printer, "<p>hello</p>", "t")


def test_printer_honours_the_page_range(qapp, tmp_path: Path, seeds_sheet: str) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "range.pdf"))
    printer.setFromTo(2, 2)
    total = print_to(printer, seeds_sheet, TITLE)
    assert pdf_pages(tmp_path / "range.pdf")[0] == 1
    assert f"Page 2 of {total}" in pdftotext(tmp_path / "range.pdf")


def test_print_preview_paints_the_pages(qtbot, seeds_sheet: str) -> None:
    dialog = preview_dialog(None, seeds_sheet, TITLE)
    qtbot.addWidget(dialog)
    dialog.show()
    widget = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: widget.pageCount() >= 2, timeout=10_000)
    assert dialog.print_errors == []
    # it opens maximised, the page as wide as the window (not a small window at half size)
    assert dialog.windowState() & Qt.WindowState.WindowMaximized
    assert widget.zoomMode() == QPrintPreviewWidget.ZoomMode.FitToWidth
    dialog.reject()


def test_many_qt_calls_do_not_kill_none(qapp) -> None:
    """PySide6 6.12 on Python 3.11 drops a reference to None per void call; printing must survive that."""
    from PySide6.QtGui import QTextDocument

    ensure_app()  # the printing entry points protect None first
    if sys.version_info < (3, 12):
        assert sys.getrefcount(None) > 1 << 30
    doc = QTextDocument()
    for _ in range(20_000):
        doc.setDocumentMargin(0)


def test_the_signed_sheet_continues_blocks_and_gives_times_with_their_offset(qapp, tmp_path: Path) -> None:
    """What an editor-in-chief signs: a sign-off block, every time with its UTC offset, no "outlier" or
    "majority" without a verdict, and a long claim that continues on the next page under a
    "(continued)" head instead of leaving the page before it mostly blank."""
    from factdesk.gui.printing.pages import ROOM_WORTH_USING

    analysis = made_up_analysis(40, lambda i: f"{1000 + i % 3} people", claims=3)
    html = sheet_html(analysis, printed=PRINTED)
    pdf = tmp_path / "signed.pdf"
    count = render_pdf(html, pdf, title=TITLE)
    pages = [pdftotext(pdf, n) for n in range(1, count + 1)]
    text = " ".join(pages)
    for word in ("Sign-o\ufb00", "Checked by", "Approved by", "Decision", "publish", "hold", "correct", "Date"):
        assert word in pages[-1], word
    assert "2026-05-10" in text and re.search(r"\d\d:\d\d UTC[+-]\d\d:\d\d", text)
    assert "outlier" not in text.lower() and "majority" not in text.lower()
    assert "Most common wording" in text
    continued = [n for n, page in enumerate(pages) if "(continued)" in page]
    assert continued, "a claim block longer than the room left continues on the next page"
    # no page ends mostly blank because the next block did not fit
    sheet = _pages(html)
    height = sheet.geometry.content.height()
    for page in range(sheet.page_count - 1):
        used = max(p.y + p.height for p in sheet.placed if p.page == page)
        assert used >= height * (1 - ROOM_WORTH_USING - 0.02), f"page {page + 1} is only {used / height:.0%} used"
