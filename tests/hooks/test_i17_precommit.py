"""The hooks through real pre-commit, in throwaway repositories: a commit, ``try-repo``, ``run --all-files``
and ``run --from-ref/--to-ref``. The commit that rotates production's key pair and switches its data space
fails in each; each finding is printed once and each instance counted once, however pre-commit would split.

pre-commit builds the hook environment from a local snapshot of this repository (pip may use the package
index for dependencies); the cache is shared by the session (tests/hooks/conftest.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.hooks.conftest import pre_commit
from tests.hooks.i17_fleet import (
    ROTATED_KEY,
    ROTATED_PEM,
    git,
    make_fleet_repo,
    rotate_and_switch,
    write_instance,
)

DANGER = "fleet/production/app/etc/env.php:40:21: error CHG-NO-ROTATION-WITH-DATASPACE-CHANGE"
HookRepo = tuple[Path, str]


def _config(repo: Path, hook_repo: HookRepo, *hooks: str) -> None:
    """A .pre-commit-config.yaml naming the snapshot at its commit, as the README tells users to."""
    path, commit = hook_repo
    listed = "".join(f"      - id: {hook}\n" for hook in hooks or ("commerce-lint", "commerce-lint-fleet"))
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {path}\n    rev: {commit}\n    hooks:\n{listed}"
    )


def _no_secret(output: str) -> None:
    for secret in (
        ROTATED_KEY,
        ROTATED_PEM,
        "acme-prod-api-key-1",
        "QUNNRS1QUklWQVRFLUtFWS0x",
        "db-password",
    ):
        assert secret not in output, secret
        assert secret[:12] not in output, secret


def _once(output: str, line: str) -> None:
    assert output.count(line) == 1, output


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    return make_fleet_repo(tmp_path / "config")


def test_try_repo_stops_the_staged_double_change_and_lets_the_rotation_alone_through(
    repo: Path, hook_repo: HookRepo, pre_commit_home: Path
) -> None:
    path, commit = hook_repo
    rotate_and_switch(repo)
    git(repo, "add", "-A")
    blocked = pre_commit(repo, pre_commit_home, "try-repo", str(path), "commerce-lint", "--ref", commit)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode == 1, output
    _once(output, DANGER)
    _once(output, "3 instances checked")
    assert "production_api_key rotated (" in output and "environment_id changed (" in output
    _no_secret(output)

    # The pair rotated alone (the data space kept) is a safe change.
    write_instance(repo, "production", key=ROTATED_KEY, pem=ROTATED_PEM)
    git(repo, "add", "-A")
    rotated = pre_commit(repo, pre_commit_home, "try-repo", str(path), "commerce-lint", "--ref", commit)
    assert rotated.returncode == 0, rotated.stdout + rotated.stderr


def test_an_installed_hook_refuses_the_commit(repo: Path, hook_repo: HookRepo, pre_commit_home: Path) -> None:
    _config(repo, hook_repo)
    git(repo, "add", ".pre-commit-config.yaml")
    git(repo, "commit", "-qm", "hooks", "--no-verify")
    installed = pre_commit(repo, pre_commit_home, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    head = git(repo, "rev-parse", "HEAD")
    rotate_and_switch(repo)
    git(repo, "add", "-A")
    import subprocess

    committed = subprocess.run(
        ["git", "commit", "-m", "rotate and switch"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**_hook_env(pre_commit_home)},
        timeout=900,
    )
    output = committed.stdout + committed.stderr
    assert committed.returncode != 0, output
    assert git(repo, "rev-parse", "HEAD") == head  # nothing was committed
    _once(output, DANGER)
    _no_secret(output)


def _hook_env(home: Path) -> dict[str, str]:
    import os

    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    return {**environment, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1"}


def test_all_files_runs_instance_and_fleet_rules_and_the_change_staged(
    repo: Path, hook_repo: HookRepo, pre_commit_home: Path
) -> None:
    _config(repo, hook_repo)
    # Committed earlier without the hooks: staging on production's data space (a fleet rule sees it).
    write_instance(repo, "staging", space="da7a5bac-production-0001", space_type="Production")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "staging shares production's data space", "--no-verify")
    clean = pre_commit(repo, pre_commit_home, "run", "--all-files")
    output = clean.stdout + clean.stderr
    assert clean.returncode == 1, output
    assert "FLEET-UNIQUE-DATASPACE" in output  # a fleet rule, over every instance in git
    assert "SAAS-NONPROD-ON-PRODUCTION-DATASPACE" in output  # an instance rule
    assert "CHG-" not in output  # nothing staged, no range: no change to judge
    assert output.count("3 instances checked") == 2, output  # once per hook

    rotate_and_switch(repo)
    git(repo, "add", "-A")
    staged = pre_commit(repo, pre_commit_home, "run", "--all-files")
    output = staged.stdout + staged.stderr
    assert staged.returncode == 1, output
    _once(output, DANGER)
    _no_secret(output)


def test_from_ref_to_ref_judges_the_range_committed_without_the_hooks(
    repo: Path, hook_repo: HookRepo, pre_commit_home: Path
) -> None:
    _config(repo, hook_repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "hooks")
    git(repo, "checkout", "-qb", "feature")
    rotate_and_switch(repo)
    git(repo, "commit", "-qam", "rotate and switch", "--no-verify")
    write_instance(repo, "dev", space="da7a5bac-dev-0002")  # a later, harmless commit on the branch
    git(repo, "commit", "-qam", "dev moves", "--no-verify")

    ranged = pre_commit(repo, pre_commit_home, "run", "--from-ref", "main", "--to-ref", "HEAD")
    output = ranged.stdout + ranged.stderr
    assert ranged.returncode == 1, output
    _once(output, DANGER)  # HEAD is checked out: its files are named as on disk
    _no_secret(output)

    # --all-files with the range: every instance, and the change rules over the range.
    every = pre_commit(repo, pre_commit_home, "run", "--all-files", "--from-ref", "main", "--to-ref", "HEAD")
    assert every.returncode == 1 and (every.stdout + every.stderr).count(DANGER) == 1, every.stdout

    # The range as pre-push gives it, with another branch checked out: read from git, named REV:path.
    git(repo, "checkout", "-q", "main")
    pushed = pre_commit(repo, pre_commit_home, "run", "--from-ref", "main", "--to-ref", "feature")
    output = pushed.stdout + pushed.stderr
    assert pushed.returncode == 1, output
    _once(output, f"feature:{DANGER}")
    assert (repo / "fleet/production/app/etc/env.php").read_text().count(
        ROTATED_KEY
    ) == 0  # work tree as it was

    # A range without the double change passes.
    harmless = pre_commit(repo, pre_commit_home, "run", "--from-ref", "feature~1", "--to-ref", "feature")
    assert harmless.returncode == 0, harmless.stdout + harmless.stderr


# Folder names long enough that the instances' file names fill more than one of pre-commit's command lines.
DEEP = "/".join(f"{'region-' + str(level) + '-':x<240}" for level in range(4))


def test_a_fleet_too_long_for_one_command_line_is_checked_and_counted_once(
    tmp_path: Path, hook_repo: HookRepo, pre_commit_home: Path
) -> None:
    from pre_commit.xargs import partition

    repo = make_fleet_repo(tmp_path / "config")
    count = 70
    for number in range(count):
        write_instance(repo, f"shop{number:02}", folder=f"fleet/{DEEP}", project=f"p{number:02}")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "many shops", "--no-verify")
    names = git(repo, "ls-files").split()
    assert len(partition(("commerce-lint",), names, 1)) > 1  # handed file names, pre-commit would split

    _config(repo, hook_repo)
    write_instance(
        repo,
        "shop07",
        folder=f"fleet/{DEEP}",
        project="p07",
        key=ROTATED_KEY,
        pem=ROTATED_PEM,
        space="ds-new",
    )
    git(repo, "add", "-A")
    done = pre_commit(repo, pre_commit_home, "run", "--all-files", "--verbose")  # passing hooks print too
    output = done.stdout + done.stderr
    tail = output[-2000:]
    assert done.returncode == 1, tail
    total = f"{count + 3} instances checked"
    assert output.count(total) == 2, tail  # one summary per hook, every instance in it
    assert output.count("error CHG-NO-ROTATION-WITH-DATASPACE-CHANGE") == 1, tail
    assert len(re.findall(r"^shop07 \(production", output, re.MULTILINE)) == 1, tail
    _no_secret(output)
