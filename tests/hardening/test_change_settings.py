"""The before side is read with the settings committed at that revision: today's inventory cannot
re-label the instance that a commit rotates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.acceptance.test_change_cli import _git, _write, make_repo
from tests.conftest import run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

DOUBLE_CHANGE = "CHG-NO-ROTATION-WITH-DATASPACE-CHANGE"


def _inventory(env_type: str) -> str:
    return (
        "instances:\n"
        f"  - name: production\n    environment_type: {env_type}\n    files: [fleet/production/env.yaml]\n"
        "  - name: staging\n    environment_type: staging\n    files: [fleet/staging/env.yaml]\n"
    )


def _rotate(repo: Path) -> None:
    _write(repo, "production", key="key-2", pem="TkVX", space="ds-new", kind="Testing")
    _git(repo, "add", "-A")


@pytest.mark.parametrize("flag", ["--staged", "--base"])
def test_a_settings_file_added_in_the_same_commit_does_not_relabel_the_before_state(
    tmp_path: Path, flag: str
) -> None:
    repo = make_repo(tmp_path, manifest=True)  # production by its manifest
    _rotate(repo)
    (repo / "commerce-lint.yaml").write_text(_inventory("development"))
    _git(repo, "add", "-A")
    args = ["--staged"] if flag == "--staged" else ["--base", "HEAD"]
    done = run_cli("check", *args, "--levels", "instance,change", cwd=repo)
    assert done.returncode == 1, done.stdout + done.stderr
    assert DOUBLE_CHANGE in done.stdout and "production before this change" in done.stdout


def test_an_inventory_type_changed_in_the_same_commit_does_not_turn_the_rule_off(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)  # no manifest: the inventory is the only word on the type
    (repo / "commerce-lint.yaml").write_text(_inventory("production"))
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "inventory")
    _rotate(repo)
    (repo / "commerce-lint.yaml").write_text(_inventory("development"))
    _git(repo, "add", "-A")
    done = run_cli("check", "--staged", "--levels", "instance,change", cwd=repo)
    assert done.returncode == 1, done.stdout + done.stderr
    assert DOUBLE_CHANGE in done.stdout


def test_a_committed_settings_file_that_does_not_parse_is_an_error(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    (repo / "commerce-lint.yaml").write_text("instances: [\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "broken settings")
    (repo / "commerce-lint.yaml").write_text(_inventory("production"))
    _rotate(repo)
    done = run_cli("check", "--base", "HEAD", cwd=repo)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "HEAD:commerce-lint.yaml" in done.stderr and "Traceback" not in done.stderr
