"""A ``covers`` that names an unknown rule, the rule itself, or closes a circle is a rule-file error
naming the file and the line of the entry (exit 2), and every other rule still runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.inprocess import run_main

BUNDLED = Path(__file__).resolve().parents[2] / "rules" / "saas" / "SAAS-NONPROD-ON-PRODUCTION-DATASPACE.yaml"


def _rule(folder: Path, rule_id: str, covers: list[str], block: bool = False) -> Path:
    """A copy of a bundled rule under another id, with its own ``covers`` (inline or as a block list)."""
    text = BUNDLED.read_text().replace("id: SAAS-NONPROD-ON-PRODUCTION-DATASPACE", f"id: {rule_id}", 1)
    start = text.index("\ncovers:")
    end = text.index("\n", start + 1)
    written = (
        "\ncovers:" + "".join(f"\n  - {name}" for name in covers)
        if block
        else f"\ncovers: [{', '.join(covers)}]"
    )
    path = folder / f"{rule_id}.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text[:start] + written + text[end:])
    return path


def _line(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def _run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> tuple[int, str, str]:
    shop = tmp_path / "shop" / "app" / "etc"
    shop.mkdir(parents=True)
    (shop / "env.php").write_text(
        "<?php\nreturn [\n    'backend' => [\n        'frontName' => 'admin_x1',\n    ],\n];\n"
    )
    monkeypatch.chdir(tmp_path)
    return run_main(monkeypatch, capsys, "check", "shop", "--rules", "acme", "--format", "json")


def test_a_covers_typo_is_an_error_with_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _rule(
        tmp_path / "acme",
        "ACME-STAGING-ON-PROD",
        ["FLEET-UNIQUE-DATASPACE", "FLEET-UNIQUE-DATASPAC"],
        block=True,
    )
    code, out, err = _run(monkeypatch, capsys, tmp_path)
    typo = next(
        n for n, text in enumerate(path.read_text().splitlines(), 1) if text == "  - FLEET-UNIQUE-DATASPAC"
    )
    assert err.strip().splitlines() == [
        f"commerce-lint: error: acme/ACME-STAGING-ON-PROD.yaml:{typo}: covers/1: "
        "covers FLEET-UNIQUE-DATASPAC, which no loaded rule has (did you mean FLEET-UNIQUE-DATASPACE?)"
    ]
    assert code == 2
    report = json.loads(out)  # the bundled rules still ran
    assert "ACME-STAGING-ON-PROD" not in {finding["rule"] for finding in report["findings"]}
    assert report["summary"]["instances"] == 1


def test_a_rule_that_covers_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _rule(tmp_path / "acme", "ACME-SELF", ["FLEET-UNIQUE-DATASPACE", "ACME-SELF"], block=True)
    code, _, err = _run(monkeypatch, capsys, tmp_path)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text == "  - ACME-SELF")
    assert (
        err.strip()
        == f"commerce-lint: error: acme/ACME-SELF.yaml:{line}: covers/1: a rule cannot cover itself"
    )
    assert code == 2


def test_a_circle_of_covers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _rule(tmp_path / "acme", "ACME-A", ["ACME-B"])
    _rule(tmp_path / "acme", "ACME-B", ["ACME-C"])
    _rule(tmp_path / "acme", "ACME-C", ["ACME-A"])
    code, _, err = _run(monkeypatch, capsys, tmp_path)
    line = _line(first, "covers: [ACME-B]")
    assert err.strip().splitlines() == [
        f"commerce-lint: error: acme/ACME-A.yaml:{line}: covers/0: "
        "a circle of covers: ACME-A -> ACME-B -> ACME-C -> ACME-A"
    ]
    assert code == 2


def test_min_instances_on_an_instance_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _rule(tmp_path / "acme", "ACME-MIN", ["FLEET-UNIQUE-DATASPACE"])
    path.write_text(path.read_text().replace("\nlevel: instance\n", "\nlevel: instance\nmin_instances: 2\n"))
    code, _, err = _run(monkeypatch, capsys, tmp_path)
    line = _line(path, "min_instances: 2")
    assert err.strip() == (
        f"commerce-lint: error: acme/ACME-MIN.yaml:{line}: "
        "min_instances: min_instances applies to fleet rules only"
    )
    assert code == 2


def test_a_valid_covers_in_a_rule_folder_folds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A house rule may cover a bundled one: here it covers the bundled instance rule itself.
    _rule(tmp_path / "acme", "ACME-STAGING-ON-PROD", ["SAAS-NONPROD-ON-PRODUCTION-DATASPACE"])
    shop = tmp_path / "staging" / "app" / "etc"
    shop.mkdir(parents=True)
    (shop / "env.php").write_text(
        "<?php\nreturn [\n    'system' => [\n        'default' => [\n            'services_connector' => [\n"
        "                'services_id' => [\n"
        "                    'environment_id' => 'da7a5bac-e001-4001-8001-000000000001',\n"
        "                    'environment' => 'Production',\n"
        "                ],\n            ],\n        ],\n    ],\n];\n"
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = run_main(
        monkeypatch,
        capsys,
        "check",
        "staging",
        "--rules",
        "acme",
        "--format",
        "json",
        "--select",
        "*-ON-PROD*",
    )
    findings = json.loads(out)["findings"]
    assert [f["rule"] for f in findings] == ["ACME-STAGING-ON-PROD"], err
    notes = [
        place["note"] for place in findings[0]["related"] if (place.get("note") or "").startswith("also ")
    ]
    assert len(notes) == 1 and notes[0].startswith(
        "also SAAS-NONPROD-ON-PRODUCTION-DATASPACE (error): staging is"
    )
    assert code == 1
