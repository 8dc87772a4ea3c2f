"""`factdesk check | sheet | export | verdict | log | open`: thin commands over the library.

Each command is a few lines over a documented function; errors become a one-line
message and exit status 2 (usage) or 1 (failure), never a traceback.
"""

from __future__ import annotations

import json
import sys

import click

from factdesk import __version__
from factdesk.model import Kind


class UserError(click.ClickException):
    """A clear, one-line problem for the user (exit 1)."""

    exit_code = 1


class BadInput(click.ClickException):
    """A problem with what the user asked for (a missing or empty folder): one line, exit 2.

    Unlike click.UsageError it prints no usage header: the message says all there is to say.
    """

    exit_code = 2


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="factdesk")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Compare how several outlets reported one story."""
    if ctx.invoked_subcommand is None:
        from factdesk.launch import launch_window

        sys.exit(launch_window(None))


KIND_CHOICES = click.Choice([k.value for k in Kind])


def open_case(path: str | tuple[str, ...]):
    """Load a case for a command, turning problems into a one-line message (exit 2)."""
    from factdesk.case import CaseError, load_case

    try:
        return load_case(path if isinstance(path, str) else list(path))
    except CaseError as e:
        raise BadInput(str(e)) from None


@cli.command()
@click.argument("case_dir", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--kind", "kinds", type=KIND_CHOICES, multiple=True, help="Only these kinds (repeatable).")
@click.option("--all", "everything", is_flag=True, help="Also list facts only one article states.")
def check(case_dir: str, fmt: str, kinds: tuple[str, ...], everything: bool) -> None:
    """Line up the figures, dates, quotes and names of CASE_DIR's articles; show where they diverge."""
    from factdesk.analysis import analyze
    from factdesk.publish.report import select, to_json, to_text

    analysis = analyze(open_case(case_dir), singles=everything)
    claims = select(analysis, [Kind(k) for k in kinds], everything)
    if fmt == "json":
        click.echo(json.dumps(to_json(analysis, claims), ensure_ascii=False, indent=1))
    else:
        click.echo(to_text(analysis, claims), nl=False)


@cli.command("open")
@click.argument("case_dir", type=click.Path(exists=True))
@click.option("--screenshot", type=click.Path(dir_okay=False), help="Save the window as this PNG and exit.")
@click.option("--select", "select_id", metavar="CLAIM_ID", help="Select this claim (with --screenshot).")
def open_(case_dir: str, screenshot: str | None, select_id: str | None) -> None:
    """Open CASE_DIR in the desktop window."""
    from factdesk.launch import launch_window

    sys.exit(launch_window(case_dir, screenshot=screenshot, select=select_id))


from factdesk.cli_log import log, verdict  # noqa: E402  (verdict log commands)

cli.add_command(verdict)
cli.add_command(log)


from factdesk.cli_sheet import export, sheet  # noqa: E402  (discrepancy sheet and exports)

cli.add_command(sheet)
cli.add_command(export)


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="factdesk", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("factdesk: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
