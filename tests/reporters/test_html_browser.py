"""The HTML audit report in a real headless Chromium: the matrix and findings render, and a screenshot."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from linter.reporters.outcomes import involved
from linter.result import LintResult
from tests.conftest import ROOT
from tests.reporters.conftest import render

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests/artifacts"


@pytest.fixture(autouse=True)
def _chromium_present() -> None:
    """Skipped on a developer's machine without Chromium; in CI (``CI`` set) that is a failure."""
    if CHROMIUM.exists():
        return
    missing = "needs Debian's chromium package at /usr/bin/chromium (.ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set and Chromium is missing: {missing}")
    pytest.skip(missing)


def _chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Chromium headless and offline-quiet: no network chatter, a throwaway profile."""
    return subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture()
def report(fleet_result: LintResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    path = tmp_path / "audit.html"
    path.write_text(render("html", fleet_result), encoding="utf-8")
    return path


def test_matrix_and_findings_are_in_the_rendered_dom(
    report: Path, tmp_path: Path, fleet_result: LintResult
) -> None:
    done = _chromium(tmp_path / "profile", "--dump-dom", report.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    matrix = dom[dom.index('<table class="matrix"') :]
    matrix = matrix[: matrix.index("</table>")]
    header = re.findall(r'<th scope="col">([^<]+)', matrix)
    assert header == ["Rule", "dev", "production", "staging"]
    staging_pem = re.search(r"CSC-PRIVATE-KEY-PEM</code>.*?</tr>", matrix, re.S)
    assert staging_pem and re.findall(r'<td class="cell (\w+)', staging_pem.group(0)) == [
        "not_applicable",
        "pass",
        "fail",
    ]
    failing = {(f.rule, name) for f in fleet_result.findings if f.severity != "info" for name in involved(f)}
    assert matrix.count("✗ FAIL") == len(failing) > 0
    findings = dom[dom.index('id="h-findings"') :]
    assert 'literal "\\n" sequences instead of line breaks' in findings
    assert "examples/fleet/production/env.yaml:45:11" in findings
    # dev, production, staging (the fleet findings are folded into staging's: none across instances)
    assert findings.count('<table class="findings"') == 3


def test_screenshot(report: Path, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "audit.png"
    screenshot.unlink(missing_ok=True)
    done = _chromium(
        tmp_path / "profile", f"--screenshot={screenshot}", "--window-size=1400,2000", report.as_uri()
    )
    assert done.returncode == 0, done.stderr[-2000:]
    data = screenshot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 50_000
    (ARTIFACTS / "audit.html").write_text(report.read_text(encoding="utf-8"), encoding="utf-8")
