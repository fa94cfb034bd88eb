"""The built wheel carries rules/ and schemas/ and works outside the source tree, in a fresh venv.

Installing the wheel's dependencies reaches the package registry (allowed); nothing else does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = (work / "dist").glob("commerce_lint-*.whl")
    environment = work / "venv"
    venv.create(environment, with_pip=True)
    pip = environment / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", str(wheel)], check=True, capture_output=True, timeout=900)
    return environment / "bin" / "commerce-lint"


def test_wheel_contains_rules_and_schemas(installed: Path) -> None:
    site = next((installed.parent.parent / "lib").glob("python*/site-packages"))
    assert (site / "linter" / "_rules" / "connector" / "CSC-KEYPAIR-COMPLETE.yaml").is_file()
    assert (site / "linter" / "_schemas" / "rule.schema.json").is_file()
    assert (site / "linter" / "reporters" / "templates" / "audit.html.j2").is_file()


def test_installed_command_works_outside_the_source_tree(installed: Path, tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "fleet", tmp_path / "fleet")
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        [str(installed), "check", "fleet"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert "CSC-PRIVATE-KEY-PEM" in done.stdout and "3 instances checked" in done.stdout
    listed = subprocess.run(
        [str(installed), "rules", "list"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "FLEET-UNIQUE-DATASPACE" in listed.stdout
    report = subprocess.run(
        [str(installed), "report", "fleet", "-o", "audit.html"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert report.returncode == 0, report.stderr
    assert "<table" in (tmp_path / "audit.html").read_text()
