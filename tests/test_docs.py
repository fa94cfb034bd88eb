"""The worked example in docs/rules.md is a real rule: its examples pass and `check --rules` uses it."""

from __future__ import annotations

import re
from pathlib import Path

from linter.catalog.loader import load_rule
from linter.ruletest.runner import run_examples
from tests.conftest import EXAMPLES, ROOT, run_cli


def _worked_example() -> str:
    text = (ROOT / "docs" / "rules.md").read_text()
    pattern = r"<!-- worked-example:start -->\n```yaml\n(.*?)```\n<!-- worked-example:end -->"
    block = re.search(pattern, text, re.S)
    assert block, "docs/rules.md lost its worked example"
    return block.group(1)


def test_worked_example_rule_loads_and_its_examples_pass(tmp_path: Path) -> None:
    path = tmp_path / "ACME-LIVE-PAYMENTS-ONLY-ON-PRODUCTION.yaml"
    path.write_text(_worked_example())
    results = run_examples([load_rule(path)])
    assert len(results) == 3
    assert all(result.passed for result in results), [r.detail for r in results if not r.passed]


def test_worked_example_rule_runs_with_check(tmp_path: Path) -> None:
    folder = tmp_path / "acme-rules"
    folder.mkdir()
    (folder / "ACME-LIVE-PAYMENTS-ONLY-ON-PRODUCTION.yaml").write_text(_worked_example())
    staging = tmp_path / "staging"
    staging.mkdir()
    (staging / "env.yaml").write_text(
        "system:\n  default:\n    payment:\n      payment_services: {active: '1'}\n"
        "      payment_methods: {method: production}\n"
    )
    done = run_cli("check", str(staging), "--rules", str(folder), "--select", "ACME-*")
    assert done.returncode == 1
    assert "staging is a staging instance (directory name" in done.stdout
    assert "env.yaml:5:25: error ACME-LIVE-PAYMENTS-ONLY-ON-PRODUCTION" in done.stdout
    listed = run_cli("rules", "list", "--rules", str(folder))
    assert "ACME-LIVE-PAYMENTS-ONLY-ON-PRODUCTION" in listed.stdout
    assert run_cli("check", str(EXAMPLES / "fleet"), "--rules", str(folder)).returncode == 1


def test_readme_settings_example_works(tmp_path: Path) -> None:
    import shutil

    text = (ROOT / "README.md").read_text()
    block = re.search(
        r"<!-- settings-example:start -->\n```yaml\n(.*?)```\n<!-- settings-example:end -->", text, re.S
    )
    assert block, "README.md lost its settings example"
    (tmp_path / ".git").mkdir()
    (tmp_path / "commerce-lint.yaml").write_text(block.group(1))
    shutil.copytree(EXAMPLES / "fleet", tmp_path / "fleet")
    (tmp_path / "acme-rules").mkdir()
    (tmp_path / "acme-rules" / "ACME-LIVE-PAYMENTS-ONLY-ON-PRODUCTION.yaml").write_text(_worked_example())
    done = run_cli("check", "--format", "json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    import json

    findings = json.loads(done.stdout)["findings"]
    rules = {f["rule"] for f in findings}
    assert "SEC-CONNECTOR-IN-SHARED-CONFIG" not in rules  # ignored
    pem = [f for f in findings if f["rule"] == "CSC-PRIVATE-KEY-PEM"]
    assert pem and all(f["severity"] == "warning" for f in pem)  # severity override
    waived = [f for f in findings if f["rule"] == "SAAS-NONPROD-ON-PRODUCTION-DATASPACE"]
    assert waived and all("OPS-1234" in f["waived"] for f in waived)
