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
# validated again rather than trusted; v4 keeps the rules' examples in a file of their own.
_FILE = "rules-v4.json"
# A check never reads the examples, yet they are most of each rule's data: decoding them cost a
# one-file check some 17 M instructions. `rules test` and `rules explain` read this file too.
_EXAMPLES_FILE = "rules-v4-examples.json"


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


class _Store:
    """One JSON file of entries by content key: read on first use, written atomically when changed."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._entries: dict[str, Any] | None = None
        self.used: set[str] = set()
        self.dirty = False

    @property
    def entries(self) -> dict[str, Any]:
        """The file's entries (none when it is missing, unreadable or of another version)."""
        if self._entries is None:
            self._entries = {}
            data: Any = None
            with contextlib.suppress(OSError, ValueError):  # no usable cache: validated afresh
                data = json.loads(self.path.read_text(encoding="utf-8")) if self.path else None
            if (
                isinstance(data, dict)
                and data.get("version") == __version__
                and isinstance(data.get("rules"), dict)
            ):
                self._entries = data["rules"]
        return self._entries

    def put(self, key: str, value: Any) -> None:
        self.entries[key] = value
        self.used.add(key)
        self.dirty = True

    def save(self) -> None:
        """Write the file (only entries used by this run's folders survive growth)."""
        if self.path is None or not self.dirty:
            return
        entries = (
            self.entries
            if len(self.entries) < 4 * max(len(self.used), 1)
            else {key: self.entries[key] for key in self.used}
        )
        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower next time
            write_atomically(self.path, json.dumps({"version": __version__, "rules": entries}))


class RuleCache:
    """Validated rule data by content key; remembers what was used so stale entries are dropped.

    With ``examples`` false (a check), the examples file is not read and an entry's ``examples`` is an
    empty list; a rule file validated afresh still stores its examples there, for ``rules test``.
    """

    def __init__(self, examples: bool = True) -> None:
        directory = cache_dir()
        self.examples = examples
        self.rules = _Store(directory / _FILE if directory else None)
        self.examples_store = _Store(directory / _EXAMPLES_FILE if directory else None)

    def get(self, key: str) -> dict[str, Any] | None:
        """The validated data for a rule file's content, if it was validated before."""
        found = self.rules.entries.get(key)
        if found is None:
            return None
        examples: Any = []
        if self.examples:
            examples = self.examples_store.entries.get(key)
            if not isinstance(examples, list):  # cached by a check, which keeps no examples
                return None
            self.examples_store.used.add(key)
        self.rules.used.add(key)
        return {**found, "examples": examples}

    def put(self, key: str, data: dict[str, Any]) -> None:
        """Remember a rule file's validated data."""
        self.rules.put(key, {name: value for name, value in data.items() if name != "examples"})
        self.examples_store.put(key, data.get("examples", []))

    def save(self) -> None:
        """Write the cache atomically."""
        self.rules.save()
        self.examples_store.save()
