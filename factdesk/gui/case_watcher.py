"""Notice when the open case's files change on disk, and offer to reload.

A :class:`QFileSystemWatcher` on the case folder and its article files; each change is
checked half a second later (editors save in several steps) against what the window
last analysed -- names, sizes and modification times of the article files and the
manifest -- so a change that came and went, or the window's own reload, says nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from factdesk.case.folder import ARTICLE_FORMATS
from factdesk.case.manifest import MANIFEST_NAME

SETTLE_MS = 500
Snapshot = dict[str, tuple[int, int]]  # file name -> (size, mtime in ns)


def folder_snapshot(folder: Path) -> Snapshot:
    """The article files and the manifest of ``folder`` with their sizes and modification times."""
    out: Snapshot = {}
    try:
        entries = list(folder.iterdir())
    except OSError:
        return out
    for p in entries:
        if p.name.startswith(".") or not (p.suffix.lower() in ARTICLE_FORMATS or p.name == MANIFEST_NAME):
            continue
        try:
            st = p.stat()
        except OSError:
            continue
        out[p.name] = (st.st_size, st.st_mtime_ns)
    return out


def describe_changes(before: Snapshot, after: Snapshot) -> str:
    """“a1.txt changed, a6.txt appeared” -- what differs, in a few words."""
    parts = []
    changed = sorted(n for n in before.keys() & after.keys() if before[n] != after[n])
    appeared = sorted(after.keys() - before.keys())
    gone = sorted(before.keys() - after.keys())
    for names, verb in ((changed, "changed"), (appeared, "appeared"), (gone, "was removed")):
        if names:
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            parts.append(f"{shown} {verb if len(names) == 1 or verb != 'was removed' else 'were removed'}")
    return "; ".join(parts)


class CaseWatcher(QObject):
    """Emits ``changed(description)`` when the watched case folder differs from its last snapshot."""

    changed = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.folder: Path | None = None
        self.snapshot: Snapshot = {}
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._soon)
        self.watcher.fileChanged.connect(self._soon)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SETTLE_MS)
        self.timer.timeout.connect(self.check)
        self.paused = False  # the window is reading the case itself

    def watch(self, folder: str | Path | None) -> None:
        """Watch ``folder`` (None: nothing) from its state now."""
        for paths in (self.watcher.files(), self.watcher.directories()):
            if paths:
                self.watcher.removePaths(paths)
        self.folder = Path(folder) if folder else None
        if self.folder is None or not self.folder.is_dir():
            self.folder = None
            self.snapshot = {}
            return
        self.snapshot = folder_snapshot(self.folder)
        self.watcher.addPath(str(self.folder))
        files = [str(self.folder / n) for n in self.snapshot]
        if files:
            self.watcher.addPaths(files)

    def _soon(self, _path: str = "") -> None:
        self.timer.start()

    def check(self) -> str:
        """Compare the folder with the snapshot; emit and return the description of any change."""
        if self.folder is None or self.paused:
            return ""
        now = folder_snapshot(self.folder)
        if now == self.snapshot:
            return ""
        description = describe_changes(self.snapshot, now)
        for name in now.keys() - self.snapshot.keys():  # watch new files too
            self.watcher.addPath(str(self.folder / name))
        self.changed.emit(description)
        return description
