"""From the CLI, PyYAML is imported with NON_PRINTABLE compiled on first use (linter.loaders.yaml_import)."""

from __future__ import annotations

import copy
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from linter.errors import LoadError
from linter.loaders.yaml_import import CompiledOnUse
from linter.loaders.yaml_loader import load_yaml


def _fresh_python(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_installed_pyyaml_gets_the_deferred_pattern() -> None:
    # If a PyYAML release writes the pattern differently, this fails: start-up is slower, not wrong.
    out = _fresh_python(
        """
        import re
        compile_before = re.compile
        from linter.loaders.yaml_import import defer_on_import
        defer_on_import()  # what linter.cli.main does first
        import linter.loaders.yaml_loader, yaml
        print(type(yaml.reader.Reader.NON_PRINTABLE).__name__, re.compile is compile_before)
        """
    )
    assert out == "CompiledOnUse True"


def test_the_pure_python_reader_still_rejects_non_printable_characters() -> None:
    out = _fresh_python(
        """
        from linter.loaders.yaml_import import defer_on_import
        defer_on_import()
        import linter.loaders.yaml_loader, yaml
        try:
            yaml.load("a: \\x07", Loader=yaml.SafeLoader)
        except yaml.reader.ReaderError as error:
            print("rejected", "#x0007" in str(error))
        print(yaml.reader.Reader.NON_PRINTABLE.search("ok \\x07").start())
        """
    )
    assert out == "rejected True\n3"


def test_the_pure_python_path_still_checks_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    # The pure-Python parser is used where PyYAML was installed without libyaml.
    import yaml

    import linter.loaders.yaml_loader as yaml_loader

    monkeypatch.setattr(yaml_loader, "_FAST_LOADER", yaml.SafeLoader)
    text = 'a: "' + "[" * 1200 + '\x07"\n'
    with pytest.raises(LoadError, match="special characters are not allowed"):
        load_yaml(text, "deep.yaml")


def test_checking_an_env_php_with_warm_rule_cache_does_not_import_pyyaml(tmp_path: Path) -> None:
    etc = tmp_path / "app" / "etc"
    etc.mkdir(parents=True)
    (etc / "env.php").write_text("<?php\nreturn ['MAGE_MODE' => 'production'];\n")
    code = f"""
        import sys
        from linter.cli import main
        sys.argv = ["commerce-lint", "check", {str(etc / "env.php")!r}, "--format", "json"]
        try:
            main()
        except SystemExit as exit:
            print("exit", exit.code, "yaml imported:", "yaml" in sys.modules, file=sys.stderr)
        """
    environment = {**os.environ, "COMMERCE_LINT_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=environment
        )
        for _ in range(2)
    ]
    # The first run reads the rule files (YAML) and fills the cache; the second reads only the cache.
    assert runs[0].stderr.strip().endswith("yaml imported: True"), runs[0].stderr
    assert runs[1].stderr.strip() == "exit 0 yaml imported: False", runs[1].stderr


def test_the_stand_in_copies_and_pickles_like_a_pattern() -> None:
    stand_in = CompiledOnUse("a+", 0)
    for twin in (copy.copy(stand_in), pickle.loads(pickle.dumps(stand_in))):
        match = twin.search("baa")
        assert match is not None and match.group() == "aa"
