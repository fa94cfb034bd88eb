"""What the CI tests share: one snapshot of this repository to install hooks from, one pre-commit cache.

The snapshot is the work tree as it is (uncommitted edits included), committed in a throwaway repository,
so every test installs the same revision and pre-commit builds its environment once per session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.hooks.i17_fleet import git


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(a local clone of this repository with the work tree's content committed, that commit)."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    snapshot = tmp_path_factory.mktemp("commerce-lint-snapshot")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    for name in filter(None, listed.decode("utf-8", "surrogateescape").split("\0")):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            target = snapshot / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git(snapshot, "init", "-q", "-b", "main")
    git(snapshot, "add", "-A")
    git(snapshot, "-c", "user.email=t@example.invalid", "-c", "user.name=t", "commit", "-qm", "snapshot")
    return snapshot, git(snapshot, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pre-commit's cache for the session: the hook environment is built once, on first use."""
    return tmp_path_factory.mktemp("pre-commit-home")


def pre_commit(
    repo: Path, home: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``pre-commit ARGS`` in ``repo``, as a user runs it (no colour; its own cache)."""
    import sys

    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))},
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
        "NO_COLOR": "1",
        **(env or {}),
    }
    environment.pop("COMMERCE_LINT_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args, "--color", "never"],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )
