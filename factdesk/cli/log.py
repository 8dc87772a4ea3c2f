"""`factdesk verdict` and `factdesk log show | export | import | verify`: the verdict log from a shell.

Thin commands over :mod:`factdesk.store`; every :class:`~factdesk.store.StoreError`
becomes a one-line message and exit status 1.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from factdesk.cli.common import BadInput, UserError, open_case
from factdesk.model import Verdict, VerdictState

if TYPE_CHECKING:
    from factdesk.model import Analysis, Case, Claim
    from factdesk.store import VerdictLog

STATES = [s.value for s in VerdictState]
SERVER_SCHEMES = ("postgresql://", "postgres://")


class LogTarget(click.ParamType):
    """A verdict log file (a Path), or the URL of a shared PostgreSQL log (kept as text)."""

    name = "FILE|URL"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> Path | str:
        if isinstance(value, Path):
            return value
        text = str(value).strip()
        if text.lower().startswith(SERVER_SCHEMES):
            return text
        path = Path(text).expanduser()
        if path.is_dir():
            self.fail(f"{text} is a folder; the verdict log is a file", param, ctx)
        return path


db_option = click.option(
    "--db",
    "db_path",
    type=LogTarget(),
    default=None,
    help="Verdict log: a file, or a newsroom's shared log as postgresql://USER@HOST/DB "
    "(default: $FACTDESK_DB, else $FACTDESK_HOME/factdesk.sqlite3, else factdesk.sqlite3 in the user data folder).",
)


@contextmanager
def opened_log(db_path: Path | str | None, readonly: bool = False, local: Path | None = None) -> Iterator[VerdictLog]:
    """The verdict log (a file or a shared server), with store errors turned into one-line messages (exit 1)."""
    from factdesk.store import StoreError, open_log

    try:
        with open_log(db_path, readonly=readonly, local_path=local) as vlog:
            yield vlog  # type: ignore[misc]  # a ServerLog/SharedLog has VerdictLog's interface
    except StoreError as exc:
        raise UserError(str(exc)) from None


def is_server(db_path: Path | str | None) -> bool:
    from factdesk.store import default_log_target, is_server_url

    return is_server_url(default_log_target() if db_path is None else db_path)


def existing_log(db_path: Path | str | None) -> bool:
    from factdesk.store import default_log_target

    target = default_log_target() if db_path is None else db_path
    return isinstance(target, str) or target.expanduser().exists()


def resolve_editor(editor: str | None) -> str:
    """``--editor``, else $FACTDESK_EDITOR (click reads it), else the login name."""
    name = (editor or "").strip()
    if name:
        return name
    try:
        name = getpass.getuser().strip()
    except (OSError, KeyError, ImportError):
        name = ""
    if not name:
        raise UserError("no editor name: use --editor NAME or set FACTDESK_EDITOR")
    return name


def analysed(case_dir: Path, vlog: VerdictLog | None = None) -> tuple[Case, Analysis]:
    """The case and its analysis, with the desk's corrections in ``vlog`` applied (the ids `check` prints)."""
    from factdesk.analysis import analyze
    from factdesk.corrections.desk import corrected

    case = open_case(str(case_dir))
    return case, corrected(analyze(case), vlog) if vlog is not None else analyze(case)


def find_claim(analysis: Analysis, wanted: str) -> Claim:
    for claim in analysis.claims:
        if wanted.lower() in (claim.id.lower(), claim.fingerprint):
            return claim
    ids = [c.id for c in analysis.claims]
    known = f"{ids[0]}…{ids[-1]}" if ids else "none"
    raise BadInput(
        f"no claim {wanted} in {analysis.case.name} (claims {known}; see `factdesk check`)"
    )


@click.command("verdict")
@click.argument("case_dir", type=click.Path(file_okay=False, path_type=Path))
@click.argument("claim_id")
@click.argument("state", type=click.Choice(STATES, case_sensitive=False), metavar="STATE")
@click.option(
    "--editor", envvar="FACTDESK_EDITOR", help="Who decides (default: $FACTDESK_EDITOR, else login)."
)
@click.option("--note", default="", help="Why.")
@click.option("--correct", "correct_value", default="", help="The correct value, when known.")
@click.option("--source", default="", help="Where the correct value comes from.")
@db_option
def verdict(
    case_dir: Path,
    claim_id: str,
    state: str,
    editor: str | None,
    note: str,
    correct_value: str,
    source: str,
    db_path: Path | str | None,
) -> None:
    """Record a verdict on claim CLAIM_ID (as `factdesk check CASE_DIR` numbers them).

    STATE is verified, disputed, unresolved, or retracted (withdraws your previous verdict).
    """
    from factdesk.store import case_key, snapshot

    name = resolve_editor(editor)
    with opened_log(db_path) as vlog:  # a log that cannot be written fails before the analysis
        case, analysis = analysed(case_dir, vlog)
        claim = find_claim(analysis, claim_id)
        key = case_key(case)
        if state == VerdictState.RETRACTED and name not in vlog.latest(key).get(claim.fingerprint, {}):
            raise UserError(f"{name} has no verdict on {claim.id} to retract")
        vlog.record_case(case)
        stored = vlog.record(
            Verdict(
                case=key,
                fingerprint=claim.fingerprint,
                editor=name,
                verdict=VerdictState(state.lower()),
                note=note,
                correct_value=correct_value,
                source=source,
                snapshot=snapshot(claim),
                claim_id=claim.id,
            )
        )
    click.echo(f"recorded #{stored.id}: {claim.id} {stored.verdict} by {name} — {claim.summary}")
    if getattr(vlog, "last_write_offline", False):
        click.echo(
            f"not sent yet: {getattr(vlog, 'problem', '')}; it waits in the local log "
            f"{getattr(vlog, 'local_path', '')} — `factdesk log sync` sends it",
            err=True,
        )


@click.group("log")
def log() -> None:
    """The verdict log: who decided what, when, and on which wording."""


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _when(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def one_line(text: str) -> str:
    """``text`` safe for a terminal line: line breaks become spaces, other control characters
    (escape sequences included) are shown as ``\\xNN`` and never reach the terminal."""
    flat = " ".join(text.split())
    return "".join(
        ch if ch.isprintable() or ch == " " else f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}"
        for ch in flat
    )


def _describe(v: Verdict, claim_label: str, flag: str = "") -> list[str]:
    from factdesk.store import dated_in_future

    if dated_in_future(v.created):
        flag += "  ! dated in the future (wrong clock); counted in log order"
    on = " · ".join(f"“{one_line(m.text)}” ({one_line(m.file)})" for m in v.snapshot) or "—"
    editor = one_line(v.editor)
    lines = [f"  {one_line(claim_label):<5} {v.verdict.value:<10} {editor:<12} {_when(v.created)}  #{v.id}{flag}"]
    lines.append(f"        on {on}")
    fields = (("note", one_line(v.note)), ("correct", one_line(v.correct_value)), ("source", one_line(v.source)))
    extras = [f"{label}: {value}" for label, value in fields if value]
    if extras:
        lines.append("        " + " · ".join(extras))
    return lines


def _case_of(target: str) -> tuple[str, Path | None]:
    """CASE_DIR (a folder) or a case name as filed in the log."""
    from factdesk.store import case_key

    path = Path(target)
    if path.is_dir():
        return case_key(open_case(str(path))), path
    if "/" in target or os.sep in target:
        raise BadInput(f"case folder not found: {target}")
    return target, None


def _show_case(vlog: VerdictLog, key: str, everything: bool, analysis: Analysis | None) -> None:
    from factdesk.store import is_stale

    claims = {c.fingerprint: c for c in analysis.claims} if analysis else {}

    def label(v: Verdict) -> str:
        claim = claims.get(v.fingerprint)
        return claim.id if claim else (v.claim_id or v.fingerprint[:8])

    def flag(v: Verdict) -> str:
        if analysis is None:
            return ""
        claim = claims.get(v.fingerprint)
        if claim is None:
            return "  ! claim no longer found"
        return "  ! STALE: the wording changed since" if is_stale(v, claim) else ""

    if everything:
        history = vlog.history(key)
        click.echo(f"case {key}: {plural(len(history), 'verdict')} in log order")
        for v in history:
            click.echo("\n".join(_describe(v, label(v), flag(v))))
        _show_corrections(vlog, key, everything)
        return
    latest = vlog.latest(key)
    count = sum(len(editors) for editors in latest.values())
    click.echo(f"case {key}: {plural(count, 'current verdict')} on {plural(len(latest), 'claim')}")
    order = {c.fingerprint: i for i, c in enumerate(analysis.claims)} if analysis else {}
    for _, editors in sorted(latest.items(), key=lambda kv: (order.get(kv[0], 1 << 30), kv[0])):
        for v in editors.values():
            click.echo("\n".join(_describe(v, label(v), flag(v))))
        if len({v.verdict for v in editors.values()}) > 1:
            click.echo("        ! editors disagree")
    _show_corrections(vlog, key, everything)


def _show_corrections(vlog: VerdictLog, key: str, everything: bool) -> None:
    """The editors' corrections of the case, after its verdicts: those in force, or (``everything``) every
    correction and withdrawal in log order. Nothing is printed for a case without corrections."""
    from factdesk.corrections import active_corrections
    from factdesk.corrections.events import PAST

    rows = vlog.corrections(key)
    shown = rows if everything else active_corrections(rows)
    if not shown:
        return
    click.echo(f"case {key}: {plural(len(shown), 'correction')} "
               + ("in log order, withdrawals included" if everything else "in force"))
    anchors = {r.fingerprint: r.snapshot for r in rows if r.snapshot}
    for c in shown:
        action = PAST.get(c.verdict, "withdrawn")  # type: ignore[call-overload]
        if c.correct_value and action == "added":
            action += f" {c.correct_value}"
        on = " · ".join(f"“{one_line(m.text)}” ({one_line(m.file)})" for m in anchors.get(c.fingerprint, ())) or "—"
        click.echo(f"  * {action:<14} {one_line(c.editor):<12} {_when(c.created)}  #{c.id}")
        click.echo(f"        on {on}")
        if c.note:
            click.echo(f"        note: {one_line(c.note)}")


@log.command("show")
@click.argument("case", required=False)
@click.option(
    "--all", "everything", is_flag=True,
    help="Whole history in log order (as verdicts arrived), with retractions; every correction, withdrawn too."
)
@click.option(
    "--check", is_flag=True, help="Re-analyse CASE (a folder); flag verdicts whose wording changed."
)
@db_option
def show(case: str | None, everything: bool, check: bool, db_path: Path | str | None) -> None:
    """Latest verdict per claim and editor of CASE (a case folder or name), or of every case.

    The editors' corrections in force (dismiss, merge, split, add) follow each case's verdicts.
    """
    key, folder = _case_of(case) if case else (None, None)
    if check and folder is None:
        raise BadInput("--check needs a case folder")
    analysis = analysed(folder)[1] if check and folder is not None else None
    if not existing_log(db_path):
        click.echo("no verdicts recorded yet (no verdict log)")
        return
    with opened_log(db_path, readonly=True) as vlog:
        known = vlog.case_keys()
        if key and key not in known:
            click.echo(f"no verdicts recorded for case {key} in {vlog.path}")
            return
        keys = [key] if key else known
        if not keys:
            click.echo(f"no verdicts recorded yet in {vlog.path}")
        for i, k in enumerate(keys):
            if i:
                click.echo()
            _show_case(vlog, k, everything, analysis)


@log.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout)."
)
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
@db_option
def export(fmt: str, output: Path | None, force: bool, db_path: Path | str | None) -> None:
    """Write the whole log, with its hash chain, for a colleague's `factdesk log import`."""
    with opened_log(db_path, readonly=True) as vlog:
        if output is None:
            vlog.export(sys.stdout, fmt)
            return
        count = vlog.export_to(output, fmt, replace=force)
    click.echo(f"exported {plural(count, 'verdict')} to {output}", err=True)


@log.command("backup")
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace DEST if it exists.")
@db_option
def backup(dest: Path, force: bool, db_path: Path | str | None) -> None:
    """Copy the log to DEST, consistent even while the window is open or after a crash.

    Uses SQLite's online backup (a plain file copy can miss verdicts still in the -wal file);
    the copy is one self-contained file, checked before it is written. Restore it by using it
    as the log (--db DEST, or copy it back while factdesk is closed).
    """
    if is_server(db_path):
        raise UserError(
            "log backup copies a local log file; keep the shared log with the server's own backups "
            "(pg_dump) or `factdesk log export --db URL -o FILE`"
        )
    if not existing_log(db_path):
        raise UserError("no verdict log yet: nothing to back up")
    with opened_log(db_path, readonly=True) as vlog:
        report = vlog.backup(dest, replace=force)
    click.echo(f"backed up {plural(report.rows, 'verdict')} to {dest} (verified)")


@log.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
def import_(file: Path, db_path: Path | str | None) -> None:
    """Merge another editor's export: its chain is checked, verdicts already here are skipped."""
    with opened_log(db_path) as vlog:
        report = vlog.import_file(file)
    click.echo(str(report))


@log.command("verify")
@db_option
def verify(db_path: Path | str | None) -> None:
    """Check the hash chain, the editors' signatures and the append-only rule; exit 1 at the first broken row.

    Also prints the head hash (the discrepancy sheet prints it too) and warns of entries whose
    editor's key is unknown or changed. Every signature is checked, always, on a local log as on a
    shared server's (the window and the sheet skip those an earlier sound check found valid while
    the chains still hold them).
    """
    if not existing_log(db_path):
        from factdesk.store import default_db_path

        raise UserError(f"no verdict log at {db_path or default_db_path()}: nothing was verified")
    with opened_log(db_path, readonly=True) as vlog:
        report = vlog.verify(full=True)  # a local file or a shared server: every signature
    click.echo(str(report))
    if not report.ok:
        sys.exit(1)


@log.command("sync")
@click.option(
    "--local",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The local log holding the waiting verdicts (default: $FACTDESK_HOME/factdesk.sqlite3, "
    "else factdesk.sqlite3 in the user data folder).",
)
@db_option
def sync(local: Path | None, db_path: Path | str | None) -> None:
    """Send the verdicts recorded while the shared server was unreachable, once each.

    --db (or $FACTDESK_DB) names the shared log, postgresql://USER@HOST/DB. Its hash chain
    is checked first; a verdict the server already holds (its send was cut off) is not
    stored twice. Run once as the database owner, it also creates the shared log's tables.
    """
    if not is_server(db_path):
        raise UserError("no shared log to send to: use --db postgresql://USER@HOST/DB or set FACTDESK_DB to one")
    with opened_log(db_path, local=local) as vlog:
        report = vlog.sync()  # type: ignore[attr-defined]  # a SharedLog
    click.echo(str(report))
