"""The GitHub Action (action.yml) and the GitLab CI template, run as their platforms run them, in a throwaway
repository cloned the way each checks out (one commit deep), with the variables each sets.

On a pull or merge request the commit that rotates production's key pair and switches its data space fails,
with annotations and SARIF (GitHub) or JUnit and Code Quality reports (GitLab); on a branch pipeline instance
and fleet rules run. Both install commerce-lint from a snapshot of this repository (tests/hooks/conftest.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.hooks.ci_platforms import EXPRESSION, GitHubRun, clean_environment, gitlab_script, gitlab_variables
from tests.hooks.i17_fleet import ROTATED_KEY, ROTATED_PEM, git, make_fleet_repo, rotate_and_switch

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
TEMPLATE_FILE = ROOT / "ci" / "gitlab" / "commerce-lint.gitlab-ci.yml"
TEMPLATE = yaml.safe_load(TEMPLATE_FILE.read_text())
DANGER = "CHG-NO-ROTATION-WITH-DATASPACE-CHANGE"
HookRepo = tuple[Path, str]


def _no_secret(*texts: str) -> None:
    for text in texts:
        for secret in (
            ROTATED_KEY,
            ROTATED_PEM,
            "acme-prod-api-key-1",
            "QUNNRS1QUklWQVRFLUtFWS0x",
            "db-password",
        ):
            assert secret[:12] not in text, secret


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """(a bare 'origin' with main and a branch holding the double change, main's commit, the branch's)."""
    work = make_fleet_repo(tmp_path_factory.mktemp("ci") / "work")
    main = git(work, "rev-parse", "HEAD").strip()
    git(work, "checkout", "-qb", "feature")
    rotate_and_switch(work)
    git(work, "commit", "-qam", "rotate and switch")
    feature = git(work, "rev-parse", "HEAD").strip()
    bare = work.parent / "origin.git"
    git(work.parent, "clone", "-q", "--bare", str(work), str(bare))
    return bare, main, feature


def _checkout(origin: Path, branch: str, where: Path) -> Path:
    """A clone as actions/checkout and GitLab's runner make it: one commit deep, one branch."""
    git(where.parent, "clone", "-q", "--depth", "1", "--branch", branch, f"file://{origin}", str(where))
    return where


# -- GitHub -------------------------------------------------------------------------------------------------


def test_the_action_pastes_no_input_into_a_script() -> None:
    # ${{ }} in a run: would be shell-injected with a branch or path name; inputs go through env: only.
    for step in ACTION["runs"]["steps"]:
        assert not EXPRESSION.search(str(step["run"])), step["name"]
    assert ACTION["runs"]["using"] == "composite"


@pytest.fixture(scope="module")
def installed(hook_repo: HookRepo, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The job environment after the action's install step (run once: it builds a virtual environment)."""
    action_path, _ = hook_repo
    workspace = tmp_path_factory.mktemp("workspace")
    run = GitHubRun(ACTION, action_path, workspace, tmp_path_factory.mktemp("runner-temp"))
    done = run.run_steps({}, {"python": sys.executable}, only="Install")
    assert done.returncode == 0, done.stdout + done.stderr
    version = subprocess.run([run.job_env["COMMERCE_LINT"], "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("commerce-lint "), version
    return run.job_env


def _github(
    hook_repo: HookRepo,
    installed: dict[str, str],
    workspace: Path,
    event: dict[str, str],
    before: str = "",
    **inputs: str,
) -> tuple[GitHubRun, subprocess.CompletedProcess[str]]:
    run = GitHubRun(ACTION, hook_repo[0], workspace, workspace.parent / "runner-temp")
    run.event_before = before  # github.event.before: what the pushed branch pointed at
    run.temp.mkdir(exist_ok=True)
    run.job_env.update(installed)
    return run, run.run_steps(event, inputs, only="Check")


def test_on_a_pull_request_the_action_fails_the_double_change_with_annotations_and_sarif(
    hook_repo: HookRepo, installed: dict[str, str], origin: tuple[Path, str, str], tmp_path: Path
) -> None:
    workspace = _checkout(origin[0], "feature", tmp_path / "workspace")
    event = {"GITHUB_EVENT_NAME": "pull_request", "GITHUB_BASE_REF": "main", "GITHUB_HEAD_REF": "feature"}
    run, done = _github(hook_repo, installed, workspace, event)
    assert done.returncode == 1, done.stdout + done.stderr
    annotation = f"::error file=fleet/production/app/etc/env.php,line=40,col=21,title={DANGER}::"
    assert [line for line in done.stdout.splitlines() if line.startswith(annotation)], done.stdout
    assert f"error {DANGER}" in done.stderr  # the text report, for the log
    assert run.outputs["check"]["sarif-file"] == "commerce-lint.sarif"
    sarif = json.loads((workspace / "commerce-lint.sarif").read_text())
    results = [result["ruleId"] for result in sarif["runs"][0]["results"]]
    assert results.count(DANGER) == 1
    _no_secret(done.stdout, done.stderr, (workspace / "commerce-lint.sarif").read_text())


def test_on_a_push_the_action_runs_instance_and_fleet_rules_only(
    hook_repo: HookRepo, installed: dict[str, str], origin: tuple[Path, str, str], tmp_path: Path
) -> None:
    workspace = _checkout(origin[0], "feature", tmp_path / "workspace")
    event = {"GITHUB_EVENT_NAME": "push", "GITHUB_REF": "refs/heads/feature"}
    _, done = _github(hook_repo, installed, workspace, event, before="0" * 40)  # a new branch
    assert done.returncode == 0, done.stdout + done.stderr  # nothing to compare with: no change rule
    assert DANGER not in done.stdout
    # Said, not silent: the run names what it could not judge.
    assert "::notice title=commerce-lint::change rules not evaluated: no base revision" in done.stdout
    assert "FLEET-SAME-API-KEYS" in done.stdout  # the rotated key differs from the fleet's: a warning

    _, strict = _github(hook_repo, installed, workspace, event, **{"fail-on": "warning", "sarif-file": ""})
    assert strict.returncode == 1, strict.stdout + strict.stderr
    assert not (workspace / "commerce-lint.sarif").exists() or strict.returncode == 1


def test_a_push_is_judged_against_the_commit_the_branch_pointed_at_before(
    hook_repo: HookRepo, installed: dict[str, str], origin: tuple[Path, str, str], tmp_path: Path
) -> None:
    # A push of the double change straight to a branch: github.event.before is main's commit, which a
    # one-commit-deep checkout lacks and the action fetches.
    bare, main, _ = origin
    workspace = _checkout(bare, "feature", tmp_path / "workspace")
    event = {"GITHUB_EVENT_NAME": "push", "GITHUB_REF": "refs/heads/feature"}
    _, done = _github(hook_repo, installed, workspace, event, before=main)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"title={DANGER}::" in done.stdout and "change rules not evaluated" not in done.stdout


def test_the_action_reads_paths_and_base_as_data_never_as_shell(
    hook_repo: HookRepo, installed: dict[str, str], origin: tuple[Path, str, str], tmp_path: Path
) -> None:
    workspace = _checkout(origin[0], "feature", tmp_path / "workspace")
    marker = tmp_path / "pwned"
    event = {"GITHUB_EVENT_NAME": "push"}
    _, done = _github(hook_repo, installed, workspace, event, paths=f"fleet/prod* $(touch {marker})")
    assert done.returncode == 2, done.stdout + done.stderr  # two paths that do not exist, named as such
    assert not marker.exists()
    assert "fleet/prod*" in done.stderr

    # Two instance folders, and a base named by the workflow: only those instances, compared with it.
    git(workspace, "fetch", "-q", "--depth=1", "origin", "+refs/heads/main:refs/remotes/origin/main")
    _, named = _github(
        hook_repo, installed, workspace, event, paths="fleet/production\nfleet/staging", base="origin/main"
    )
    assert named.returncode == 1, named.stdout + named.stderr
    assert "2 instances checked" in named.stderr and DANGER in named.stdout


# -- GitLab -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gitlab_python(hook_repo: HookRepo, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """PATH with a python on which the template's install line has run (the image's python, here a venv)."""
    from linter.reporters import REPORTERS

    if "codequality" not in REPORTERS:
        pytest.skip("--format codequality is not in this tree yet (issue 17, the formats slice)")
    venv = tmp_path_factory.mktemp("gitlab-image") / "python"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    environment = clean_environment(PATH=f"{venv / 'bin'}:{clean_environment()['PATH']}")
    variables = gitlab_variables(TEMPLATE, "commerce-lint", {"COMMERCE_LINT_PACKAGE": str(hook_repo[0])})
    job = TEMPLATE["commerce-lint"]
    install = "set -eo pipefail\n" + str(job["script"][0]) + "\n"
    done = subprocess.run(
        ["bash", "-c", install], env={**environment, **variables}, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return {"PATH": environment["PATH"]}


def _gitlab(
    gitlab_python: dict[str, str], workspace: Path, pipeline: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    variables = gitlab_variables(TEMPLATE, "commerce-lint", {"CI": "true", "GITLAB_CI": "true", **pipeline})
    return subprocess.run(
        ["bash", "-c", gitlab_script(TEMPLATE["commerce-lint"], start=1)],
        cwd=workspace,
        env={**clean_environment(), **gitlab_python, **variables},
        capture_output=True,
        text=True,
        timeout=900,
    )


def _junit_failures(path: Path) -> list[str]:
    tree = ElementTree.parse(path)
    return [str(case.get("name")) for case in tree.iter("testcase") if case.find("failure") is not None]


def test_on_a_merge_request_the_template_fails_the_double_change_with_its_reports(
    gitlab_python: dict[str, str], origin: tuple[Path, str, str], tmp_path: Path
) -> None:
    bare, main, feature = origin
    workspace = _checkout(bare, "feature", tmp_path / "project")
    assert git(workspace, "cat-file", "-t", feature).strip() == "commit"
    pipeline = {
        "CI_PIPELINE_SOURCE": "merge_request_event",
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": main,  # not in the one-commit clone: the job fetches it
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "feature",
        "CI_COMMIT_SHA": feature,
    }
    done = _gitlab(gitlab_python, workspace, pipeline)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"error {DANGER}" in done.stdout
    failures = _junit_failures(workspace / "commerce-lint-junit.xml")
    assert sum(DANGER in name for name in failures) == 1, failures
    quality: list[dict[str, Any]] = json.loads((workspace / "gl-code-quality-report.json").read_text())
    danger = [issue for issue in quality if issue["check_name"] == DANGER]
    assert len(danger) == 1 and danger[0]["location"]["path"] == "fleet/production/app/etc/env.php"
    _no_secret(output, *(path.read_text() for path in workspace.glob("*.json")))


def test_on_a_branch_pipeline_the_template_runs_instance_and_fleet_rules(
    gitlab_python: dict[str, str], origin: tuple[Path, str, str], tmp_path: Path
) -> None:
    workspace = _checkout(origin[0], "feature", tmp_path / "project")
    done = _gitlab(gitlab_python, workspace, {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "feature"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert DANGER not in done.stdout and "3 instances checked" in done.stdout
    assert (workspace / "commerce-lint-junit.xml").exists() and (
        workspace / "gl-code-quality-report.json"
    ).exists()


def test_the_template_keeps_its_reports_and_runs_once_per_change() -> None:
    job = TEMPLATE["commerce-lint"]
    assert job["artifacts"]["when"] == "always"  # a failed job's reports are the ones that matter
    assert job["artifacts"]["reports"] == {
        "junit": "commerce-lint-junit.xml",
        "codequality": "gl-code-quality-report.json",
    }
    conditions = [rule["if"] for rule in job["rules"]]
    assert conditions[0] == '$CI_PIPELINE_SOURCE == "merge_request_event"'
    assert job["rules"][1] == {"if": "$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS", "when": "never"}
