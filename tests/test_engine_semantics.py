"""Engine semantics through the CLI: --levels, change comparison on plaintext, environment types."""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

import pytest

from linter.crypto import encrypt
from linter.model.discovery import env_type_from_word

RAW_KEY = b"K" * 32
CRYPT = "base64" + base64.b64encode(RAW_KEY).decode()
SECRET = "payment/gateway/secret_key"


def _main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run the CLI in this process (fast enough for mutation testing): exit code and stdout."""
    import gc

    from linter.cli import main

    monkeypatch.setattr(sys, "argv", ["commerce-lint", *args])
    monkeypatch.setenv("NO_COLOR", "1")
    with pytest.raises(SystemExit) as done:
        main()
    gc.unfreeze()
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    code = int(done.value.code or 0)
    assert code in (0, 1), err
    return code, out


def _json(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    code, out = _main(monkeypatch, capsys, "check", *args, "--format", "json")
    assert code in (0, 1), out
    data: dict = json.loads(out)  # type: ignore[type-arg]
    return data


def _rule(folder: Path, rule_id: str, level: str, fail_if: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{rule_id}.yaml").write_text(
        f"id: {rule_id}\ntitle: A test rule\nseverity: error\nlevel: {level}\n"
        "rationale: testing the engine\nsource: [{document: test}]\nremediation: fix the value\n"
        f"check:\n  cases:\n    - fail_if: {fail_if}\n      message: it happened\n"
        "examples: [{name: a, expect: pass}, {name: b, expect: fail}]\n"
    )


def _env(directory: Path, secret: str, name: str = "env.php", extra: str = "") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(
        "<?php\nreturn [\n  'crypt' => ['key' => '" + CRYPT + "'],\n"
        "  'system' => ['default' => ['payment' => ['gateway' => ['secret_key' => '"
        + secret
        + "']]"
        + extra
        + "]],\n];\n"
    )
    return directory


def _rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    _rule(folder, "TEST-CHANGED", "change", f"{{changed: [{SECRET}]}}")
    _rule(folder, "TEST-SET", "instance", f"{{set: {SECRET}}}")
    return folder


def _changes(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    before: str,
    after: str,
) -> list[str]:
    rules = _rules(tmp_path)
    _env(tmp_path / "before" / "shop", before)
    _env(tmp_path / "after" / "shop", after)
    report = _json(
        monkeypatch,
        capsys,
        str(tmp_path / "after" / "shop"),
        "--before",
        str(tmp_path / "before" / "shop"),
        "--rules",
        str(rules),
        "--select",
        "TEST-*",
        "--levels",
        "change",
    )
    return [f["rule"] for f in report["findings"]]


def test_reencrypting_the_same_plaintext_is_no_change(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Kills: change detection comparing the stored ciphertext instead of the plaintext.
    first = encrypt("same-secret", RAW_KEY, nonce=b"\x01" * 12)
    second = encrypt("same-secret", RAW_KEY, nonce=b"\x02" * 12)
    assert first != second
    assert _changes(monkeypatch, capsys, tmp_path, first, second) == []


def test_another_plaintext_is_a_change(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = encrypt("old-secret", RAW_KEY, nonce=b"\x01" * 12)
    after = encrypt("new-secret", RAW_KEY, nonce=b"\x01" * 12)
    assert _changes(monkeypatch, capsys, tmp_path, before, after) == ["TEST-CHANGED"]


def test_surrounding_space_is_no_change(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert _changes(monkeypatch, capsys, tmp_path, "plain", " plain ") == []


def test_levels_selects_which_rules_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Kills: --levels ignored (every level run whatever was asked).
    rules = _rules(tmp_path)
    _env(tmp_path / "before" / "shop", "old")
    _env(tmp_path / "after" / "shop", "new")
    common = (
        str(tmp_path / "after" / "shop"),
        "--before",
        str(tmp_path / "before" / "shop"),
        "--rules",
        str(rules),
        "--select",
        "TEST-*",
    )
    every = _json(monkeypatch, capsys, *common)
    assert sorted(f["rule"] for f in every["findings"]) == ["TEST-CHANGED", "TEST-SET"]
    instance = _json(monkeypatch, capsys, *common, "--levels", "instance")
    assert [f["rule"] for f in instance["findings"]] == ["TEST-SET"]
    change = _json(monkeypatch, capsys, *common, "--levels", "change")
    assert [f["rule"] for f in change["findings"]] == ["TEST-CHANGED"]
    both = _json(monkeypatch, capsys, *common, "--levels", "instance,change")
    assert len(both["findings"]) == 2


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("prod", "production"),
        ("live", "production"),
        ("prd", "production"),
        ("eu-production", "production"),
        ("stg", "staging"),
        ("stage", "staging"),
        ("uat", "staging"),
        ("preprod", "staging"),
        ("qa", "development"),
        ("integration", "development"),
        ("local", "development"),
        ("Dev", "development"),
        ("prod-stg", None),  # two types named: no guess
        ("product", None),
        ("shop", None),
        ("prod-prod", "production"),
    ],
)
def test_environment_type_aliases(word: str, expected: str | None) -> None:
    assert env_type_from_word(word) == expected


def _env_type(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[str, str]:
    report = _json(monkeypatch, capsys, *args, "--select", "TEST-*")
    instance = report["instances"][0]
    return instance["environment_type"], instance["environment_type_source"]


def test_file_name_hint_names_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rules = _rules(tmp_path)
    shop = tmp_path / "shop"
    shop.mkdir()
    (shop / "live.env.yaml").write_text("system: {default: {a: {b: {c: '1'}}}}\n")
    env_type, source = _env_type(monkeypatch, capsys, str(shop), "--rules", str(rules))
    assert env_type == "production"
    assert source.startswith("file name") and source.endswith("live.env.yaml")


def test_file_name_hint_wins_over_directory_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rules = _rules(tmp_path)
    shop = tmp_path / "fleet" / "staging"
    shop.mkdir(parents=True)
    (shop / "prod.env.yaml").write_text("system: {default: {a: {b: {c: '1'}}}}\n")
    assert _env_type(monkeypatch, capsys, str(shop), "--rules", str(rules))[0] == "production"
    (shop / "prod.env.yaml").rename(shop / "env.yaml")
    env_type, source = _env_type(monkeypatch, capsys, str(tmp_path / "fleet"), "--rules", str(rules))
    assert env_type == "staging" and source.startswith("directory name")


def test_conflicting_file_hints_are_no_guess(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rules = _rules(tmp_path)
    shop = tmp_path / "shop"
    shop.mkdir()
    (shop / "prod.env.yaml").write_text("system: {default: {a: {b: {c: '1'}}}}\n")
    (shop / "stg.config.yaml").write_text("modules: {}\n")
    assert _env_type(monkeypatch, capsys, str(shop), "--rules", str(rules))[0] in (None, "unknown")


def test_manifest_then_inventory_override(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rules = _rules(tmp_path)
    shop = tmp_path / "prod"
    shop.mkdir()
    (shop / "prod.env.yaml").write_text("system: {default: {a: {b: {c: '1'}}}}\n")
    (shop / "instance.yaml").write_text("name: shop\nenvironment_type: development\n")
    env_type, source = _env_type(monkeypatch, capsys, str(shop), "--rules", str(rules))
    assert env_type == "development" and source.startswith("manifest")
    (tmp_path / "commerce-lint.yaml").write_text(
        "instances:\n  - name: shop\n    environment_type: staging\n    files:\n      - prod/prod.env.yaml\n"
    )
    monkeypatch.chdir(tmp_path)
    env_type, source = _env_type(monkeypatch, capsys, "--rules", str(rules))
    assert env_type == "staging" and source == "settings file inventory"
