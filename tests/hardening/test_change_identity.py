"""The change gate knows an instance whatever else changes in the same commit: its environment type,
its name, its siblings, how its files are stored. A production key rotation together with a data space
switch is reported (exit 1) or the run says the rule was not evaluated (exit 2); never exit 0.

Every test drives the CLI in a throwaway git repository or a pair of folders (``--before``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.acceptance.test_change_cli import _git
from tests.conftest import run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

DOUBLE_CHANGE = "CHG-NO-ROTATION-WITH-DATASPACE-CHANGE"
REMOVED = "CHG-PRODUCTION-INSTANCE-REMOVED"
OLD_KEY, NEW_KEY = "OLDkey7f3a9c1e5b000111", "NEWkey2d8e4a6f0c999888"

ENV_YAML = """\
system:
  default:
    services_connector:
      services_connector_integration:
        production_api_key: {key}
        production_private_key: PEM{key}
      services_id:
        project_id: p-acme
        environment_id: {space}
        environment: {kind}
"""


def _env(directory: Path, key: str = OLD_KEY, space: str = "ds-prod", kind: str = "Production") -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "env.yaml").write_text(ENV_YAML.format(key=key, space=space, kind=kind))


def _manifest(directory: Path, name: str | None = "production", env_type: str = "production") -> None:
    directory.mkdir(parents=True, exist_ok=True)
    text = (f"name: {name}\n" if name else "") + f"environment_type: {env_type}\n"
    (directory / "instance.yaml").write_text(text)


def _rotate(directory: Path) -> None:
    """The most dangerous change: a new key pair and a new data space at once."""
    _env(directory, key=NEW_KEY, space="ds-new")


def _repo(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "t@example.invalid")
    _git(root, "config", "user.name", "t")
    return root


def _commit(root: Path) -> None:
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "state")


def _check(cwd: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], dict[str, object]]:
    done = run_cli("check", *args, "--select", "CHG-*", "--format", "json", cwd=cwd)
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    assert NEW_KEY not in output and OLD_KEY not in output  # a fingerprint, never the key
    return done, json.loads(done.stdout) if done.stdout.strip() else {}


def _findings(report: dict[str, object], rule: str) -> list[dict[str, object]]:
    findings = report.get("findings", [])
    assert isinstance(findings, list)
    return [finding for finding in findings if finding["rule"] == rule]


def _production(root: Path, directory: str = "fleet/main", **manifest: str) -> Path:
    """A production instance in a folder whose name says nothing about its type, committed."""
    where = root / directory
    _env(where)
    _manifest(where, **manifest)
    _commit(root)
    return where


# 1. The environment type is judged by the before state too.


def test_type_changed_to_staging_in_the_same_commit_is_still_production(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    where = _production(repo)
    _rotate(where)
    _manifest(where, env_type="staging")
    done, report = _check(repo, "fleet", "--base", "HEAD")
    assert done.returncode == 1, done.stdout + done.stderr
    (finding,) = _findings(report, DOUBLE_CHANGE)
    assert "production before this change (manifest HEAD:fleet/main/instance.yaml)" in str(finding["message"])


def test_manifest_deleted_in_the_same_commit_is_still_production(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    where = _production(repo)
    _rotate(where)
    (where / "instance.yaml").unlink()
    done, report = _check(repo, "fleet", "--base", "HEAD")
    assert done.returncode == 1, done.stdout + done.stderr
    assert len(_findings(report, DOUBLE_CHANGE)) == 1


def test_staging_promoted_to_production_is_judged_as_production(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    where = _production(repo, env_type="staging")
    _rotate(where)
    _manifest(where, env_type="production")
    done, report = _check(repo, "fleet", "--base", "HEAD")
    assert done.returncode == 1 and len(_findings(report, DOUBLE_CHANGE)) == 1


def test_staging_on_both_sides_is_still_not_production(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    where = _production(repo, env_type="staging")
    _rotate(where)
    done, report = _check(repo, "fleet", "--base", "HEAD")
    assert done.returncode == 0 and not _findings(report, DOUBLE_CHANGE)


# 2. Identity: by name, and by directory when the name has no match.


def test_renamed_in_place_is_matched_by_its_directory(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    where = _production(repo)
    _rotate(where)
    _manifest(where, name="production-eu")
    done, report = _check(repo, "fleet", "--base", "HEAD")
    assert done.returncode == 1, done.stdout + done.stderr
    assert len(_findings(report, DOUBLE_CHANGE)) == 1 and not _findings(report, REMOVED)


def test_a_renamed_instance_does_not_steal_a_directory_whose_name_lives_on(tmp_path: Path) -> None:
    """Moved: 'production' now lives in fleet/new; a new 'other' took fleet/main. Each is matched by name."""
    repo = _repo(tmp_path)
    _production(repo)
    shutil.move(repo / "fleet" / "main", repo / "fleet" / "new")
    _env(repo / "fleet" / "main", key=NEW_KEY, space="ds-new")
    _manifest(repo / "fleet" / "main", name="other")
    done, report = _check(repo, "fleet", "--base", "HEAD")
    assert done.returncode == 0 and not _findings(report, DOUBLE_CHANGE) and not _findings(report, REMOVED)


def _siblings(repo: Path, *regions: str) -> None:
    """Production instances without manifests, fleet/<region>/production: named by their paths."""
    for region in regions:
        _env(repo / "fleet" / region / "production")
    _commit(repo)


def test_removing_a_sibling_renames_the_survivor_but_it_is_still_matched(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _siblings(repo, "eu", "us")
    shutil.rmtree(repo / "fleet" / "us")
    _rotate(repo / "fleet" / "eu" / "production")
    done, report = _check(repo, "fleet", "--base", "HEAD")
    assert done.returncode == 1, done.stdout + done.stderr
    (finding,) = _findings(report, DOUBLE_CHANGE)
    assert finding["instance"] == "production"
    assert [f["instance"] for f in _findings(report, REMOVED)] == ["us/production"]


def test_adding_a_sibling_renames_the_instance_but_it_is_still_matched(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _siblings(repo, "eu")
    _env(repo / "fleet" / "us" / "production", space="ds-us")
    _rotate(repo / "fleet" / "eu" / "production")
    done, report = _check(repo, "fleet", "--base", "HEAD")
    assert done.returncode == 1, done.stdout + done.stderr
    (finding,) = _findings(report, DOUBLE_CHANGE)
    assert finding["instance"] == "eu/production" and not _findings(report, REMOVED)


def test_before_directory_is_matched_by_the_path_below_each_root(tmp_path: Path) -> None:
    _env(tmp_path / "old" / "fleet" / "main")
    _manifest(tmp_path / "old" / "fleet" / "main", name="prod-2025")
    _rotate(tmp_path / "new" / "fleet" / "main")
    _manifest(tmp_path / "new" / "fleet" / "main", name="prod-2026")
    done, report = _check(tmp_path, "new", "--before", "old")
    assert done.returncode == 1, done.stdout + done.stderr
    assert len(_findings(report, DOUBLE_CHANGE)) == 1 and not _findings(report, REMOVED)


# 3. A manifest alone is an input error, on either side.


def test_after_side_manifest_without_configuration_is_an_error(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    where = _production(repo)
    (where / "env.yaml").unlink()
    done, _ = _check(repo, "fleet", "--base", "HEAD")
    assert done.returncode == 2
    assert "fleet/main/instance.yaml: this manifest has no configuration file next to it" in done.stderr


def test_configuration_renamed_to_a_name_that_is_not_read(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    where = _production(repo)
    _env(repo / "fleet" / "staging", space="ds-stage", kind="Testing")
    _manifest(repo / "fleet" / "staging", name="staging", env_type="staging")
    _commit(repo)
    _git(repo, "mv", "fleet/main/env.yaml", "fleet/main/env-prod.yaml")
    done, _ = _check(repo, "fleet", "--base", "HEAD")
    assert done.returncode == 2 and "fleet/main/instance.yaml: this manifest" in done.stderr
    assert where.joinpath("instance.yaml").exists()


def test_before_side_manifest_without_configuration_leaves_the_change_rules_unevaluated(
    tmp_path: Path,
) -> None:
    repo = _repo(tmp_path)
    _manifest(repo / "fleet" / "main")
    _commit(repo)
    _rotate(repo / "fleet" / "main")
    done, report = _check(repo, "fleet", "--base", "HEAD")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "HEAD:fleet/main/instance.yaml: this manifest has no configuration file" in done.stderr
    not_evaluated = report["not_evaluated"]
    assert isinstance(not_evaluated, list)
    assert DOUBLE_CHANGE in {item["rule"] for item in not_evaluated}


# 4. A recognised file (or instance folder) behind a link leading outside is an error, not an absence.

NOT_FOLLOWED = "not followed: it leads outside the scanned folder; set follow_outside: true in the settings"


def test_after_side_env_file_linked_outside_is_an_error(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    where = _production(repo)
    _rotate(tmp_path / "elsewhere")
    (where / "env.yaml").unlink()
    (where / "env.yaml").symlink_to(tmp_path / "elsewhere" / "env.yaml")
    done, _ = _check(repo, "fleet", "--base", "HEAD")
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"fleet/main/env.yaml: {NOT_FOLLOWED}" in done.stderr


def test_before_directory_env_file_linked_outside_leaves_the_change_rules_unevaluated(
    tmp_path: Path,
) -> None:
    _env(tmp_path / "elsewhere")
    _manifest(tmp_path / "old" / "main")
    (tmp_path / "old" / "main" / "env.yaml").symlink_to(tmp_path / "elsewhere" / "env.yaml")
    _rotate(tmp_path / "new" / "main")
    _manifest(tmp_path / "new" / "main")
    done, report = _check(tmp_path, "new", "--before", "old")
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"old/main/env.yaml: {NOT_FOLLOWED}" in done.stderr
    not_evaluated = report["not_evaluated"]
    assert isinstance(not_evaluated, list) and DOUBLE_CHANGE in {item["rule"] for item in not_evaluated}


def test_instance_folder_linked_outside_is_an_error(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    where = _production(repo)
    _rotate(where)
    shutil.move(where, tmp_path / "elsewhere")
    where.symlink_to(tmp_path / "elsewhere")
    done, _ = _check(repo, "fleet", "--base", "HEAD")
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"fleet/main: {NOT_FOLLOWED}" in done.stderr


def test_follow_outside_reads_the_linked_file(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    where = _production(repo)
    _rotate(tmp_path / "elsewhere")
    (where / "env.yaml").unlink()
    (where / "env.yaml").symlink_to(tmp_path / "elsewhere" / "env.yaml")
    (repo / "commerce-lint.yaml").write_text("follow_outside: true\n")
    done, report = _check(repo, "fleet", "--base", "HEAD")
    assert done.returncode == 1 and len(_findings(report, DOUBLE_CHANGE)) == 1


# 5. A before state that is not what it seems is never read as "no keys before".


def test_gitlink_at_the_env_file_path_in_the_base_revision(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    where = _production(repo)
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()
    _git(repo, "rm", "-q", "--cached", "fleet/main/env.yaml")
    _git(repo, "update-index", "--add", "--cacheinfo", f"160000,{head},fleet/main/env.yaml")
    _git(repo, "commit", "-qm", "a gitlink where the dump was")
    _rotate(where)
    done, report = _check(repo, "fleet", "--base", "HEAD")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "HEAD:fleet/main/env.yaml: is a submodule (a gitlink) in HEAD, not a file" in done.stderr
    not_evaluated = report["not_evaluated"]
    assert isinstance(not_evaluated, list) and DOUBLE_CHANGE in {item["rule"] for item in not_evaluated}


@pytest.mark.parametrize("before", ["empty", "missing-typo"])
def test_before_directory_without_any_instance_is_a_usage_error(tmp_path: Path, before: str) -> None:
    (tmp_path / "empty").mkdir()
    _rotate(tmp_path / "new" / "main")
    _manifest(tmp_path / "new" / "main")
    done, _ = _check(tmp_path, "new", "--before", before)
    assert done.returncode == 2 and before in done.stderr
    assert len([line for line in done.stderr.splitlines() if line.strip()]) == 1


def test_before_path_with_a_newline_is_named_safely(tmp_path: Path) -> None:
    odd = tmp_path / "old\nfleet"
    odd.mkdir()
    _rotate(tmp_path / "new" / "main")
    done, _ = _check(tmp_path, "new", "--before", os.fspath(odd.name))
    assert done.returncode == 2 and "old\\nfleet" in done.stderr
    assert len([line for line in done.stderr.splitlines() if line.strip()]) == 1


def test_a_linked_folder_outside_that_holds_no_instance_stays_a_warning(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.txt").write_text("not configuration\n")
    work = tmp_path / "work"
    _env(work / "fleet" / "main")
    _manifest(work / "fleet" / "main")
    (work / "fleet" / "docs").symlink_to(tmp_path / "docs")
    done = run_cli("check", "fleet", cwd=work)
    assert done.returncode != 2, done.stdout + done.stderr
    (warning,) = [line for line in done.stderr.splitlines() if line.strip()]
    assert warning.startswith("commerce-lint: warning: skipped symbolic link fleet/docs")


def test_inventory_file_outside_the_repository_is_an_error_for_its_instance(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    _env(repo / "prod")
    (repo / "prod" / "config.yaml").write_text("system: {default: {web: {secure: {use_in_frontend: 1}}}}\n")
    _rotate(tmp_path / "elsewhere")
    inventory = (
        "instances:\n  - {name: prod, environment_type: production,\n"
        "     files: ['prod/config.yaml', '../elsewhere/env.yaml']}\n"
    )
    (repo / "commerce-lint.yaml").write_text(inventory)
    done = run_cli("check", "--format", "json", cwd=repo)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "elsewhere/env.yaml: not followed: it leads outside the repository" in done.stderr


def test_renamed_instance_in_a_folder_with_a_newline_is_still_matched(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    where = _production(repo, directory="fleet/pro\nd", name="p1")
    _rotate(where)
    _manifest(where, name="p2")
    done, report = _check(repo, "fleet", "--base", "HEAD")
    assert done.returncode == 1, done.stdout + done.stderr
    (finding,) = _findings(report, DOUBLE_CHANGE)
    assert finding["instance"] == "p2" and not _findings(report, REMOVED)


def test_worker_processes_match_by_directory_too(tmp_path: Path) -> None:
    for side in ("old", "new"):
        for number in range(16):
            _env(tmp_path / side / f"i{number:02}", space=f"ds-{number}")
            _manifest(tmp_path / side / f"i{number:02}", name=f"n{number:02}")
    _rotate(tmp_path / "new" / "i07")
    _manifest(tmp_path / "new" / "i07", name="renamed")
    done, report = _check(tmp_path, "new", "--before", "old", "--jobs", "2")
    assert done.returncode == 1, done.stdout + done.stderr
    (finding,) = _findings(report, DOUBLE_CHANGE)
    assert finding["instance"] == "renamed" and not _findings(report, REMOVED)


def test_folder_named_as_the_env_file_in_the_base_revision(tmp_path: Path) -> None:
    """On disk a folder called env.yaml is an unreadable file; in a revision it must not be an absent one."""
    repo = _repo(tmp_path)
    (repo / "fleet" / "main" / "env.yaml").mkdir(parents=True)
    (repo / "fleet" / "main" / "env.yaml" / "keep").write_text("x\n")
    _commit(repo)
    shutil.rmtree(repo / "fleet" / "main" / "env.yaml")
    _rotate(repo / "fleet" / "main")
    _manifest(repo / "fleet" / "main")
    done, report = _check(repo, "fleet", "--base", "HEAD")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "HEAD:fleet/main/env.yaml: is a folder in HEAD, not a file" in done.stderr
    not_evaluated = report["not_evaluated"]
    assert isinstance(not_evaluated, list) and DOUBLE_CHANGE in {item["rule"] for item in not_evaluated}


@pytest.mark.parametrize("mode", ["160000", "120000"])
def test_instance_folder_that_was_a_submodule_or_link_in_the_base_revision(tmp_path: Path, mode: str) -> None:
    repo = _repo(tmp_path)
    _production(repo, directory="fleet/other", name="other", env_type="staging")
    if mode == "160000":
        target = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=repo, check=True, capture_output=True, text=True
        ).stdout.strip()
    else:
        target = subprocess.run(
            ["git", "hash-object", "-w", "--stdin"],
            cwd=repo,
            input="/srv/prod-config",
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    _git(repo, "update-index", "--add", "--cacheinfo", f"{mode},{target},fleet/main")
    _git(repo, "commit", "-qm", "the production folder is kept elsewhere")
    _rotate(repo / "fleet" / "main")
    _manifest(repo / "fleet" / "main")
    done, report = _check(repo, "fleet", "--base", "HEAD")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "HEAD:fleet/main: is a " in done.stderr and "the files below it cannot be compared" in done.stderr
    not_evaluated = report["not_evaluated"]
    assert isinstance(not_evaluated, list) and DOUBLE_CHANGE in {item["rule"] for item in not_evaluated}
