"""What the window remembers between runs (QSettings): editor name, recent cases, layout, filters, hints.

With ``$FACTDESK_HOME`` set (tests, portable use) the settings live in
``$FACTDESK_HOME/settings.ini`` next to the verdict log, so nothing touches
the user's own settings.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


def open_settings() -> QSettings:
    home = os.environ.get("FACTDESK_HOME", "").strip()
    if home:
        return QSettings(str(Path(home).expanduser() / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "factdesk", "factdesk")


class Settings:
    """Typed access to the window's QSettings."""

    def __init__(self, qsettings: QSettings | None = None):
        self.q = qsettings or open_settings()

    # -- editor --------------------------------------------------------------------

    @property
    def editor(self) -> str:
        """The editor's name: ``$FACTDESK_EDITOR`` overrides the stored one; '' when never asked."""
        env = os.environ.get("FACTDESK_EDITOR", "").strip()
        return env or str(self.q.value("editor", "") or "").strip()

    @editor.setter
    def editor(self, name: str) -> None:
        self.q.setValue("editor", name.strip())

    # -- cases ---------------------------------------------------------------------

    def recent_cases(self) -> list[list[str]]:
        """Most recent first; each case is the list of folders/files it was opened from."""
        raw = self.q.value("recent_cases", "[]")
        try:
            cases = json.loads(str(raw))
        except ValueError:
            return []
        return [[str(p) for p in c] for c in cases if isinstance(c, list) and c]

    def add_recent(self, sources: list[str]) -> None:
        sources = [str(Path(s).absolute()) for s in sources]
        cases = [c for c in self.recent_cases() if c != sources]
        self.q.setValue("recent_cases", json.dumps([sources, *cases][:MAX_RECENT]))

    def clear_recent(self) -> None:
        self.q.setValue("recent_cases", "[]")

    def last_case(self) -> list[str] | None:
        for sources in self.recent_cases():
            if all(Path(s).exists() for s in sources):
                return sources
        return None

    # -- first-run hints -----------------------------------------------------------

    def hint_dismissed(self, name: str) -> bool:
        """Whether the editor closed the hint ``name`` (e.g. "sample_case") once: it stays closed."""
        value = self.q.value(f"hints/{name}_dismissed", False)
        return value is True or str(value).strip().lower() in ("true", "1", "yes")

    def dismiss_hint(self, name: str) -> None:
        self.q.setValue(f"hints/{name}_dismissed", True)
        self.q.sync()

    # -- layout and filters --------------------------------------------------------

    def bytes(self, key: str) -> QByteArray | None:
        value = self.q.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_bytes(self, key: str, value: QByteArray) -> None:
        self.q.setValue(key, value)

    def get(self, key: str, default: Any = None) -> Any:
        return self.q.value(key, default)

    def set(self, key: str, value: Any) -> None:
        self.q.setValue(key, value)

    def sync(self) -> None:
        self.q.sync()
