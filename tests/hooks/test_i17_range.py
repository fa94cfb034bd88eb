"""``check --pre-commit``: the range pre-commit names in its environment, else the index against HEAD.

Run in this process (tests/support/inprocess.py) in throwaway repositories; the hooks through real
pre-commit are in test_i17_precommit.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hooks.i17_fleet import (
    ROTATED_KEY,
    ROTATED_PEM,
    git,
    make_fleet_repo,
    rotate_and_switch,
    write_instance,
)
from tests.support.inprocess import run_main

DANGER = "error CHG-NO-ROTATION-WITH-DATASPACE-CHANGE"
ENV_PHP = "fleet/production/app/etc/env.php"


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fleet committed on main, a branch ``feature`` with the double change; main checked out."""
    for name in ("PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"):
        monkeypatch.delenv(name, raising=False)
    repo = make_fleet_repo(tmp_path / "config")
    git(repo, "checkout", "-qb", "feature")
    rotate_and_switch(repo)
    git(repo, "commit", "-qam", "rotate and switch")
    git(repo, "checkout", "-q", "main")
    monkeypatch.chdir(repo)
    return repo


def _range(monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> None:
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", old)
    monkeypatch.setenv("PRE_COMMIT_TO_REF", new)


def _check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    return run_main(monkeypatch, capsys, "check", "--pre-commit", "--levels", "instance,change", *args)


def test_the_range_is_read_from_git_and_named_by_revision_when_not_checked_out(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _range(monkeypatch, "main", "feature")
    code, out, err = _check(monkeypatch, capsys)
    assert code == 1, out + err
    assert out.count(f"feature:{ENV_PHP}:40:21: {DANGER}") == 1, out
    assert ROTATED_KEY[:12] not in out + err and ROTATED_PEM[:12] not in out + err

    git(repo, "checkout", "-q", "feature")  # checked out: the files are named as on disk
    code, out, _ = _check(monkeypatch, capsys)
    assert code == 1 and out.count(f"\n  {ENV_PHP}:40:21: {DANGER}") == 1, out


def test_the_range_starts_at_the_merge_base_as_pre_commit_lists_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A branch moves production to a new data space (alone, a safe change); meanwhile main rotates the
    # key pair (alone, safe too). Against main's tip the branch would look like both at once; against the
    # merge base, what `git diff main...branch` and a pull request show, it changes the data space only.
    git(repo, "checkout", "-qb", "space-only")
    write_instance(repo, "production", space="da7a5bac-production-0002")
    git(repo, "commit", "-qam", "production moves to a new data space")
    git(repo, "checkout", "-q", "main")
    write_instance(repo, "production", key=ROTATED_KEY, pem=ROTATED_PEM)
    git(repo, "commit", "-qam", "rotate production's key pair")
    _range(monkeypatch, "main", "space-only")
    code, out, err = _check(monkeypatch, capsys)
    assert code == 0 and "CHG-NO-ROTATION" not in out, out + err


def test_without_a_merge_base_the_old_revision_itself_is_compared(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # An orphan branch with the original fleet: no common history, as a shallow CI clone may see it.
    git(repo, "checkout", "-q", "--orphan", "orphan", "main")
    git(repo, "commit", "-qm", "orphan copy of the fleet")
    _range(monkeypatch, "orphan", "feature")
    code, out, _ = _check(monkeypatch, capsys)
    assert code == 1 and out.count(DANGER) == 1, out


def test_no_range_means_the_index_against_head(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _check(monkeypatch, capsys)
    assert code == 0 and "3 instances checked" in out, out + err
    rotate_and_switch(repo)  # on disk only: the index is what is committed
    assert _check(monkeypatch, capsys)[0] == 0
    git(repo, "add", "-A")
    code, out, _ = _check(monkeypatch, capsys)
    assert code == 1 and out.count(f"{ENV_PHP}:40:21: {DANGER}") == 1, out


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"PRE_COMMIT_FROM_REF": "main"}, "PRE_COMMIT_TO_REF is not set"),
        ({"PRE_COMMIT_TO_REF": "feature"}, "PRE_COMMIT_FROM_REF is not set"),
        (
            {"PRE_COMMIT_FROM_REF": "main", "PRE_COMMIT_TO_REF": "no-such-branch"},
            "'no-such-branch' (new side)",
        ),
        ({"PRE_COMMIT_FROM_REF": "--output=x", "PRE_COMMIT_TO_REF": "feature"}, "'--output=x' (old side)"),
        (
            {"PRE_COMMIT_FROM_REF": "main", "PRE_COMMIT_TO_REF": "feature\x1b[2J"},
            "'feature\\x1b[2J' (new side)",
        ),
    ],
)
def test_a_range_that_cannot_be_read_is_an_error_not_a_pass(
    repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    environment: dict[str, str],
    message: str,
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    code, out, err = _check(monkeypatch, capsys)
    assert code == 2, out + err
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert "\x1b" not in err
    assert not (repo / "x").exists()


def test_pre_commit_is_one_of_the_comparisons(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for other in (["--staged"], ["--base", "main"], ["--before", "fleet"]):
        code, _, err = _check(monkeypatch, capsys, *other)
        assert code == 2 and "use only one of --pre-commit" in err, err


def test_a_broken_file_in_the_new_revision_is_named_and_its_secret_kept(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    git(repo, "checkout", "-q", "feature")
    path = repo / ENV_PHP
    text = path.read_text()
    broken = text.replace(f"'{ROTATED_KEY}',", f"'{ROTATED_KEY}'\n\xff\xfe =>", 1)
    assert broken != text
    path.write_bytes(broken.encode("utf-8", "surrogateescape"))
    git(repo, "commit", "-qam", "a typo")
    git(repo, "checkout", "-q", "main")
    _range(monkeypatch, "main", "feature")
    code, out, err = _check(monkeypatch, capsys)
    assert code == 2, out + err
    assert err.strip().splitlines() == [
        f"commerce-lint: error: feature:{ENV_PHP}:27:1: expected ',' or ']' but found a name"
    ]
    assert ROTATED_KEY[:12] not in out + err
    assert "2 instances checked: 0 errors, 0 warnings, 4 infos; 1 input error" in out  # the others still are


def test_a_fleet_hook_run_reads_every_instance_of_the_new_revision(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    git(repo, "checkout", "-q", "feature")
    write_instance(repo, "staging", space="da7a5bac-production-0002", space_type="Production")
    git(repo, "commit", "-qam", "staging onto production's new data space")
    git(repo, "checkout", "-q", "main")
    _range(monkeypatch, "main", "feature")
    code, out, err = run_main(monkeypatch, capsys, "check", "--pre-commit", "--levels", "fleet")
    assert code == 1, out + err
    assert "FLEET-UNIQUE-DATASPACE" in out and "3 instances checked" in out
    assert "CHG-" not in out


def test_paths_given_to_the_hook_narrow_what_it_reads(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "tools").mkdir()
    (repo / "tools" / "config.json").write_text('{"compilerOptions": ')  # another tool's, and broken
    git(repo, "add", "-A")
    assert _check(monkeypatch, capsys)[0] == 2  # the whole repository: the stray file is read
    _range(monkeypatch, "main", "feature")
    code, out, err = _check(monkeypatch, capsys, "fleet/production", "fleet/staging")  # args: [...]
    assert code == 1 and "2 instances checked" in out and out.count(DANGER) == 1, out + err
