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
is imported, under a lock, and restored once PyYAML is imported.

Only the command-line entry point (``linter.cli.main``) installs it (``defer_on_import``): the
process is then ours. Importing
any module of ``linter`` as a library imports PyYAML plainly (tests/test_library_import.py). Measured
on Python 3.11 and PyYAML 6: ``import yaml`` takes 187 M instructions, 161 M this way, about 3% of a
one-file pre-commit check.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec

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


@contextmanager
def _non_printable_deferred() -> Iterator[None]:
    """While the block runs, ``re.compile(NON_PRINTABLE)`` returns a CompiledOnUse stand-in."""
    with _IMPORTING:
        compile_now = re.compile

        def compile_unless_non_printable(pattern: Any, flags: int = 0) -> Any:
            if type(pattern) is str and pattern == NON_PRINTABLE and flags == 0:
                return CompiledOnUse(pattern, flags)
            return compile_now(pattern, flags)

        re.compile = compile_unless_non_printable
        try:
            yield
        finally:
            re.compile = compile_now


class _DeferredLoader:
    """Runs PyYAML's own loader for its package with NON_PRINTABLE deferred."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return cast("ModuleType | None", self.real.create_module(spec))

    def exec_module(self, module: ModuleType) -> None:
        with _non_printable_deferred():
            self.real.exec_module(module)


class _YamlFinder:
    """A one-shot import hook: finds ``yaml`` as the other finders do, then wraps its loader."""

    def find_spec(self, name: str, path: Any = None, target: ModuleType | None = None) -> ModuleSpec | None:
        if name != "yaml":
            return None
        if self in sys.meta_path:
            sys.meta_path.remove(self)  # one import only, and never in the way of the search below
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if find is not None else None
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _DeferredLoader(spec.loader)
                return cast("ModuleSpec", spec)
        return None


def defer_on_import() -> None:
    """Import PyYAML the cheap way whenever something first imports it: for the CLI's process only.

    An import hook rather than importing PyYAML now: a run that needs no YAML (an env.php with the
    rule cache warm) does not import PyYAML at all.
    """
    if "yaml" not in sys.modules and not any(isinstance(f, _YamlFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _YamlFinder())
