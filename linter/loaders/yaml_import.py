"""Import PyYAML without paying, at start-up, for a regular expression we never use.

PyYAML's pure-Python ``Reader`` compiles ``NON_PRINTABLE``, a character class spanning all of
Unicode, in its class body. Python 3.11 builds that class one code point at a time: about 57
million instructions, a tenth of a whole one-file check (``bench/run --instructions``). We parse
with libyaml (``CSafeLoader``), which never uses it. So while PyYAML is imported, that one
pattern is replaced by a stand-in that compiles it on first use; every other call to
``re.compile`` is passed through unchanged. The pure-Python loader (taken for deeply nested
files) still works: its first use compiles the pattern.

What changes, for the rest of the process: ``yaml.reader.Reader.NON_PRINTABLE`` is that stand-in
rather than an ``re.Pattern``. PyYAML only calls its ``search``, and parses, accepts and rejects
exactly as before (tests/loaders/test_yaml_import.py). ``re.compile`` is wrapped only while PyYAML
is imported, under a lock, and restored before ``import_yaml`` returns.
"""

from __future__ import annotations

import re
import sys
import threading
from types import ModuleType
from typing import Any

# Exactly as PyYAML 5.1 to 6.x writes it (yaml/reader.py). Another PyYAML simply compiles its own.
NON_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


class CompiledOnUse:
    """Stands in for a compiled pattern; compiles it when first used, then behaves as it."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        """The real pattern, compiled now if it was not yet."""
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        # Only called for names the stand-in lacks; copy and pickle probe dunders before __init__ ran.
        if name.startswith("__") or name == "_compiled":
            raise AttributeError(name)
        return getattr(self.compiled(), name)


_IMPORTING = threading.Lock()


def import_yaml() -> ModuleType:
    """The ``yaml`` module, imported (once) with ``NON_PRINTABLE`` compiled on first use."""
    with _IMPORTING:
        loaded = sys.modules.get("yaml")
        if loaded is not None:
            return loaded
        compile_now = re.compile

        def compile_unless_non_printable(pattern: Any, flags: int = 0) -> Any:
            if type(pattern) is str and pattern == NON_PRINTABLE and flags == 0:
                return CompiledOnUse(pattern, flags)
            return compile_now(pattern, flags)

        re.compile = compile_unless_non_printable
        try:
            import yaml
        finally:
            re.compile = compile_now
        return yaml
