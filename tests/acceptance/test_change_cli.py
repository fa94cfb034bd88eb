"""Change rules from the command line: --before, --base REV and --staged in a throwaway git repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_cli

PRODUCTION = """\
system:
  default:
    services_connector:
      services_connector_integration:
        production_api_key: {key}
        production_private_key: |
          -----BEGIN PRIVATE KEY-----
          {pem}
          -----END PRIVATE KEY-----
      services_id:
        project_id: p-acme
        project_name: {label}
        environment_id: {space}
        environment: {kind}
"""


def _write(
    root: Path,
    name: str,
    key: str = "key-1",
    pem: str = "QUJD",
    space: str = "ds-prod",
    kind: str = "Production",
    label: str = "Acme",
) -> Path:
    directory = root / "fleet" / name
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "env.yaml"
    path.write_text(PRODUCTION.format(key=key, pem=pem, space=space, kind=kind, label=label))
    return path


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def make_repo(root: Path, manifest: bool = False) -> Path:
    """A throwaway git repository with a production and a staging instance, committed."""
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "t@example.invalid")
    _git(root, "config", "user.name", "t")
    _write(root, "production")
    if manifest:
        (root / "fleet" / "production" / "instance.yaml").write_text("environment_type: production\n")
    _write(root, "staging", space="ds-stage", kind="Testing")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "initial")
    return root


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path)


def test_base_revision_blocks_rotation_with_dataspace_change(repo: Path) -> None:
    _write(repo, "production", key="key-2", pem="REVG", space="ds-new")
    done = run_cli("check", "fleet", "--base", "HEAD", "--select", "CHG-*", cwd=repo)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "fleet/production/env.yaml:13:9: error CHG-NO-ROTATION-WITH-DATASPACE-CHANGE" in done.stdout
    assert "production_api_key rotated (" in done.stdout
    assert "environment_id changed (ds-prod → ds-new)" in done.stdout
    assert "key-2" not in done.stdout and "REVG" not in done.stdout
    assert (repo / "fleet/production/env.yaml").read_text().count("ds-new") == 1  # work tree untouched


def test_base_rotation_alone_and_staging_double_change_pass(repo: Path) -> None:
    _write(repo, "production", key="key-2", pem="REVG")
    _write(repo, "staging", key="key-2", pem="REVG", space="ds-other", kind="Testing")
    assert run_cli("check", "fleet", "--base", "HEAD", "--select", "CHG-*", cwd=repo).returncode == 0


def test_labels_and_reformatting_are_not_changes(repo: Path) -> None:
    path = _write(repo, "production", label="Acme Renamed")
    path.write_text(path.read_text().replace("project_id: p-acme", "project_id: 'p-acme'"))
    done = run_cli("check", "fleet", "--base", "HEAD", "--select", "CHG-*", "--fail-on", "info", cwd=repo)
    assert done.returncode == 0, done.stdout


def test_staged_reads_the_index_not_the_work_tree(repo: Path) -> None:
    _write(repo, "production", key="key-2", pem="REVG", space="ds-new")
    _git(repo, "add", "-A")
    _write(repo, "production")  # the work tree goes back; the index still holds the double change
    done = run_cli("check", "--staged", "--select", "CHG-*", "fleet/production/env.yaml", cwd=repo)
    assert done.returncode == 1
    assert "CHG-NO-ROTATION-WITH-DATASPACE-CHANGE" in done.stdout


def test_deleted_production_instance_is_reported(repo: Path) -> None:
    _git(repo, "rm", "-q", "-r", "fleet/production")
    done = run_cli("check", "fleet", "--base", "HEAD", "--select", "CHG-*", "--fail-on", "warning", cwd=repo)
    assert done.returncode == 1
    assert "warning CHG-PRODUCTION-INSTANCE-REMOVED" in done.stdout


def test_added_instance_has_no_before(repo: Path) -> None:
    _write(repo, "development", key="key-9", space="ds-dev", kind="Testing")
    done = run_cli("check", "fleet", "--base", "HEAD", "--select", "CHG-*", "--fail-on", "info", cwd=repo)
    assert done.returncode == 0, done.stdout


def test_before_directory(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    _write(old, "production")
    _write(new, "production", key="key-2", pem="REVG", space="ds-new")
    done = run_cli("check", str(new / "fleet"), "--before", str(old / "fleet"), "--select", "CHG-*")
    assert done.returncode == 1
    assert "CHG-NO-ROTATION-WITH-DATASPACE-CHANGE" in done.stdout


def test_bad_revision_and_conflicting_options(repo: Path) -> None:
    done = run_cli("check", "fleet", "--base", "no-such-rev", cwd=repo)
    assert done.returncode == 2 and "no such revision" in done.stderr
    done = run_cli("check", "fleet", "--base", "HEAD", "--staged", cwd=repo)
    assert done.returncode == 2 and "only one of" in done.stderr
