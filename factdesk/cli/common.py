"""What every command shares: its two kinds of one-line error and opening a case folder."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from factdesk.model import Case


class UserError(click.ClickException):
    """A clear, one-line problem for the user (exit 1)."""

    exit_code = 1


class BadInput(click.ClickException):
    """A problem with what the user asked for (a missing or empty folder): one line, exit 2.

    Unlike click.UsageError it prints no usage header: the message says all there is to say.
    """

    exit_code = 2


def open_case(path: str | tuple[str, ...]) -> Case:
    """Load a case for a command, turning problems into a one-line message (exit 2)."""
    from factdesk.case import CaseError, load_case

    try:
        return load_case(path if isinstance(path, str) else list(path))
    except CaseError as e:
        raise BadInput(str(e)) from None
