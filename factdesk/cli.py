"""`factdesk check | sheet | export | verdict | log | open`: thin commands over the library.

Each command is a few lines over a documented function; errors become a one-line
message and exit status 2 (usage) or 1 (failure), never a traceback.
"""

from __future__ import annotations

import sys

import click

from factdesk import __version__


class UserError(click.ClickException):
    """A clear, one-line problem for the user (exit 1)."""

    exit_code = 1


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="factdesk")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Compare how several outlets reported one story."""
    if ctx.invoked_subcommand is None:
        from factdesk.launch import launch_window

        sys.exit(launch_window(None))


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="factdesk", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("factdesk: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
