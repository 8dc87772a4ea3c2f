"""`factdesk check` and `factdesk open`: a case's discrepancies as a report, or in the window."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from factdesk.cli.common import open_case
from factdesk.cli.log import db_option, existing_log
from factdesk.model import Analysis, Kind

KIND_CHOICES = click.Choice([k.value for k in Kind])


@click.command()
@click.argument("case_dir", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--kind", "kinds", type=KIND_CHOICES, multiple=True, help="Only these kinds (repeatable).")
@click.option("--all", "everything", is_flag=True, help="Also list facts only one article states.")
@click.option("--raw", is_flag=True, help="The machine's own claims, without the desk's corrections.")
@db_option
def check(case_dir: str, fmt: str, kinds: tuple[str, ...], everything: bool, raw: bool,
          db_path: Path | None) -> None:
    """Line up the figures, dates, quotes and names of CASE_DIR's articles; show where they diverge.

    The desk's corrections (`factdesk claim`) in the verdict log are applied unless --raw.
    """
    from factdesk.analysis import analyze
    from factdesk.publish.report import select, to_json, to_text

    analysis = analyze(open_case(case_dir), singles=everything)
    if not raw and existing_log(db_path):
        analysis = _with_corrections(analysis, db_path)
    claims = select(analysis, [Kind(k) for k in kinds], everything)
    if fmt == "json":
        click.echo(json.dumps(to_json(analysis, claims), ensure_ascii=False, indent=1))
    else:
        click.echo(to_text(analysis, claims), nl=False)


def _with_corrections(analysis: Analysis, db_path: Path | str | None) -> Analysis:
    """The desk's corrections applied, read-only; a log that cannot be read leaves the report as is, said once."""
    from factdesk.corrections.desk import corrected, may_hold_corrections
    from factdesk.store import StoreError, default_log_target, open_log

    target = default_log_target() if db_path is None else db_path
    if not isinstance(target, str) and not may_hold_corrections(target):
        return analysis  # an older log, not yet upgraded (by a write), cannot hold any correction
    try:
        with open_log(db_path, readonly=True) as vlog:
            return corrected(analysis, vlog)
    except StoreError as exc:
        click.echo(f"factdesk: the desk's corrections were not applied: {exc}", err=True)
        return analysis


@click.command("open")
@click.argument("case_dir", type=click.Path(exists=True))
@click.option("--screenshot", type=click.Path(dir_okay=False), help="Save the window as this PNG and exit.")
@click.option("--select", "select_id", metavar="CLAIM_ID", help="Select this claim (with --screenshot).")
@click.option("--size", metavar="WxH", callback=lambda _c, _p, v: _window_size(v),
              help="Window size for --screenshot, e.g. 1280x800 (default: the screen, or 1600x1000 offscreen).")
def open_(case_dir: str, screenshot: str | None, select_id: str | None, size: tuple[int, int] | None) -> None:
    """Open CASE_DIR in the desktop window."""
    from factdesk.launch import launch_window

    if size is not None and not screenshot:
        raise click.UsageError("--size goes with --screenshot")
    sys.exit(launch_window(case_dir, screenshot=screenshot, select=select_id, size=size))


def _window_size(value: str | None) -> tuple[int, int] | None:
    """'1280x800' -> (1280, 800); a usage error for anything else."""
    if value is None:
        return None
    width, sep, height = value.lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit() or not (320 <= int(width) <= 8192) \
            or not (240 <= int(height) <= 8192):
        raise click.BadParameter(f"{value!r} is not a window size such as 1280x800", param_hint="--size")
    return int(width), int(height)
