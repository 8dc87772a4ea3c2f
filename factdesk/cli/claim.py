"""`factdesk claim dismiss | merge | split | add`: the editor corrects the machine from a shell.

Each command analyses the case, applies the desk's corrections already in the log, checks
what it is asked, records one correction and prints the resulting claim. Bad input (an
unknown claim, a span out of range, one mention only) is one line and exit status 2, and
nothing is written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from factdesk.cli.common import BadInput, open_case
from factdesk.cli.log import db_option, find_claim, opened_log, resolve_editor
from factdesk.model import Kind

if TYPE_CHECKING:
    from factdesk.model import Analysis, Case, Claim, Verdict
    from factdesk.store import VerdictLog

KINDS = [k.value for k in Kind]
editor_option = click.option("--editor", envvar="FACTDESK_EDITOR",
                             help="Who corrects (default: $FACTDESK_EDITOR, else login).")
note_option = click.option("--note", default="", help="Why (kept with the correction in the log).")
format_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="How to print the resulting claim.")


@click.group("claim")
def claim() -> None:
    """Correct the machine's claims: dismiss, merge, split, add (kept in the verdict log)."""


def _corrected(vlog: VerdictLog, case_dir: Path) -> tuple[Case, Analysis]:
    from factdesk.analysis import analyze
    from factdesk.corrections.desk import corrected

    case = open_case(str(case_dir))
    return case, corrected(analyze(case), vlog)


def _record(vlog: VerdictLog, case: Case, correction: Verdict, fmt: str) -> None:
    """Write the correction, re-apply the desk's corrections and print the claim it made or changed."""
    from factdesk.analysis import analyze
    from factdesk.corrections.desk import corrected
    from factdesk.publish.report import claim_json

    vlog.record_case(case)
    stored = vlog.record(correction)
    analysis = corrected(analyze(case), vlog)
    if any(s.fingerprint == stored.fingerprint for s in analysis.stale):
        raise BadInput("the correction found nothing to act on")  # cannot happen after the checks
    result = _resulting_claim(analysis, correction)
    if fmt == "json":
        click.echo(json.dumps(claim_json(result), ensure_ascii=False, indent=1))
        return
    click.echo(f"recorded #{stored.id}: {result.corrections[-1] if result.corrections else stored.verdict}")
    click.echo(_claim_text(result))


def _resulting_claim(analysis: Analysis, correction: Verdict) -> Claim:
    from factdesk.corrections import describe

    line = describe(correction)
    anchors = {(a.file, a.text) for a in correction.snapshot}
    touched = [c for c in analysis.claims if line in c.corrections]
    # a split touches two claims: the one the mention left, then the mention alone (shown)
    return max(touched, key=lambda c: sum((m.file, m.text) in anchors for m in c.mentions)
               - len(c.mentions) / 1000)


def _claim_text(c: Claim) -> str:
    state = "dismissed" if c.dismissed else str(c.status)
    lines = [f"{c.id}  {state}  {c.kind}  severity {c.severity:.2f}  origin {c.origin}  {c.summary}"]
    for m in c.mentions:
        lines.append(f"    {m.file}:{m.start}:{m.end}  “{' '.join(m.text.split())}”")
    return "\n".join(lines)


def _guard(make):  # type: ignore[no-untyped-def]
    """A correction that cannot be made is one line, exit 2."""
    from factdesk.corrections import CorrectionError

    try:
        return make()
    except CorrectionError as exc:
        raise BadInput(str(exc)) from None


@claim.command("dismiss")
@click.argument("case_dir", type=click.Path(file_okay=False, path_type=Path))
@click.argument("claim_id")
@note_option
@editor_option
@format_option
@db_option
def dismiss(case_dir: Path, claim_id: str, note: str, editor: str | None, fmt: str, db_path: Path | None) -> None:
    """Dismiss claim CLAIM_ID: not a claim, or not the same fact. It leaves the flagged list."""
    from factdesk.corrections import dismiss_claim
    from factdesk.store import case_key

    name = resolve_editor(editor)
    with opened_log(db_path) as vlog:
        case, analysis = _corrected(vlog, case_dir)
        target = find_claim(analysis, claim_id)
        _record(vlog, case, _guard(lambda: dismiss_claim(case_key(case), target, name, note)), fmt)


@claim.command("merge")
@click.argument("case_dir", type=click.Path(file_okay=False, path_type=Path))
@click.argument("claim_ids", nargs=-1, required=True, metavar="CLAIM_ID CLAIM_ID...")
@note_option
@editor_option
@format_option
@db_option
def merge(case_dir: Path, claim_ids: tuple[str, ...], note: str, editor: str | None, fmt: str,
          db_path: Path | None) -> None:
    """Merge two or more claims into one fact; its status and severity are judged anew."""
    from factdesk.corrections import merge_claims
    from factdesk.store import case_key

    name = resolve_editor(editor)
    if len(set(claim_ids)) < 2:
        raise BadInput("a merge needs two or more different claim ids")
    with opened_log(db_path) as vlog:
        case, analysis = _corrected(vlog, case_dir)
        targets = [find_claim(analysis, i) for i in claim_ids]
        _record(vlog, case, _guard(lambda: merge_claims(case_key(case), targets, name, note)), fmt)


@claim.command("split")
@click.argument("case_dir", type=click.Path(file_okay=False, path_type=Path))
@click.argument("claim_id")
@click.argument("file")
@note_option
@editor_option
@format_option
@db_option
def split(case_dir: Path, claim_id: str, file: str, note: str, editor: str | None, fmt: str,
          db_path: Path | None) -> None:
    """Take FILE's mention out of claim CLAIM_ID: it becomes a claim of its own."""
    from factdesk.corrections import split_claim
    from factdesk.store import case_key

    name = resolve_editor(editor)
    with opened_log(db_path) as vlog:
        case, analysis = _corrected(vlog, case_dir)
        target = find_claim(analysis, claim_id)
        _record(vlog, case, _guard(lambda: split_claim(case_key(case), target, file, name, note)), fmt)


def _span(text: str) -> tuple[str, int, int]:
    parts = text.rsplit(":", 2)
    if len(parts) != 3 or not parts[0] or not parts[1].isdigit() or not parts[2].isdigit():
        raise BadInput(f"{text!r} is not a span: write FILE:START:END, e.g. a1.txt:412:419")
    return parts[0], int(parts[1]), int(parts[2])


@claim.command("add")
@click.argument("case_dir", type=click.Path(file_okay=False, path_type=Path))
@click.argument("spans", nargs=-1, required=True, metavar="FILE:START:END FILE:START:END...")
@click.option("--kind", type=click.Choice(KINDS), required=True, help="What the spans state.")
@note_option
@editor_option
@format_option
@db_option
def add(case_dir: Path, spans: tuple[str, ...], kind: str, note: str, editor: str | None, fmt: str,
        db_path: Path | None) -> None:
    """Add a claim the machine missed: the spans (character offsets) that state it in each article."""
    from factdesk.corrections import add_claim
    from factdesk.store import case_key

    name = resolve_editor(editor)
    wanted = [_span(s) for s in spans]
    if len(wanted) < 2:
        raise BadInput("a claim needs mentions in two or more places (give two FILE:START:END spans)")
    case = open_case(str(case_dir))
    correction = _guard(lambda: add_claim(case_key(case), case, Kind(kind), wanted, name, note))
    with opened_log(db_path) as vlog:
        _record(vlog, case, correction, fmt)
