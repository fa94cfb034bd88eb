"""The disk and a git tree are scanned by the same rules: what `check DIR` finds, `--staged` and
`--base` find too. Where they differed, a change gate compared two different sets of instances."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from linter.gitstate import INDEX, GitTree
from linter.model.discovery import MAX_SCAN_DEPTH, discover, discover_in_tree, named_as_input
from tests.conftest import run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

PROD = "MAGE_MODE: production\nsystem: {default: {web: {secure: {use_in_adminhtml: 1}}}}\n"
DEEP = "/".join(f"d{level}" for level in range(MAX_SCAN_DEPTH + 1))  # one folder below the deepest scanned

FILES = {
    "fleet/prod/app/etc/env.php": "<?php\nreturn ['MAGE_MODE' => 'production'];\n",
    "fleet/prod/backup/prod.env.yaml": PROD,  # inside an instance's folder: not a second instance
    "fleet/staging/env.yaml": "MAGE_MODE: production\n",
    "fleet/tools/vendor/acme/prod.env.yaml": PROD,  # a dependency tree
    "fleet/tools/node_modules/x/prod.env.yaml": PROD,
    f"fleet/{DEEP}/prod.env.yaml": PROD,  # deeper than a scan goes
    "fleet/.cache/prod.env.yaml": PROD,  # hidden
    f"fleet/{DEEP[:-3]}/env.yaml": "MAGE_MODE: developer\n",  # the deepest folder a scan reads
}


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, text in FILES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "fleet")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _directories(specs: list) -> list[str]:  # type: ignore[type-arg]
    return sorted(Path(spec.directory).as_posix() for spec in specs)


def test_the_tree_finds_the_instances_the_disk_finds(repo: Path) -> None:
    on_disk = _directories(discover(["fleet"]))
    assert on_disk == sorted(["fleet/prod", "fleet/staging", f"fleet/{DEEP[:-3]}"])
    assert _directories(discover_in_tree(["fleet"], GitTree(repo, INDEX, kept=named_as_input))) == on_disk
    assert _directories(discover_in_tree(["fleet"], GitTree(repo, "HEAD", kept=named_as_input))) == on_disk


def test_a_named_folder_is_read_even_below_a_skipped_one(repo: Path) -> None:
    # As on disk: naming vendor/acme reads it.
    tree = GitTree(repo, INDEX, kept=named_as_input)
    assert _directories(discover_in_tree(["fleet/tools/vendor/acme"], tree)) == ["fleet/tools/vendor/acme"]
    assert _directories(discover(["fleet/tools/vendor/acme"])) == ["fleet/tools/vendor/acme"]


def test_a_base_run_sees_no_instance_removed_that_only_the_tree_listed(repo: Path) -> None:
    # The before state (the commit) and the after state (the disk) hold the same instances, so no
    # instance is "removed" and the summary counts each once.
    result = run_cli("check", "fleet", "--base", "HEAD", "--format", "json", cwd=repo)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert sorted(i["name"] for i in report["instances"]) == sorted(["prod", "staging", DEEP.split("/")[-2]])
    assert not [f for f in report["findings"] if f["rule"] == "CHG-PRODUCTION-INSTANCE-REMOVED"]
