"""The pre-commit hooks, run through `pre-commit try-repo` against this repository in a throwaway repo.

pre-commit installs the hook's environment from the package registry (allowed network use); nothing
else here touches the network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.acceptance.test_change_cli import _git, _write, make_repo
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _try_repo(repo: Path, home: Path, hook: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--color", "never"],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path, manifest=True)


def test_hook_blocks_rotation_with_dataspace_change_and_lets_safe_commits_through(
    repo: Path, pre_commit_home: Path
) -> None:
    # The dangerous commit: rotate production's key pair and change its data space together.
    _write(repo, "production", key="key-2", pem="REVG", space="ds-new")
    _git(repo, "add", "-A")
    blocked = _try_repo(repo, pre_commit_home, "commerce-lint")
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode == 1, output
    assert "fleet/production/env.yaml:13:9: error CHG-NO-ROTATION-WITH-DATASPACE-CHANGE" in output
    assert "Split it into two separate changes" in output
    assert "REVG" not in output and "key-2" not in output

    # Only rotating the pair goes through.
    _write(repo, "production", key="key-2", pem="REVG")
    _git(repo, "add", "-A")
    rotated = _try_repo(repo, pre_commit_home, "commerce-lint")
    assert rotated.returncode == 0, rotated.stdout + rotated.stderr
    _git(repo, "commit", "-qm", "rotate production keys")

    # The same double change on staging goes through.
    _write(repo, "staging", key="key-3", pem="U1RH", space="ds-stage-2", kind="Testing")
    _git(repo, "add", "-A")
    staging = _try_repo(repo, pre_commit_home, "commerce-lint")
    assert staging.returncode == 0, staging.stdout + staging.stderr


def test_fleet_hook_sees_every_instance(repo: Path, pre_commit_home: Path) -> None:
    _write(repo, "staging", space="ds-prod", kind="Production")  # staging onto production's data space
    _git(repo, "add", "-A")
    done = _try_repo(repo, pre_commit_home, "commerce-lint-fleet")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "FLEET-UNIQUE-DATASPACE" in output
    assert "FLEET-PRODUCTION-DATASPACE-ONLY-ON-PRODUCTION" in output
