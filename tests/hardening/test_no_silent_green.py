"""No silent green: a run that would check nothing (a typo in a rule id, no instance found, nothing to
compare with) exits 2 and says why, instead of "0 instances checked" and exit 0."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_cli
from tests.support.rules import instance_rule

FLEET = str(EXAMPLES / "fleet")


def _rule(folder: Path, rule_id: str, message: str = "m") -> Path:
    """A valid one-case instance rule that fails when web/secure/base_url is set."""
    return instance_rule(folder, rule_id, "{set: web/secure/base_url}", message, "testing selection")


def _settings(folder: Path, text: str) -> Path:
    (folder / ".git").mkdir(exist_ok=True)  # the settings search stops here
    (folder / "commerce-lint.yaml").write_text(text)
    return folder


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["--select", "CSC-KEYPAIR-COMPLET"], "--select 'CSC-KEYPAIR-COMPLET' matches no rule (did you mean"),
        (["--select", "CSC-KEYPAIR-COMPLETE,NOPE-*"], "--select 'NOPE-*' matches no rule"),
        (["--ignore", "CSC-PRIVAT-KEY-PEM"], "did you mean CSC-PRIVATE-KEY-PEM?"),
        (["--select", "CSC-KEYPAIR-*", "--levels", "fleet"], "no rule left to run"),
        (["--ignore", "*"], "no rule left to run"),
        (["--levels", "instance,fleat"], "unknown rule level fleat"),
        (["--levels", "change"], "only change rules are selected and there is nothing to compare with"),
    ],
)
def test_a_selection_that_runs_nothing_is_a_usage_error(flags: list[str], expected: str) -> None:
    done = run_cli("check", FLEET, *flags)
    assert done.returncode == 2, done.stdout + done.stderr
    assert expected in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_selection_is_case_insensitive_and_globs_still_work() -> None:
    done = run_cli("check", FLEET, "--select", "csc-*", "--ignore", "csc-keypair-complete")
    assert done.returncode in (0, 1) and done.stderr == "", done.stderr
    assert "3 instances checked" in done.stdout


def test_an_odd_pattern_stays_on_one_line() -> None:
    done = run_cli("check", FLEET, "--select", "CSC-\nX\x1b[31m")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "\x1b" not in done.stderr
    assert "matches no rule" in done.stderr


def test_rules_from_extra_folders_can_be_selected(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    _rule(folder, "ACME-ANY")
    assert run_cli("check", FLEET, "--rules", str(folder), "--select", "ACME-ANY").returncode == 0
    done = run_cli("check", FLEET, "--select", "ACME-ANY")  # without the folder the id is unknown
    assert done.returncode == 2 and "'ACME-ANY' matches no rule" in done.stderr


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            "select:\n  - CSC-KEYPAIR-COMPLETE\n  - CSC-PRIVAT-KEY-PEM\n",
            "commerce-lint.yaml:3:",
            "select: 'CSC-PRIVAT-KEY-PEM' matches no rule (did you mean CSC-PRIVATE-KEY-PEM?)",
        ),
        ("ignore: [ACME-*]\n", "commerce-lint.yaml:1:", "ignore: 'ACME-*' matches no rule"),
        (
            "fail_on: warning\nseverity:\n  CSC-KEYPAIR-COMPLETE: error\n  CSC-KEYPAIR-COMPLET: info\n",
            "commerce-lint.yaml:4:",
            "severity: 'CSC-KEYPAIR-COMPLET' matches no rule",
        ),
    ],
)
def test_settings_naming_no_rule_point_at_their_line(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    _settings(tmp_path, text)
    done = run_cli("check", FLEET, cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert where in done.stderr and message in done.stderr, done.stderr


def test_a_flag_replaces_the_settings_list_it_overrides(tmp_path: Path) -> None:
    # The settings' select is not used when --select is given, so its typo is not this run's problem.
    _settings(tmp_path, "select: [CSC-TYPO]\n")
    done = run_cli("check", FLEET, "--select", "CSC-KEYPAIR-COMPLETE", cwd=tmp_path)
    assert done.returncode in (0, 1) and done.stderr == "", done.stderr


def test_pyproject_settings_are_checked_too(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    toml = '[project]\nname = "x"\n\n[tool.commerce-lint]\nselect = ["A-B"]\n'
    (tmp_path / "pyproject.toml").write_text(toml)
    done = run_cli("check", FLEET, cwd=tmp_path)
    assert done.returncode == 2 and "pyproject.toml:5: select: 'A-B' matches no rule" in done.stderr


@pytest.mark.parametrize("command", ["check", "report", "baseline"])
def test_a_folder_without_instances_is_an_error(tmp_path: Path, command: str) -> None:
    empty = tmp_path / "nothing here"
    empty.mkdir()
    (empty / "README.md").write_text("no configuration\n")
    output = tmp_path / "out"
    done = run_cli(command, str(empty), "--output", str(output))
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"no instance found under {str(empty)!r}" in done.stderr and "Traceback" not in done.stderr
    # check and report still write what they were asked for; a baseline of nothing is not written
    assert output.exists() is (command != "baseline")


def test_reports_are_still_written_and_say_the_run_failed(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    sarif = tmp_path / "out.sarif"
    done = run_cli("check", str(empty), "--format", f"sarif={sarif}", "--format", "text")
    assert done.returncode == 2
    invocation = json.loads(sarif.read_text())["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "no instance found" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_a_path_with_a_newline_is_named_on_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "a\nb"
    empty.mkdir()
    done = run_cli("check", str(empty))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "'a\\nb'" in done.stderr.replace(str(tmp_path) + "/", "")


def test_one_empty_path_among_good_ones_is_fine(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    done = run_cli("check", FLEET, str(empty))
    assert done.returncode == 1 and "3 instances checked" in done.stdout and done.stderr == ""


def test_an_inventory_with_no_instance_under_the_paths(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "fleet" / "production", tmp_path / "prod")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "config.json").write_text("{}\n")
    _settings(tmp_path, "instances:\n  - name: prod\n    files: [prod/env.yaml]\n")
    found = run_cli("check", cwd=tmp_path)
    assert found.returncode in (0, 1) and "1 instance checked" in found.stdout, found.stderr
    done = run_cli("check", "docs/config.json", cwd=tmp_path)
    assert done.returncode == 2
    assert "no instance of the inventory in commerce-lint.yaml has a file under 'docs/config.json'" in (
        done.stderr
    )


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "config", "user.email", "t@example.invalid")
    _git(tmp_path, "config", "user.name", "t")
    (tmp_path / "README.md").write_text("hello\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "initial")
    return tmp_path


def test_staged_in_a_repository_without_instances_is_an_error(repo: Path) -> None:
    # Someone runs the hook (or `check --staged`) where no instance is tracked: it checks nothing.
    done = run_cli("check", "--staged", "--levels", "instance,change", cwd=repo)
    assert done.returncode == 2
    assert "no instance found under '.' in the git index" in done.stderr


def test_a_staged_file_named_in_a_hidden_folder_is_checked_as_on_disk(repo: Path) -> None:
    # The hook passes the staged names it matched. A hidden folder is skipped while scanning, but a
    # named file is read, as `check .github/config.yml` reads it from disk: never dropped unchecked.
    (repo / ".github").mkdir()
    (repo / ".github" / "config.yml").write_text("a: 1\n")
    (repo / ".hidden" / "prod").mkdir(parents=True)
    (repo / ".hidden" / "prod" / "env.yaml").write_text("a: 1\n")
    _git(repo, "add", "-A")
    named = run_cli("check", "--staged", ".github/config.yml", "--format", "json", cwd=repo)
    on_disk = run_cli("check", ".github/config.yml", "--format", "json", cwd=repo)
    assert named.returncode == on_disk.returncode == 0, named.stderr
    assert [i["name"] for i in json.loads(named.stdout)["instances"]] == [".github"]
    scanned = run_cli("check", "--staged", "--format", "json", cwd=repo)  # scanning skips .hidden
    assert scanned.returncode == 2 and "no instance found under '.' in the git index" in scanned.stderr


def test_staged_removal_of_every_instance_is_still_checked(repo: Path) -> None:
    # The index has no instance but HEAD had one: a change (the removal) to check, not "nothing".
    shutil.copytree(EXAMPLES / "fleet" / "production", repo / "production")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "production")
    _git(repo, "rm", "-rq", "production")
    done = run_cli("check", "--staged", cwd=repo)
    assert "no instance found" not in done.stderr
    assert done.returncode in (0, 1) and "CHG-" in done.stdout


def test_jobs_are_capped_with_a_notice(tmp_path: Path) -> None:
    fleet = tmp_path / "fleet"
    for index in range(20):  # enough instances for worker processes to start
        shutil.copytree(EXAMPLES / "fleet" / "staging", fleet / f"staging-{index:02}")
    started = time.monotonic()
    done = run_cli("check", str(fleet), "--jobs", "100000", "--levels", "instance")
    assert done.returncode in (0, 1), done.stderr
    cores = len(os.sched_getaffinity(0))
    assert f"warning: --jobs 100000 is more than 4 per core; using {4 * cores}" in done.stderr
    assert "20 instances checked" in done.stdout
    assert time.monotonic() - started < 60


def test_jobs_from_the_settings_are_capped_too(tmp_path: Path) -> None:
    _settings(tmp_path, "jobs: 5000\n")
    done = run_cli("check", FLEET, cwd=tmp_path)
    assert "warning: settings jobs: 5000 is more than 4 per core" in done.stderr
    assert run_cli("check", FLEET, "--jobs", "2", cwd=tmp_path).stderr == ""


def test_a_rule_file_edited_within_the_same_second_and_size_is_not_served_stale(tmp_path: Path) -> None:
    cache = {"COMMERCE_LINT_CACHE_DIR": str(tmp_path / "cache")}
    folder = tmp_path / "rules"

    def write(word: str) -> Path:
        return _rule(folder, "ACME-MSG", f"word-{word}")

    rule = write("aaaa")
    stamp = rule.stat()
    target = tmp_path / "prod"
    target.mkdir()
    (target / "env.yaml").write_text("system:\n  default:\n    web:\n      secure: {base_url: x}\n")
    first = run_cli("check", str(target), "--rules", str(folder), "--select", "ACME-MSG", env=cache)
    assert "word-aaaa" in first.stdout
    write("bbbb")  # same size; then the same modification time, to the nanosecond
    os.utime(rule, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert rule.stat().st_size == stamp.st_size and rule.stat().st_mtime_ns == stamp.st_mtime_ns
    second = run_cli("check", str(target), "--rules", str(folder), "--select", "ACME-MSG", env=cache)
    assert "word-bbbb" in second.stdout and "word-aaaa" not in second.stdout


def test_rules_test_on_a_folder_without_rule_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("rules live elsewhere\n")
    done = run_cli("rules", "test", str(tmp_path))
    assert done.returncode == 2 and "no rule file" in done.stderr and str(tmp_path) in done.stderr
    _rule(tmp_path / "rules", "ACME-ANY")
    found = run_cli("rules", "test", str(tmp_path / "rules"))  # its fail example has no input: 1 fails
    assert found.returncode == 1 and "1 passed, 1 failed" in found.stdout, found.stdout + found.stderr


def test_a_huge_pattern_is_shortened_in_the_message() -> None:
    done = run_cli("check", FLEET, "--select", "NOPE*" * 20_000)
    assert done.returncode == 2 and "matches no rule" in done.stderr and len(done.stderr) < 300


def test_change_rules_on_the_first_commit_are_a_true_pass(tmp_path: Path) -> None:
    # Before the first commit there is no HEAD: every staged file is added and no change rule
    # applies. That is an honest pass, not a typo, so the change-only hook must not block it.
    _git(tmp_path, "init", "-q", "-b", "main")
    shutil.copytree(EXAMPLES / "fleet" / "production", tmp_path / "production")
    _git(tmp_path, "add", "-A")
    done = run_cli("check", "--staged", "--levels", "change", cwd=tmp_path)
    assert done.returncode == 0 and "1 instance checked" in done.stdout, done.stderr
