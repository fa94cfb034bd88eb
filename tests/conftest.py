"""Shared fixtures: the repository root, a CLI runner in a subprocess, and the bundled catalog."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def cli_environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment ``commerce-lint`` runs in under test: no colour, no debug tracebacks."""
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    environment.pop("COMMERCE_LINT_DEBUG", None)
    return environment


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``commerce-lint`` as a user would, in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "linter", *args],
        cwd=cwd or ROOT,
        env=cli_environment(env),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture()
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_cli


# Caches the tests would otherwise fill in the user's home: commerce-lint's rule cache, and what
# XDG-aware tools (pre-commit among them) keep under $XDG_CACHE_HOME.
HERMETIC_VARIABLES = ("COMMERCE_LINT_CACHE_DIR", "XDG_CACHE_HOME", "PRE_COMMIT_HOME")


def pytest_configure(config: pytest.Config) -> None:
    """Choose the secret property test's seed once per run, and keep every cache out of the home."""
    if not os.environ.get("COMMERCE_LINT_SECRET_SEED"):
        import secrets

        os.environ["COMMERCE_LINT_SECRET_SEED"] = str(secrets.randbits(48))
    import atexit
    import shutil
    import tempfile

    # Set, not defaulted: a developer's own cache must neither be written nor make a test pass.
    scratch = tempfile.mkdtemp(prefix="commerce-lint-tests-")
    atexit.register(shutil.rmtree, scratch, True)
    for variable in HERMETIC_VARIABLES:
        os.environ[variable] = os.path.join(scratch, variable.lower())


def pytest_report_header(config: pytest.Config) -> str:
    """Every run names the seed of tests/hardening/test_secrets_property.py, so a failure replays."""
    seed = os.environ["COMMERCE_LINT_SECRET_SEED"]
    return f"secret property seed: {seed} (replay with COMMERCE_LINT_SECRET_SEED={seed})"
