"""Instances read from a git revision (--base): discovery over the tree, files read from the blobs."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.model.instances import write
from tests.support.inprocess import run_main

RULE = (
    "id: TEST-CHANGED\ntitle: A test rule\nseverity: error\nlevel: change\n"
    "rationale: testing the engine\nsource: [{document: test}]\nremediation: fix the value\n"
    "check:\n  cases:\n    - fail_if: {changed: [a/b/c]}\n      message: '{changes:a/b/c} in {instance}'\n"
    "examples: [{name: a, expect: pass}, {name: b, expect: fail}]\n"
)


# The test rule on a change against HEAD, as JSON.
CHANGED_JSON = ("--base", "HEAD", "--rules", "rules", "--select", "TEST-CHANGED", "-f", "json")


def _php(value: str) -> str:
    return f"<?php\nreturn ['system' => ['default' => ['a' => ['b' => ['c' => '{value}']]]]];\n"


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_a_change_against_the_base_revision(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write(
        tmp_path,
        {
            "fleet/prod/app/etc/env.php": _php("old"),
            "fleet/dev/env.yaml": "system: {default: {a: {b: {c: same}}}}\n",
            "rules/TEST-CHANGED.yaml": RULE,
        },
    )
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "base")
    (tmp_path / "fleet/prod/app/etc/env.php").write_text(_php("new"))
    monkeypatch.chdir(tmp_path)
    code, out, err = run_main(
        monkeypatch,
        capsys,
        "check",
        "fleet",
        "--base",
        "HEAD",
        "--rules",
        "rules",
        "--select",
        "TEST-CHANGED",
        "-f",
        "json",
    )
    assert code == 1, err
    findings = json.loads(out)["findings"]
    assert [(f["message"], f["file"], f["line"]) for f in findings] == [
        ("c changed (old → new) in prod", "fleet/prod/app/etc/env.php", 1)
    ]


INVENTORY = "instances:\n  - name: eu\n    files: [{path: 'deploy/eu/*.php', role: env}]\n"


def test_an_inventory_instance_against_the_base_revision(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write(
        tmp_path,
        {
            "deploy/eu/live.php": _php("old"),
            "deploy/eu/other.txt": "x",
            "rules/TEST-CHANGED.yaml": RULE,
            "commerce-lint.yaml": INVENTORY,
        },
    )
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "base")
    (tmp_path / "deploy/eu/live.php").write_text(_php("new"))
    monkeypatch.chdir(tmp_path)
    code, out, err = run_main(
        monkeypatch,
        capsys,
        "check",
        "--base",
        "HEAD",
        "--rules",
        "rules",
        "--select",
        "TEST-CHANGED",
        "-f",
        "json",
    )
    assert code == 1, err
    findings = json.loads(out)["findings"]
    assert [(f["message"], f["file"]) for f in findings] == [
        ("c changed (old → new) in eu", "deploy/eu/live.php")
    ]


def test_an_instance_at_the_repository_root(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = tmp_path / "shop"
    write(root, {"app/etc/env.php": _php("old"), "rules/TEST-CHANGED.yaml": RULE})
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    (root / "app/etc/env.php").write_text(_php("new"))
    monkeypatch.chdir(root)
    code, out, err = run_main(
        monkeypatch,
        capsys,
        "check",
        "--base",
        "HEAD",
        "--rules",
        "rules",
        "-f",
        "json",
        "--select",
        "TEST-CHANGED",
    )
    assert code == 1, err
    assert [f["message"] for f in json.loads(out)["findings"]] == ["c changed (old → new) in shop"]
