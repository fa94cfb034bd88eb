"""The suite is hermetic: nothing is written to the user's home, and CI cannot pass by skipping."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from linter.catalog.cache import cache_dir
from tests.conftest import HERMETIC_VARIABLES, ROOT, run_cli


def test_every_cache_variable_points_into_a_scratch_directory_outside_the_home() -> None:
    home = Path.home().resolve()
    for variable in HERMETIC_VARIABLES:
        where = Path(os.environ[variable]).resolve()
        assert not where.is_relative_to(home), f"{variable}={where}"
        assert where.parent.name.startswith("commerce-lint-tests-"), f"{variable}={where}"


def test_the_rule_cache_of_a_cli_run_is_written_to_the_scratch_directory() -> None:
    directory = cache_dir()
    assert directory is not None and directory == Path(os.environ["COMMERCE_LINT_CACHE_DIR"])
    done = run_cli("rules", "list")
    assert done.returncode == 0, done.stderr
    assert any(directory.glob("rules-*.json")), sorted(directory.parent.rglob("*"))


def test_warnings_are_errors_in_the_suite() -> None:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]
    assert options["ini_options"]["filterwarnings"][0] == "error"
