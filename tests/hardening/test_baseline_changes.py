"""A baseline never silences a change finding: the next rotation is a new mistake, not an old one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.acceptance.test_change_cli import _git, _write, make_repo
from tests.conftest import run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

DOUBLE_CHANGE = "CHG-NO-ROTATION-WITH-DATASPACE-CHANGE"


def _rotate_and_switch(repo: Path, key: str, space: str) -> None:
    _write(repo, "production", key=key, pem=key.upper().replace("-", ""), space=space)


def test_a_baselined_change_finding_still_fails_the_gate(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, manifest=True)
    _rotate_and_switch(repo, "key-2", "ds-new")
    first = run_cli("check", "fleet", "--base", "HEAD", "--format", "json", cwd=repo)
    findings = json.loads(first.stdout)["findings"]
    entry = next(f for f in findings if f["rule"] == DOUBLE_CHANGE)
    # Someone records today's findings, change findings included (by hand, or with an older version).
    baseline = {
        "format": "commerce-lint-baseline/1",
        "entries": [{k: entry[k] for k in ("fingerprint", "rule", "instance", "file", "paths", "message")}],
    }
    (repo / "baseline.json").write_text(json.dumps(baseline))
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "rotated, with a baseline")
    _rotate_and_switch(repo, "key-3", "ds-newer")  # a second, different double change
    done = run_cli("check", "fleet", "--base", "HEAD", "--baseline", "baseline.json", cwd=repo)
    assert done.returncode == 1, done.stdout + done.stderr
    assert DOUBLE_CHANGE in done.stdout
