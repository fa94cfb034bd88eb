"""A cache of validated rule files, keyed by content hash, so start-up skips parsing and validation.

It stores plain JSON (never pickle: nothing loaded from disk is ever executed), in
``$COMMERCE_LINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/commerce-lint``, else ``~/.cache/commerce-lint``.
An unreadable or unwritable cache is simply not used.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from linter import __version__
from linter.digest import sha256
from linter.writing import write_atomically

# Bumped whenever validation gets stricter (v2: patterns must compile in RE2; v3: checks must compile,
# every variable and placeholder known), so that an entry validated under the old checks is
# validated again rather than trusted.
_FILE = "rules-v3.json"


def cache_dir() -> Path | None:
    """Where the cache lives, or None when caching is switched off (COMMERCE_LINT_CACHE_DIR='')."""
    explicit = os.environ.get("COMMERCE_LINT_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "commerce-lint"


def content_key(text: str) -> str:
    """The cache key of a rule file: its text plus the tool version (the schema may have changed)."""
    return sha256(f"{__version__}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()


class RuleCache:
    """Validated rule data by content key; remembers what was used so stale entries are dropped."""

    def __init__(self) -> None:
        self.directory = cache_dir()
        self.entries: dict[str, dict[str, Any]] = {}
        self.used: set[str] = set()
        self.dirty = False
        if self.directory is None:
            return
        try:
            data = json.loads((self.directory / _FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if (
            isinstance(data, dict)
            and data.get("version") == __version__
            and isinstance(data.get("rules"), dict)
        ):
            self.entries = data["rules"]

    def get(self, key: str) -> dict[str, Any] | None:
        """The validated data for a rule file's content, if it was validated before."""
        found = self.entries.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def put(self, key: str, data: dict[str, Any]) -> None:
        """Remember a rule file's validated data."""
        self.entries[key] = data
        self.used.add(key)
        self.dirty = True

    def save(self) -> None:
        """Write the cache atomically (only entries used by this run's folders survive growth)."""
        if self.directory is None or not self.dirty:
            return
        entries = (
            self.entries
            if len(self.entries) < 4 * max(len(self.used), 1)
            else {key: self.entries[key] for key in self.used}
        )
        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower next time
            write_atomically(self.directory / _FILE, json.dumps({"version": __version__, "rules": entries}))
