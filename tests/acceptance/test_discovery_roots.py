"""A file at a fleet's root never hides the instances below it: a docker-compose .env, a shared
.magento.app.yaml or config file, and an environment folder called dev below a shared root."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.inprocess import run_main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "fleet"
NAMES = ["dev", "production", "staging"]


def _instances(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    code, out, err = run_main(monkeypatch, capsys, "check", *args, "--format", "json")
    assert code in (0, 1), err
    return sorted(summary["name"] for summary in json.loads(out)["instances"])


@pytest.mark.parametrize(
    "root_files",
    [
        {".env": "COMPOSE_PROJECT_NAME=acme\nMYSQL_ROOT_PASSWORD=magento\n"},
        {"environment.json": '{"COMPOSE_PROJECT_NAME": "acme"}\n'},
        {".magento.app.yaml": "name: mymagento\ntype: php:8.2\n"},
        {".magento.app.yaml": "name: mymagento\n", ".env": "COMPOSE_PROJECT_NAME=acme\n"},
        {"config.yaml": "modules:\n  Magento_Store: 1\n"},
    ],
    ids=["compose-env", "environment-json", "cloud-app", "cloud-app-and-env", "shared-config"],
)
def test_every_instance_below_the_root_is_checked(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    root_files: dict[str, str],
) -> None:
    root = tmp_path / "fleet"
    shutil.copytree(EXAMPLES, root)
    for name, text in root_files.items():
        (root / name).write_text(text)
    assert _instances(monkeypatch, capsys, str(root)) == NAMES  # dev included, though Magento has a dev/


def test_a_capture_alone_is_an_instance_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "only").mkdir()
    (tmp_path / "only" / ".env").write_text("CONFIG__DEFAULT__WEB__SECURE__USE_IN_FRONTEND=1\n")
    assert _instances(monkeypatch, capsys, str(tmp_path / "only")) == ["only"]


def test_magentos_own_dev_folder_below_a_magento_root_is_not_entered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "shop"
    (root / "app" / "etc").mkdir(parents=True)
    (root / "app" / "etc" / "config.php").write_text("<?php\nreturn [\n    'modules' => [\n    ]\n];\n")
    (root / "dev" / "tests" / "integration" / "etc").mkdir(parents=True)
    (root / "dev" / "tests" / "integration" / "etc" / "install-config-mysql.php.dist").write_text("<?php\n")
    assert _instances(monkeypatch, capsys, str(root)) == ["shop"]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_rotation_below_a_root_capture_fails_the_change_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "fleet"
    shutil.copytree(EXAMPLES, root)
    (root / ".env").write_text("COMPOSE_PROJECT_NAME=acme\n")

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.email=t@e", "-c", "user.name=t", "add", "-A")
    git("-c", "user.email=t@e", "-c", "user.name=t", "commit", "-qm", "base")
    env = root / "production" / "env.yaml"
    text = env.read_text()
    changed = text.replace("da7a5bac-e001-4001-8001-000000000001", "da7a5bac-e001-4001-8001-0000000000ff")
    assert changed != text
    lines = []
    for line in changed.splitlines(keepends=True):  # rotate the production key pair too
        if "production_api_key:" in line:
            line = line.split(":", 1)[0] + ": ROTATEDROTATEDROTATEDROTATED0001\n"
        lines.append(line)
    env.write_text("".join(lines))
    monkeypatch.chdir(root)
    code, out, err = run_main(monkeypatch, capsys, "check", ".", "--base", "HEAD", "--levels", "change")
    assert code == 1, out + err
    assert "CHG-" in out
