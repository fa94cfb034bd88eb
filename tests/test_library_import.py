"""Importing linter as a library changes no process-wide state; start-up and heap tuning stay at the edges."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from functools import cached_property
from pathlib import Path

import pytest

from linter.model.discovery import discover
from linter.model.instance import Instance
from linter.model.loading import load_instance
from tests.conftest import EXAMPLES, ROOT

# Modules that import PyYAML (directly or through what they import), and the package itself.
LIBRARY_MODULES = (
    "linter",
    "linter.loaders.yaml_loader",
    "linter.loaders.envvars",
    "linter.catalog.explain",
    "linter.catalog.loader",
    "linter.checkrun",
    "linter.engine",
    "linter.cli",  # importing the CLI module is not running it
)


def _fresh_python(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize("module", LIBRARY_MODULES)
def test_importing_a_module_leaves_re_compile_gc_and_pyyaml_as_they_were(module: str) -> None:
    out = _fresh_python(
        f"""
        import gc, importlib, re, sys
        compile_before, finders_before = re.compile, list(sys.meta_path)
        threshold, enabled, frozen = gc.get_threshold(), gc.isenabled(), gc.get_freeze_count()
        importlib.import_module({module!r})
        import yaml
        print(
            re.compile is compile_before,
            sys.meta_path == finders_before,
            type(yaml.reader.Reader.NON_PRINTABLE) is re.Pattern,
            (gc.get_threshold(), gc.isenabled(), gc.get_freeze_count()) == (threshold, enabled, frozen),
        )
        """
    )
    assert out == "True True True True"


def test_a_library_caller_parses_yaml_and_its_own_patterns_as_usual() -> None:
    out = _fresh_python(
        """
        import re
        from linter.loaders.yaml_loader import load_yaml
        import yaml
        document = load_yaml("a: 1\\n", "x.yaml")
        pattern = re.compile(yaml.reader.Reader.NON_PRINTABLE.pattern)
        print(document.data, type(pattern).__name__, bool(pattern.search("ok \\x07")))
        """
    )
    assert out == "{'a': '1'} Pattern True"  # values as Magento stores them: strings


def test_the_cli_entry_point_defers_the_pattern_and_restores_re_compile() -> None:
    out = _fresh_python(
        """
        import re, sys
        compile_before = re.compile
        from linter.cli import main
        sys.argv = ["commerce-lint", "rules", "explain", "CSC-NOPE"]
        try:
            main()
        except SystemExit:
            pass
        import yaml
        print(type(yaml.reader.Reader.NON_PRINTABLE).__name__, re.compile is compile_before)
        """
    )
    assert out == "CompiledOnUse True"


def _imports_gc(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(alias.name == "gc" for alias in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.module == "gc":
            return True
    return False


def test_only_the_heap_module_touches_the_garbage_collector() -> None:
    # The engine owns the heap policy, through linter.heap; a module calling gc elsewhere is a second owner.
    users = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "linter").rglob("*.py") if _imports_gc(p))
    assert users == ["linter/heap.py"]


def test_release_drops_every_cached_property_of_the_instance() -> None:
    instance = load_instance(discover([str(EXAMPLES / "native" / "production")])[0])[0]
    assert instance is not None
    cached = {name for name, attr in vars(Instance).items() if isinstance(attr, cached_property)}
    for name in cached:
        getattr(instance, name)
    assert cached <= set(vars(instance)) and len(cached) >= 6
    instance.release()
    assert not cached & set(vars(instance))
