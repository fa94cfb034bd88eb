"""GitHub: annotations errors first (the runner keeps ten per type), the whole result in the step summary."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from linter.finding import Finding, Severity
from linter.location import Location
from linter.reporters import step_summary
from linter.result import LintResult
from tests.conftest import EXAMPLES, ROOT
from tests.reporters.conftest import check, render
from tests.support.inprocess import run_main

ORDER = {"error": 0, "warning": 1, "notice": 2}


def _kinds(text: str) -> list[str]:
    return [line.split(" ", 1)[0].split("::")[1] for line in text.splitlines()]


def _many(count: int) -> LintResult:
    """``count`` findings of each severity, interleaved as a real report orders them (by place)."""
    findings = [
        Finding(
            rule=f"RULE-{severity.value.upper()}",
            severity=severity,
            message=f"finding {number} | with *markup* and <b>html</b>",
            instance=f"i{number:04d}",
            paths=("a/b/c",),
            place=Location(f"fleet/i{number:04d}/env.php", number + 1, 5, instance=f"i{number:04d}"),
            key=str(number),
        )
        for number in range(count)
        for severity in (Severity.INFO, Severity.WARNING, Severity.ERROR)
    ]
    findings.sort(key=Finding.sort_key)
    return LintResult(rules=[], findings=findings)


def test_annotations_come_errors_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    kinds = _kinds(render("github", _many(15)))
    assert kinds == sorted(kinds, key=ORDER.__getitem__)
    assert kinds[:15] == ["error"] * 15 and len(kinds) == 45


def test_the_example_fleet_errors_before_warnings_before_notices(
    fleet_result: LintResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    kinds = _kinds(render("github", fleet_result))
    assert set(kinds) == {"error", "warning", "notice"}
    assert kinds == sorted(kinds, key=ORDER.__getitem__)


def test_the_step_summary_holds_every_finding_and_is_appended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "step_summary.md"
    summary.write_text("## an earlier step\n\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    render("github", _many(40))  # 120 findings: far past the ten annotations per type
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## an earlier step\n\n## commerce-lint\n")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "RULE-" in line]
    assert len(rows) == 120
    assert [row.split(" | ")[0] for row in rows[:40]] == ["| **error**"] * 40
    assert "40 errors, 40 warnings, 40 info" in text
    # Markdown and HTML in a message stay text: the table keeps its five columns.
    assert all(row.count(" | ") == 4 for row in rows)
    assert "finding 7 \\| with \\*markup\\* and &lt;b&gt;html&lt;/b&gt;" in text
    render("github", _many(1))
    assert summary.read_text(encoding="utf-8").count("## commerce-lint") == 2


def test_the_summary_stays_under_githubs_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(step_summary, "LIMIT", 20_000)
    text = step_summary.summary(_many(200), str(ROOT))
    assert len(text.encode("utf-8")) <= 20_000 + 500
    shown = len([line for line in text.splitlines() if line.startswith("| ") and "RULE-" in line])
    assert 0 < shown < 600
    assert re.search(rf"and {600 - shown} more findings, past GitHub's 1 MiB limit", text)


def test_related_notes_input_errors_and_paths_from_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(EXAMPLES / "fleet", tmp_path / "shop/configs/fleet")
    (tmp_path / "shop/ci").mkdir()
    subprocess.run(["git", "init", "-q", str(tmp_path / "shop")], check=True, capture_output=True)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    with contextlib.chdir(tmp_path / "shop/ci"):
        result = check("../configs/fleet", cwd=tmp_path / "shop/ci")
        place = Location("../configs/fleet/dev/env.yaml", 3, 1, note="the value it masks")
        first = result.findings[0]
        result.findings[0] = first.replace(related=(*first.related, place))
        annotations = render("github", result)
    files = re.findall(r"file=([^,]+),", annotations)
    assert files and all(file.startswith("configs/fleet/") for file in files), files
    assert "see also ../configs/fleet/dev/env.yaml:3:1: the value it masks" in annotations.replace(
        "%0A", "\n"
    )
    text = summary.read_text(encoding="utf-8")
    assert "see also configs/fleet/dev/env.yaml:3: the value it masks" in text
    assert "| configs/fleet/production/env.yaml:45 |" in text


def test_an_unwritable_summary_is_a_notice_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "no/such/folder/summary.md"))
    monkeypatch.chdir(ROOT)
    code, out, err = run_main(monkeypatch, capsys, "check", "examples/fleet", "--format", "github")
    assert code == 1 and out.startswith("::error ")
    assert "cannot write the GitHub step summary" in err


def test_through_the_cli_input_errors_lead_and_secrets_stay_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(EXAMPLES / "fleet/staging", tmp_path / "fleet/staging")
    (tmp_path / "fleet/broken").mkdir()
    (tmp_path / "fleet/broken/env.php").write_text(
        "<?php\nreturn [\n    'crypt' => [\n        'key' => 'f00dfacef00dfacef00dfacef00dface'\n"
        "    ]\n    'x' =>\n",
        encoding="utf-8",
    )
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_main(monkeypatch, capsys, "check", "fleet", "--format", "github")
    assert code == 2
    lines = out.splitlines()
    assert lines[0].startswith("::error file=fleet/broken/env.php,line=")
    assert any("title=CSC-PRIVATE-KEY-PEM" in line for line in lines)
    text = summary.read_text(encoding="utf-8")
    assert "The run could not do its whole job" in text and "fleet/broken/env.php" in text
    for output in (out, text):
        assert "f00dface" not in output
