"""Microsoft's SARIF multitool, installed from the npm registry once per machine into a temp folder.

Skipped on a developer's machine without npm (or offline); in CI (``CI`` set) that is a failure,
as for Chromium in tests/reporters/test_html_browser.py.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

PACKAGE = "@microsoft/sarif-multitool@5.7.0"
CACHE = Path(tempfile.gettempdir()) / "commerce-lint-npm" / "sarif-multitool"
_BINARIES = {
    "linux": "sarif-multitool-linux/Sarif.Multitool",
    "darwin": "sarif-multitool-darwin/Sarif.Multitool",
    "win32": "sarif-multitool-win32/Sarif.Multitool.exe",
}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI is set and the SARIF multitool is unavailable: {reason}")
    pytest.skip(f"needs the SARIF multitool from the npm registry: {reason}")


def multitool() -> Path:
    """The multitool's executable, installed on first use (``npm install --prefix`` under the temp dir)."""
    binary = CACHE / "node_modules" / "@microsoft" / _BINARIES.get(sys.platform, _BINARIES["linux"])
    if not binary.is_file():
        npm = shutil.which("npm")
        if npm is None:
            _unavailable("npm is not installed")
        CACHE.mkdir(parents=True, exist_ok=True)
        # npm's own cache beside it: the suite writes nothing to the home directory.
        env = {**os.environ, "npm_config_cache": str(CACHE.parent / "npm-cache")}
        done = subprocess.run(
            [str(npm), "install", "--no-audit", "--no-fund", "--prefix", str(CACHE), PACKAGE],
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
        )
        if done.returncode != 0 or not binary.is_file():
            _unavailable(f"npm install {PACKAGE} failed: {done.stderr.strip()[-400:]}")
    if not os.access(binary, os.X_OK):  # its postinstall (chmod) may not have run
        binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    return binary


def validate(sarif: Path, rule_kinds: str, out: Path) -> list[dict[str, Any]]:
    """The multitool's errors and warnings for ``sarif`` under ``rule_kinds`` (``Gh``, ``Ado``, ``Sarif``)."""
    command = [str(multitool()), "validate", "--rule-kind", rule_kinds, "--level", "Error;Warning"]
    done = subprocess.run(
        [*command, "--output", str(out), str(sarif)],
        capture_output=True,
        text=True,
        # .NET without ICU: the machine may have no libicu, and messages need no culture.
        env={**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"},
        timeout=300,
    )
    assert done.returncode == 0 and out.is_file(), done.stdout + done.stderr
    log = json.loads(out.read_text(encoding="utf-8-sig"))
    results: list[dict[str, Any]] = log["runs"][0].get("results", [])
    return results
