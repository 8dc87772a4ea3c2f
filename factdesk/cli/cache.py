"""`factdesk cache info | clear`: the parse cache that makes a reopened case show at once."""

from __future__ import annotations

import click


@click.group()
def cache() -> None:
    """The parse cache: what the analysis read in each article, so a reopen need not parse it again.

    It lives in the user cache folder (on Linux $XDG_CACHE_HOME/factdesk, else ~/.cache/factdesk),
    holds at most FACTDESK_CACHE_MB megabytes (default 500; least recently used out first), and is
    safe to clear at any time: cleared articles are parsed again when next opened.
    """


@cache.command()
def info() -> None:
    """Where the parse cache is and how full: its articles and their size."""
    from factdesk.text.parse_cache import ParseCache, megabytes

    state = ParseCache.default().info()
    click.echo(f"folder:   {state.folder}")
    click.echo(f"articles: {state.entries}")
    click.echo(f"size:     {megabytes(state.size)} of {megabytes(state.limit)} (FACTDESK_CACHE_MB)")


@cache.command()
def clear() -> None:
    """Empty the parse cache: each case's next opening parses its articles again."""
    from factdesk.cli.common import UserError
    from factdesk.text.parse_cache import ParseCache, megabytes

    store = ParseCache.default()
    before = store.clear()
    left = store.info()
    if left.entries:
        raise UserError(f"could not remove {left.entries} entries from {store.folder}: check its permissions")
    click.echo(f"removed {before.entries} article{'s' if before.entries != 1 else ''} "
               f"({megabytes(before.size)}) from {store.folder}")
