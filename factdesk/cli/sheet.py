"""`factdesk sheet` and `factdesk export`: the discrepancy sheet and its exports from the command line.

Thin commands over :mod:`factdesk.publish.sheet`, :mod:`factdesk.publish.exports` and, for PDF,
:mod:`factdesk.gui.printing` (imported only then; Qt runs offscreen, no display
needed). Problems are one-line messages: exit 2 for usage, 1 for failures.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from factdesk.cli.common import BadInput, UserError, open_case

# factdesk.publish.exports.FORMATS, spelt out: importing the exports (and through them the verdict
# log and sqlite-utils) here would slow the start of every command, `check` included
FORMATS = ("csv", "json", "claimreview")

PDF_SUFFIXES = (".pdf",)
HTML_SUFFIXES = (".html", ".htm")


def _sheet_data(case_dir: str, db: str | None, editor: str | None, include_agreeing: bool):
    """Analyse the case and read its verdicts (read-only; a missing log means none yet)."""
    from factdesk.analysis import analyze
    from factdesk.publish.sheet_data import SheetOptions, build, read_corrected, read_log_state, read_verdicts
    from factdesk.store import StoreError

    case = open_case(case_dir)
    try:
        verdicts = read_verdicts(case, db)
        log_state = read_log_state(db)
        analysis = read_corrected(analyze(case), db)  # the desk's corrections apply on the sheet too
    except StoreError as err:
        raise UserError(str(err)) from None
    if log_state is not None and not log_state.ok:
        click.echo(f"factdesk: warning: the verdict log is broken ({log_state.summary}); "
                   "the sheet says so — run `factdesk log verify`", err=True)
    options = SheetOptions(include_agreeing=include_agreeing, editor=editor)
    data = build(analysis, verdicts, options, log_state)
    if editor and editor not in data.editors:
        click.echo(f"factdesk: no verdicts by {editor} on this case", err=True)
    return data


def _check_folder(path: str) -> None:
    """Fail before the (slow) analysis when the output cannot be written there."""
    if path != "-" and not Path(path).expanduser().absolute().parent.is_dir():
        raise UserError(f"cannot write {path}: the folder {Path(path).parent} does not exist")


def _write_text(path: str, text: str) -> None:
    if path == "-":
        click.echo(text, nl=False)
        return
    try:
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    except OSError as err:
        raise UserError(f"cannot write {path}: {err.strerror or err}") from None


db_option = click.option("--db", type=click.Path(dir_okay=False), default=None,
                         help="Verdict log (default: $FACTDESK_DB, else $FACTDESK_HOME/factdesk.sqlite3, "
                              "else the user data folder's).")
editor_option = click.option("--editor", default=None, metavar="NAME", help="Only this editor's verdicts.")
agreeing_option = click.option("--include-agreeing", is_flag=True,
                               help="Also list the claims the articles agree on.")


@click.command()
@click.argument("case_dir", type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="sheet.pdf or sheet.html.")
@agreeing_option
@editor_option
@db_option
@click.option("--page-size", type=click.Choice(["A4", "Letter"], case_sensitive=False), default="A4",
              show_default=True, help="Paper size of the PDF.")
@click.option("--no-open-list", is_flag=True, help="Leave out the list of claims still without a verdict.")
@click.option("--title", default=None, metavar="TEXT",
              help="What the case is about, printed as the sheet's title (default: the first headline).")
def sheet(case_dir: str, output: str, include_agreeing: bool, editor: str | None, db: str | None,
          page_size: str, no_open_list: bool, title: str | None) -> None:
    """Print the discrepancy sheet of CASE_DIR to a PDF or HTML file."""
    from dataclasses import replace

    from factdesk.publish.sheet import case_title, render, when

    suffix = Path(output).suffix.lower()
    if suffix not in PDF_SUFFIXES + HTML_SUFFIXES:
        raise BadInput(f"cannot tell the format of {output}: name it .pdf or .html")
    _check_folder(output)
    data = _sheet_data(case_dir, db, editor, include_agreeing)
    if no_open_list:
        data = replace(data, options=replace(data.options, include_open=False))
    if title:
        data = replace(data, options=replace(data.options, case_title=title.strip()))
    printed = dt.datetime.now().astimezone()
    html = render(data, printed)
    if suffix in HTML_SUFFIXES:
        _write_text(output, html)
    else:
        pages = _write_pdf(html, output, page_size, f"{data.options.title} — {case_title(data)}",
                           f"printed {when(printed)}")
        click.echo(f"{output}: {pages} page{'s' if pages != 1 else ''}, {len(data.flagged)} flagged claims",
                   err=True)


def _write_pdf(html: str, output: str, page_size: str, title: str, note: str) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a CLI never needs a display
    try:
        from factdesk.gui.printing import PrintError, render_pdf
    except ImportError as err:
        raise UserError(f"writing PDF needs Qt (PySide6): {err}; write HTML instead with -o sheet.html") from None
    try:
        return render_pdf(html, output, page_size=page_size, title=title, note=note)
    except PrintError as err:
        raise UserError(str(err)) from None


@click.command()
@click.argument("case_dir", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="csv: one row per claim × article; json: the check contract plus verdicts; "
                   "claimreview: schema.org JSON-LD.")
@click.option("-o", "--output", default="-", show_default=True,
              type=click.Path(dir_okay=False, allow_dash=True), help="File to write ('-': standard output).")
@agreeing_option
@editor_option
@db_option
def export(case_dir: str, fmt: str, output: str, include_agreeing: bool, editor: str | None,
           db: str | None) -> None:
    """Export CASE_DIR's flagged claims with the editors' verdicts as CSV, JSON or ClaimReview."""
    from factdesk.publish.exports import export_text

    _check_folder(output)
    data = _sheet_data(case_dir, db, editor, include_agreeing)
    _write_text(output, export_text(data, fmt))
    if output != "-":
        click.echo(f"{output}: {len(data.entries)} claims", err=True)
