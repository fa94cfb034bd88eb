"""Environment types from names: a guess, careful about production, and findings say it is one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from linter.formats import env_type_from_word, recognise
from tests.support.fresh_install import php_formatter
from tests.support.inprocess import run_main


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        # Compound names are not production (domain.md §e).
        ("pre-prod", "staging"),
        ("preprod", "staging"),
        ("pre-production", "staging"),
        ("PreProd", "staging"),
        ("non-prod", None),
        ("nonprod", None),
        ("non_production", None),
        ("no-prod", None),
        ("prod-copy", None),
        ("production-dr", None),
        ("live-search-demo", None),
        ("shop-prod", None),
        ("prod-backup-2", None),
        # A production word alone, or beside a place or a number.
        ("prod", "production"),
        ("production", "production"),
        ("live", "production"),
        ("PRD", "production"),
        ("eu-prod", "production"),
        ("prod-eu", "production"),
        ("us-east-live", "production"),
        ("prod-2", "production"),
        ("eu1-production", "production"),
        # Other types may be guessed from one word among others.
        ("staging", "staging"),
        ("eu-staging", "staging"),
        ("the-dev-box", "development"),
        ("non-prod-qa", "development"),
        # Two types named, or none: no guess.
        ("prod-uat", None),
        ("pre-prod-dev", None),
        ("eu", None),
        ("2", None),
        ("products", None),
    ],
)
def test_environment_type_from_a_name(name: str, kind: str | None) -> None:
    assert env_type_from_word(name) == kind
    typed = recognise(f"{name}.env.yaml")  # the same guess from a dump's name
    assert typed is not None and typed.env_type_hint == kind


def _testing_data_space() -> str:
    services_id = {"environment_id": "da7a5bac-e001-4001-8001-000000000002", "environment": "Testing"}
    return php_formatter({"system": {"default": {"services_connector": {"services_id": services_id}}}})


def _report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], where: Path, *options: str
) -> tuple[dict[str, Any], str]:
    code, out, _ = run_main(monkeypatch, capsys, "check", str(where), "--format", "json", *options)
    assert code in (0, 1)
    _, text, _ = run_main(monkeypatch, capsys, "check", str(where), *options)
    return json.loads(out), text


def _write(directory: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def test_a_guessed_production_says_it_is_a_guess(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "envs/prod", {"app/etc/env.php": _testing_data_space()})
    report, text = _report(monkeypatch, capsys, Path("envs/prod"))
    (instance,) = report["instances"]
    assert (instance["environment_type"], instance["environment_type_source"]) == (
        "production",
        "directory name envs/prod, a guess",
    )
    (finding,) = [f for f in report["findings"] if f["rule"] == "SAAS-PROD-ON-TESTING-DATASPACE"]
    assert "is the production instance (directory name envs/prod, a guess)" in finding["message"]
    assert "prod (production, from directory name envs/prod, a guess)" in text


def test_a_manifest_is_no_guess(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    manifest = "name: shop\nenvironment_type: production\n"
    _write(tmp_path / "envs/prod-copy", {"app/etc/env.php": _testing_data_space(), "instance.yaml": manifest})
    report, _ = _report(monkeypatch, capsys, Path("envs/prod-copy"))
    (instance,) = report["instances"]
    assert instance["environment_type"] == "production"
    assert "guess" not in instance["environment_type_source"]
    (finding,) = [f for f in report["findings"] if f["rule"] == "SAAS-PROD-ON-TESTING-DATASPACE"]
    assert "guess" not in finding["message"] and "manifest" in finding["message"]


@pytest.mark.parametrize("name", ["prod-copy", "production-dr", "live-search-demo", "non-prod"])
def test_a_compound_name_does_not_make_production(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / name, {"app/etc/env.php": _testing_data_space()})
    report, _ = _report(monkeypatch, capsys, Path(name))
    (instance,) = report["instances"]
    assert instance["environment_type"] is None
    rules = {f["rule"] for f in report["findings"]}
    assert "SAAS-PROD-ON-TESTING-DATASPACE" not in rules and "INPUT-ENVIRONMENT-TYPE-UNKNOWN" in rules


def test_a_file_name_guess_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    dump = "system:\n  default:\n    services_connector:\n      services_id:\n        environment: testing\n"
    _write(tmp_path / "shop", {"eu-prod.env.yaml": dump})
    report, _ = _report(monkeypatch, capsys, Path("shop"))
    (instance,) = report["instances"]
    assert (instance["environment_type"], instance["environment_type_source"]) == (
        "production",
        "file name shop/eu-prod.env.yaml, a guess",
    )
