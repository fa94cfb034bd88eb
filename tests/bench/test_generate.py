"""The benchmark's corpus generator: deterministic, and commerce-lint finds exactly what it injects."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from bench.generate import KINDS, generate
from bench.verify import verify
from tests.conftest import run_cli

ALL_KINDS = ",".join(f"{kind}=1" for kind in KINDS)


def _has_php_loader() -> bool:
    try:
        return importlib.util.find_spec("linter.loaders.php_loader") is not None
    except ImportError:
        return False


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _check(directory: Path, *extra: str) -> dict[str, Any]:
    result = run_cli("check", str(directory), "--format", "json", *extra)
    assert result.returncode in (0, 1), result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    for side in ("a", "b"):
        generate(tmp_path / side / "fleet", 12, "yaml", seed=42, violations=ALL_KINDS)
    for suffix in ("fleet", "fleet.before"):
        first, second = _tree(tmp_path / "a" / suffix), _tree(tmp_path / "b" / suffix)
        assert first and first == second
    other = tmp_path / "c" / "fleet"
    generate(other, 12, "yaml", seed=43, violations=ALL_KINDS)
    assert _tree(other) != _tree(tmp_path / "a" / "fleet")


def test_instances_are_realistically_sized(tmp_path: Path) -> None:
    import yaml

    generate(tmp_path / "fleet", 12, "yaml", seed=3, violations="none")
    for env in sorted((tmp_path / "fleet").glob("*/env.yaml")):
        data = yaml.safe_load(env.read_text(encoding="utf-8"))

        def leaves(tree: dict[str, Any]) -> int:
            return sum(leaves(v) if isinstance(v, dict) else 1 for v in tree.values())

        assert 150 <= leaves(data["system"]) <= 400
        scopes = len(data["scopes"]["websites"]) - 1 + len(data["scopes"]["stores"]) - 1
        assert 3 <= scopes <= 8
        integration = data["system"]["default"]["services_connector"]["services_connector_integration"]
        halves = {f"{p}_{h}" for p in ("production", "sandbox") for h in ("api_key", "private_key")}
        assert set(integration) == halves
        assert data["system"]["default"]["commerce_data_export"]["feeds"]["products"]["batch_size"]


@pytest.mark.parametrize(
    "fmt",
    [
        "yaml",
        "json",
        pytest.param("php", marks=pytest.mark.skipif(not _has_php_loader(), reason="no PHP loader yet")),
    ],
)
def test_findings_match_expected(tmp_path: Path, fmt: str) -> None:
    fleet = tmp_path / "fleet"
    expected = generate(fleet, 24, fmt, seed=5, violations=ALL_KINDS)
    assert {v["kind"] for v in expected["violations"]} == set(KINDS)

    verdict = verify(_check(fleet), expected)
    assert verdict.correct, verdict.summary()
    before = str(tmp_path / "fleet.before")
    change = verify(_check(fleet, "--before", before, "--select", "CHG-*"), expected, change=True)
    assert change.correct, change.summary()
    assert change.matched == 1


def test_clean_fleet_has_no_errors_or_warnings(tmp_path: Path) -> None:
    fleet = tmp_path / "fleet"
    expected = generate(fleet, 12, "json", seed=9, violations="none")
    report = _check(fleet)
    assert [f["rule"] for f in report["findings"] if f["severity"] != "info"] == []
    assert verify(report, expected).correct
