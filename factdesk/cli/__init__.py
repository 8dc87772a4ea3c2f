"""`factdesk check | open | verdict | log | sheet | export | cache`: thin commands over the library.

One module per command group -- :mod:`~factdesk.cli.check` (check, open),
:mod:`~factdesk.cli.log` (verdict, log), :mod:`~factdesk.cli.sheet` (sheet, export)
and :mod:`~factdesk.cli.cache` (cache) --
sharing :mod:`~factdesk.cli.common`; :mod:`~factdesk.cli.commands` registers them all
on the ``factdesk`` group. Each command is a few lines over a documented function;
errors become a one-line message and exit status 2 (usage) or 1 (failure), never a traceback.
"""

from factdesk.cli.commands import cli, main

__all__ = ["cli", "main"]
