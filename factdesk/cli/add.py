"""`factdesk add`: add an article to a case folder from a URL, a file or standard input.

A thin command over :mod:`factdesk.case.adding`; whatever goes wrong is one line and
leaves the case folder as it was.
"""

from __future__ import annotations

import sys

import click

from factdesk.cli.common import BadInput, UserError


@click.command()
@click.argument("case_dir", type=click.Path())
@click.option("--url", metavar="URL", help="Fetch this web page; its bytes are archived in the case.")
@click.option("--file", "path", type=click.Path(dir_okay=False), help="Copy this article file into the case.")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read the article's text from standard input.")
@click.option("--outlet", metavar="NAME", default="", help="Who published it (else the page's site name).")
@click.option("--format", "fmt", type=click.Choice(["txt", "md", "html"]), default="txt", show_default=True,
              help="What standard input holds.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds to wait for the server.")
def add(case_dir: str, url: str | None, path: str | None, from_stdin: bool, outlet: str, fmt: str,
        timeout: float) -> None:
    """Add one article to CASE_DIR from --url, --file or --stdin, with its outlet in case.toml."""
    from factdesk.case.adding import AddError, add_file, add_from_url, add_text

    if sum(bool(x) for x in (url, path, from_stdin)) != 1:
        raise BadInput("give exactly one of --url, --file or --stdin")
    try:
        if url:
            added = add_from_url(case_dir, url, outlet, timeout=timeout)
        elif path:
            added = add_file(case_dir, path, outlet)
        else:
            data = sys.stdin.buffer.read()
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise UserError("standard input is not UTF-8 text; nothing was added") from None
            added = add_text(case_dir, text, outlet=outlet, source_format=fmt)
    except AddError as err:
        raise UserError(str(err)) from None
    a = added.article
    who = outlet or a.outlet
    click.echo(f"added {added.file}" + (f" ({who})" if who else "") + f": “{a.title or '(no title)'}”, "
               f"{len(a.text.split()):,} words" + (f"; page archived as {added.archive}" if added.archive else ""))
