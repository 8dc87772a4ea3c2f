"""The `factdesk` command group: every command registered on it, and :func:`main`.

The command modules never import this one: each defines plain click commands, added here.
"""

from __future__ import annotations

import sys

import click

from factdesk import __version__
from factdesk.cli.add import add
from factdesk.cli.cache import cache
from factdesk.cli.check import check, open_
from factdesk.cli.claim import claim
from factdesk.cli.log import log, verdict
from factdesk.cli.sheet import export, sheet


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="factdesk")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Compare how several outlets reported one story."""
    if ctx.invoked_subcommand is None:
        from factdesk.launch import launch_window

        sys.exit(launch_window(None))


for command in (check, open_, add, verdict, claim, log, sheet, export, cache):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="factdesk", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("factdesk: interrupted", err=True)
        sys.exit(130)
