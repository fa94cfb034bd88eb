"""The change gate never passes silently: an unreadable before state, odd file names, hook arguments.

Every test drives the CLI in a throwaway git repository (tests/acceptance/test_change_cli.py's helpers).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.acceptance.test_change_cli import _git, _write, make_repo
from tests.acceptance.test_precommit_hook import _try_repo
from tests.conftest import run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

DOUBLE_CHANGE = "CHG-NO-ROTATION-WITH-DATASPACE-CHANGE"
OLD_KEY, NEW_KEY = "OLD-key-7f3a9c1e5b", "NEW-key-2d8e4a6f0c"

ENV_PHP = """\
<?php
return [
  'system' => [
    'default' => [
      'services_connector' => [
        'services_connector_integration' => [
          'production_api_key' => '{key}',
          'production_private_key' => "-----BEGIN PRIVATE KEY-----\\n{pem}\\n-----END PRIVATE KEY-----",
        ],
        'services_id' => [
          'project_id' => 'p-acme',
          'environment_id' => '{space}',
          'environment' => 'Production',
        ],
      ],
    ],
  ]{tail}
];
"""


def _php(root: Path, key: str, pem: str, space: str, tail: str = ",") -> Path:
    path = root / "fleet" / "production" / "app" / "etc" / "env.php"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ENV_PHP.format(key=key, pem=pem, space=space, tail=tail))
    return path


def _check(repo: Path, *args: str, fmt: str = "text") -> subprocess.CompletedProcess[str]:
    return run_cli("check", "fleet", *args, "--select", "CHG-*", "--format", fmt, cwd=repo)


def _error_lines(done: subprocess.CompletedProcess[str]) -> list[str]:
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert "Traceback" not in done.stderr + done.stdout
    return lines


def _not_evaluated(done: subprocess.CompletedProcess[str]) -> dict[str, set[str]]:
    """instance -> rules the JSON report lists as not evaluated."""
    found: dict[str, set[str]] = {}
    for item in json.loads(done.stdout)["not_evaluated"]:
        found.setdefault(item["instance"], set()).add(item["rule"])
    return found


def _junit_errors(done: subprocess.CompletedProcess[str], instance: str) -> set[str]:
    suites = {suite.get("name"): suite for suite in ET.fromstring(done.stdout).iter("testsuite")}
    return {
        case.get("name", "") for case in suites[instance].iter("testcase") if case.find("error") is not None
    }


def _break_production(repo: Path) -> None:
    """Commit a production dump that does not parse (line 16 opens a list that never closes)."""
    path = repo / "fleet" / "production" / "env.yaml"
    path.write_text(path.read_text() + "  broken: [\n")
    _git(repo, "commit", "-qam", "a broken production dump")


def _assert_gate_did_not_pass(repo: Path, *args: str, where: str) -> None:
    """Exit 2, one error line naming the before-side file, and the change rules not evaluated in text,
    JSON and JUnit; no key material in any of them."""
    text = _check(repo, *args)
    assert text.returncode == 2, text.stdout + text.stderr
    errors = _error_lines(text)
    assert len(errors) == 1 and where in errors[0], text.stderr
    assert "production: 6 rules not evaluated: its before state could not be read" in text.stdout
    assert DOUBLE_CHANGE in text.stdout and "6 rules not evaluated" in text.stdout.splitlines()[-1]
    report = _check(repo, *args, fmt="json")
    assert report.returncode == 2
    assert DOUBLE_CHANGE in _not_evaluated(report)["production"]
    assert "staging" not in _not_evaluated(report)  # its before state loaded: evaluated as usual
    assert json.loads(report.stdout)["summary"]["not_evaluated"] == 6
    junit = _check(repo, *args, fmt="junit")
    assert junit.returncode == 2 and DOUBLE_CHANGE in _junit_errors(junit, "production")
    for done in (text, report, junit):
        output = done.stdout + done.stderr
        assert "REVG" not in output and "key-2" not in output


def test_base_revision_that_does_not_parse_is_an_input_error_not_an_added_instance(repo: Path) -> None:
    _break_production(repo)
    _write(repo, "production", key="key-2", pem="REVG", space="ds-new")  # the fix also rotates the keys
    _assert_gate_did_not_pass(repo, "--base", "HEAD", where="HEAD:fleet/production/env.yaml:16")


def test_staged_against_a_head_that_does_not_parse(repo: Path) -> None:
    _break_production(repo)
    _write(repo, "production", key="key-2", pem="REVG", space="ds-new")
    _git(repo, "add", "-A")
    _assert_gate_did_not_pass(repo, "--staged", where="HEAD:fleet/production/env.yaml:16")


def test_base_revision_over_the_size_limit(repo: Path) -> None:
    path = repo / "fleet" / "production" / "env.yaml"
    path.write_text(path.read_text() + "# padding\n" * 400)
    size = path.stat().st_size
    _git(repo, "commit", "-qam", "a large production dump")
    _write(repo, "production", key="key-2", pem="REVG", space="ds-new")  # small again, and changed
    limit = str(path.stat().st_size + 100)
    _assert_gate_did_not_pass(repo, "--base", "HEAD", "--max-file-size", limit, where="over the")
    done = _check(repo, "--base", "HEAD", "--max-file-size", limit)
    assert f"HEAD:fleet/production/env.yaml: file is {size} bytes in HEAD, over the" in done.stderr


def test_runs_without_change_rules_do_not_read_the_before_state(repo: Path) -> None:
    _break_production(repo)
    _write(repo, "production", key="key-2", pem="REVG", space="ds-new")
    _git(repo, "add", "-A")
    for levels in ("fleet", "instance"):  # the fleet hook, and a check that asks for no change rules
        done = run_cli("check", "fleet", "--staged", "--levels", levels, cwd=repo)
        assert done.returncode in (0, 1) and not done.stderr, done.stderr


def test_before_directory_whose_file_does_not_parse(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    _write(old, "production")
    _write(old, "staging", space="ds-stage", kind="Testing")
    (old / "fleet" / "production" / "env.yaml").write_text("system:\n  default: [\n")
    _write(new, "production", key="key-2", pem="REVG", space="ds-new")
    _write(new, "staging", space="ds-stage", kind="Testing")
    where = str(old / "fleet" / "production" / "env.yaml") + ":"
    _assert_gate_did_not_pass(new, "--before", str(old / "fleet"), where=where)


def test_worker_processes_report_the_unreadable_before_state_too(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    names = [f"prod-{number:02d}" for number in range(20)]  # enough for --jobs to start workers
    for name in names:
        _write(old, name)
        _write(new, name, key="key-2", pem="REVG", space="ds-new")
    (old / "fleet" / "prod-07" / "env.yaml").write_text("system: [\n")
    done = run_cli(
        "check",
        str(new / "fleet"),
        "--before",
        str(old / "fleet"),
        "--select",
        DOUBLE_CHANGE,
        "--jobs",
        "2",
        "--format",
        "json",
    )
    assert done.returncode == 2 and "prod-07/env.yaml:2" in done.stderr
    assert _not_evaluated(done) == {"prod-07": {DOUBLE_CHANGE}}
    assert len(json.loads(done.stdout)["findings"]) == 19


def test_before_env_php_with_a_syntax_error_while_keys_rotate_and_the_data_space_switches(
    tmp_path: Path,
) -> None:
    repo = make_repo(tmp_path)
    _php(repo, OLD_KEY, "T0xEUEVN", "ds-prod", tail="\n  'broken' => 1,")  # no comma before line 18
    (repo / "fleet" / "production" / "env.yaml").unlink()
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "production as env.php, with a syntax error")
    _php(repo, NEW_KEY, "TkVXUEVN", "ds-new")
    outputs = []
    for fmt in ("text", "json", "junit", "sarif", "github", "markdown", "html"):
        done = _check(repo, "--base", "HEAD", fmt=fmt)
        assert done.returncode == 2, (fmt, done.stdout, done.stderr)
        errors = _error_lines(done)
        assert len(errors) == 1 and "HEAD:fleet/production/app/etc/env.php:18:3" in errors[0], done.stderr
        assert "before state could not be read" in done.stdout, fmt  # every format says so
        outputs.append(done.stdout + done.stderr)
    assert DOUBLE_CHANGE in _not_evaluated(_check(repo, "--base", "HEAD", fmt="json"))["production"]
    for output in outputs:
        for secret in (OLD_KEY, NEW_KEY, "T0xEUEVN", "TkVXUEVN"):
            for start in range(0, len(secret) - 7):
                assert secret[start : start + 8] not in output


def test_added_instance_is_still_added(repo: Path) -> None:
    _write(repo, "development", key="key-9", space="ds-dev", kind="Testing")
    done = _check(repo, "--base", "HEAD", "--fail-on", "info", fmt="json")
    assert done.returncode == 0 and not done.stderr, done.stderr
    assert _not_evaluated(done) == {}
    junit = _check(repo, "--base", "HEAD", fmt="junit")
    cases = [
        c for s in ET.fromstring(junit.stdout).iter("testsuite") if s.get("name") == "development" for c in s
    ]
    assert len(cases) == 6
    assert all(case.find("skipped") is not None and case.find("error") is None for case in cases)
    assert "not evaluated" not in _check(repo, "--base", "HEAD").stdout


def test_removed_instance_whose_before_does_not_parse(repo: Path) -> None:
    _break_production(repo)
    _git(repo, "rm", "-q", "-r", "fleet/production")
    done = _check(repo, "--base", "HEAD", fmt="json")
    assert done.returncode == 2
    assert "HEAD:fleet/production/env.yaml:16" in done.stderr
    assert _not_evaluated(done) == {"production": {"CHG-PRODUCTION-INSTANCE-REMOVED"}}


def test_after_state_that_does_not_load_is_not_taken_for_a_removed_instance(repo: Path) -> None:
    (repo / "fleet" / "production" / "env.yaml").write_text("system: [\n")
    done = _check(repo, "--base", "HEAD", "--fail-on", "info")
    assert done.returncode == 2
    assert "fleet/production/env.yaml:" in done.stderr and "HEAD:" not in done.stderr
    assert "CHG-PRODUCTION-INSTANCE-REMOVED" not in done.stdout


def test_before_manifest_that_does_not_parse_still_matches_its_instance(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, manifest=True)
    manifest = repo / "fleet" / "production" / "instance.yaml"
    manifest.write_text("name: eu-live\nenvironment_type: [\n")
    _git(repo, "commit", "-qam", "a broken manifest")
    manifest.write_text("name: eu-live\nenvironment_type: production\n")
    _write(repo, "production", key="key-2", pem="REVG", space="ds-new")
    done = _check(repo, "--base", "HEAD", fmt="json")
    assert done.returncode == 2
    assert "HEAD:fleet/production/instance.yaml:" in done.stderr
    assert DOUBLE_CHANGE in _not_evaluated(done)["eu-live"]


def test_blob_that_cannot_be_read_is_an_error_not_an_empty_file(repo: Path) -> None:
    blob = subprocess.run(
        ["git", "rev-parse", "HEAD:fleet/production/env.yaml"], cwd=repo, capture_output=True, text=True
    ).stdout.strip()
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()  # a corrupt or partial clone
    _write(repo, "production", key="key-2", pem="REVG", space="ds-new")
    done = _check(repo, "--base", "HEAD", fmt="json")
    assert done.returncode == 2
    assert "HEAD:fleet/production/env.yaml: cannot read this file from HEAD" in done.stderr
    assert DOUBLE_CHANGE in _not_evaluated(done)["production"]


def test_symbolic_link_in_the_revision_is_an_error(repo: Path) -> None:
    (repo / "shared.yaml").write_text((repo / "fleet" / "production" / "env.yaml").read_text())
    path = repo / "fleet" / "production" / "env.yaml"
    path.unlink()
    path.symlink_to("../../shared.yaml")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "production links a shared dump")
    path.unlink()
    _write(repo, "production", key="key-2", pem="REVG", space="ds-new")
    done = _check(repo, "--base", "HEAD")
    assert done.returncode == 2
    assert "HEAD:fleet/production/env.yaml: is a symbolic link in HEAD" in done.stderr


# Production by name only beside a place (env_type_from_word): odd characters, yet still "eu-prod".
ODD_NAMES = ["eu\nwest-prod", "eu\teast-prod", 'us"eu-prod', "-eu-prod", "us east-prod", "*-prod"]
ODD_SHOWN = ["eu\\nwest-prod", "eu\\teast-prod", 'us"eu-prod', "-eu-prod", "us east-prod", "*-prod"]
LATIN1 = os.fsdecode(b"eu\xe9-prod")  # a name whose bytes are not UTF-8


@pytest.mark.parametrize("mode", ["--base", "--staged"])
def test_every_name_git_can_track_is_read(tmp_path: Path, mode: str) -> None:
    repo = make_repo(tmp_path)
    for name in [*ODD_NAMES, LATIN1]:
        _write(repo, name)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "instances with odd names")
    for name in [*ODD_NAMES, LATIN1, "production"]:
        _write(repo, name, key="key-2", pem="REVG", space="ds-new")
    _git(repo, "add", "-A")
    args = ["--staged"] if mode == "--staged" else ["--base", "HEAD"]
    done = run_cli("check", "fleet", *args, "--select", DOUBLE_CHANGE, "--format", "json", cwd=repo)
    assert done.returncode == 1 and not done.stderr, done.stderr
    flagged = {finding["instance"] for finding in json.loads(done.stdout)["findings"]}
    assert flagged == {*ODD_SHOWN, "eu\\xe9-prod", "production"}
    text = run_cli("check", "fleet", *args, "--select", DOUBLE_CHANGE, cwd=repo)
    assert "fleet/eu\\nwest-prod/env.yaml:13:9: error" in text.stdout
    assert "fleet/eu\\xe9-prod/env.yaml:13:9: error" in text.stdout


def test_a_path_argument_is_a_name_not_a_pattern(repo: Path) -> None:
    _write(repo, "prod*")  # as a git pathspec pattern, 'fleet/prod*' would also match fleet/production
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "a directory called prod*")
    for name in ("prod*", "production"):
        _write(repo, name, key="key-2", pem="REVG", space="ds-new")
    _git(repo, "add", "-A")
    done = run_cli(
        "check", "--staged", "--select", DOUBLE_CHANGE, "--format", "json", "fleet/prod*", cwd=repo
    )
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert {instance["name"] for instance in report["instances"]} == {"prod*"}
    assert {finding["instance"] for finding in report["findings"]} == {"prod*"}


def test_a_name_with_a_newline_does_not_shift_the_production_file(repo: Path) -> None:
    # Sorted before fleet/production: with paths fed to cat-file one per line, every later answer
    # shifted and production read as empty, so its change passed.
    _write(repo, "a\nb", space="ds-ab", kind="Testing")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "a name with a newline")
    _write(repo, "production", key="key-2", pem="REVG", space="ds-new")
    done = _check(repo, "--base", "HEAD")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"fleet/production/env.yaml:13:9: error {DOUBLE_CHANGE}" in done.stdout


def test_error_in_a_file_whose_name_holds_a_newline_is_one_line(repo: Path) -> None:
    _write(repo, "a\nb-prod")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "a name with a newline")
    (repo / "fleet" / "a\nb-prod" / "env.yaml").write_text("system: [\n")
    for args in ([], ["--base", "HEAD"]):
        done = run_cli("check", "fleet", *args, cwd=repo)
        assert done.returncode == 2
        errors = _error_lines(done)
        assert len(errors) == 1 and "fleet/a\\nb-prod/env.yaml:" in errors[0], done.stderr


def test_staged_file_deleted_from_the_work_tree_is_read_from_the_index(repo: Path) -> None:
    path = _write(repo, "production", key="key-2", pem="REVG", space="ds-new")
    _git(repo, "add", "-A")
    path.unlink()  # the commit still holds the double change: the index is what is checked
    done = run_cli("check", "--staged", "--select", DOUBLE_CHANGE, "fleet/production/env.yaml", cwd=repo)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"fleet/production/env.yaml:13:9: error {DOUBLE_CHANGE}" in done.stdout


def test_merge_conflict_in_the_index_is_an_error(repo: Path) -> None:
    _git(repo, "checkout", "-qb", "other")
    _write(repo, "production", space="ds-a")
    _git(repo, "commit", "-qam", "a")
    _git(repo, "checkout", "-q", "main")
    _write(repo, "production", space="ds-b")
    _git(repo, "commit", "-qam", "b")
    subprocess.run(["git", "merge", "-q", "other"], cwd=repo, capture_output=True, check=False)
    done = run_cli("check", "--staged", "--select", "CHG-*", "fleet", cwd=repo)
    assert done.returncode == 2
    assert "fleet/production/env.yaml: has an unresolved merge conflict in the index" in done.stderr


def test_revision_that_looks_like_an_option_is_refused(repo: Path) -> None:
    done = _check(repo, "--base=--output=x")
    assert done.returncode == 2 and "no such revision" in done.stderr
    assert not (repo / "x").exists()


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path)


def test_pre_commit_hooks_pass_file_names_after_a_double_dash(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    home = tmp_path_factory.mktemp("pre-commit-home")
    repo = make_repo(tmp_path, manifest=True)
    target = repo / "production.env.yaml"
    target.write_text("system:\n  default:\n    payment:\n      payment_methods:\n        method: sandbox\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "a production dump at the top")
    before = target.read_bytes()
    (repo / "-oproduction.env.yaml").write_text("system: [\n")  # a file, however it is named
    _git(repo, "add", "--", "-oproduction.env.yaml")
    done = _try_repo(repo, home, "commerce-lint")
    output = done.stdout + done.stderr
    assert target.read_bytes() == before, "the hook wrote its report over production.env.yaml"
    assert done.returncode == 1, output  # pre-commit reports any non-zero exit as 1
    assert "-oproduction.env.yaml:" in output and "invalid YAML" in output
    (repo / "-oproduction.env.yaml").unlink()
    _git(repo, "rm", "-q", "--cached", "--", "-oproduction.env.yaml")
    # A dump at the top makes the whole repository one instance (no folder inside it is scanned, on
    # disk or in the index): the fleet below needs the top to be no instance.
    _git(repo, "rm", "-q", "--", "production.env.yaml")
    _write(repo, "staging", space="ds-prod", kind="Production")  # staging onto production's data space
    _git(repo, "add", "-A")
    fleet = _try_repo(repo, home, "commerce-lint-fleet")  # pass_filenames: false still works
    assert fleet.returncode == 1, fleet.stdout + fleet.stderr
    assert "FLEET-UNIQUE-DATASPACE" in fleet.stdout + fleet.stderr
