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


def _main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str, errors: bool = False
) -> tuple[int, str]:
    """Run the CLI in this process (fast enough for mutation testing): exit code and stdout (``errors``:
    exit code 2 allowed, and stderr returned instead)."""
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
    if errors and code == 2:
        return code, err
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
    assert source.startswith("file name") and source.endswith("live.env.yaml, a guess")


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


# --------------------------------------------------------------------------- the rule language


def _write_rule(tmp_path: Path, check: str, files: dict[str, str]) -> None:
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / "TEST-RULE.yaml").write_text(
        "id: TEST-RULE\ntitle: A test rule\nseverity: warning\nlevel: instance\n"
        "rationale: testing the engine\nsource: [{document: test}]\nremediation: fix the value\n"
        f"check:\n{check}\nexamples: [{{name: a, expect: pass}}, {{name: b, expect: fail}}]\n"
    )
    shop = tmp_path / "shop"
    for name, text in files.items():
        (shop / name).parent.mkdir(parents=True, exist_ok=True)
        (shop / name).write_text(text)


def _fire(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    check: str,
    files: dict[str, str],
) -> list[dict]:  # type: ignore[type-arg]
    """The findings of one instance rule whose ``check:`` block is ``check`` (YAML, indented 2)."""
    _write_rule(tmp_path, check, files)
    monkeypatch.chdir(tmp_path)  # file names in messages are shown relative to the working directory
    report = _json(monkeypatch, capsys, "shop", "--rules", "rules", "--select", "TEST-RULE")
    return report["findings"]  # type: ignore[no-any-return]


def _problem(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    check: str,
    files: dict[str, str],
) -> str:
    """What a rule written wrongly gives: today the finding "rule could not be evaluated: ..."; once such
    mistakes are found when the rule loads (issue 14), an error naming the rule file. Either will do."""
    _write_rule(tmp_path, check, files)
    monkeypatch.chdir(tmp_path)
    code, text = _main(
        monkeypatch,
        capsys,
        "check",
        "shop",
        "--rules",
        "rules",
        "--select",
        "TEST-RULE",
        "-f",
        "json",
        errors=True,
    )
    if code == 2:
        assert "TEST-RULE.yaml" in text
        return text
    findings = json.loads(text)["findings"]
    assert len(findings) == 1 and findings[0]["severity"] == "error"
    assert findings[0]["message"].startswith("rule could not be evaluated: ")
    return str(findings[0]["message"])


SCOPED = {
    "config.yaml": "scopes:\n  websites: {eu: {website_id: 1}, us: {website_id: 2}}\n"
    "  stores: {de: {website_id: 1}}\n",
    "env.yaml": (
        "system:\n"
        "  default:\n"
        "    a: {b: {flag: '1', off: '0', word: Hello, blank: '  ', num: 5}}\n"
        "    payment: {gw: {secret_key: Qz7kLm9Px4Vb8Nc2}}\n"
        "  websites:\n"
        "    eu: {a: {b: {flag: '0', word: Bonjour}}}\n"
        "  stores:\n"
        "    de: {a: {b: {word: Hallo}}}\n"
    ),
}


def _case(condition: str, message: str = "it failed") -> str:
    return f'  cases:\n    - name: c\n      fail_if: {condition}\n      message: "{message}"\n'


CONDITIONS: list[tuple[str, bool]] = [
    ("{set: a/b/flag}", True),
    ("{set: a/b/blank}", False),
    ("{set: a/b/none}", False),
    ("{missing: a/b/blank}", True),
    ("{missing: a/b/flag}", False),
    ("{enabled: a/b/flag}", True),
    ("{enabled: a/b/off}", False),
    ("{enabled: a/b/none}", False),
    ("{dynamic: a/b/flag}", False),
    ("{equals: {path: a/b/word, value: Hello}}", True),
    ("{equals: {path: a/b/word, value: hello}}", False),
    ("{equals: {path: a/b/word, value: hello, case_sensitive: false}}", True),
    ("{equals: {path: a/b/num, value: 5}}", True),
    ("{equals: {path: a/b/none, value: ''}}", False),
    ("{one_of: {path: a/b/word, values: [x, Hello]}}", True),
    ("{one_of: {path: a/b/word, values: [x, hello]}}", False),
    ("{one_of: {path: a/b/word, values: [HELLO], case_sensitive: false}}", True),
    ("{one_of: {path: a/b/none, values: ['']}}", False),
    ("{matches: {path: a/b/word, pattern: '^He'}}", True),
    ("{matches: {path: a/b/word, pattern: '^he'}}", False),
    ("{matches: {path: a/b/none, pattern: '.*'}}", False),
    ("{all: [{set: a/b/flag}, {set: a/b/word}]}", True),
    ("{all: [{set: a/b/flag}, {set: a/b/none}]}", False),
    ("{any: [{set: a/b/none}, {set: a/b/word}]}", True),
    ("{any: [{set: a/b/none}, {set: a/b/blank}]}", False),
    ("{not: {set: a/b/none}}", True),
    ("{not: {set: a/b/flag}}", False),
    ("{in_any_scope: {equals: {path: a/b/word, value: Hallo}}}", True),
    ("{in_any_scope: {equals: {path: a/b/word, value: Hola}}}", False),
    ("{in_any_scope: {not: {enabled: a/b/flag}}}", True),
    ("{env_type: [production]}", False),
    ("{env_type: [development, production]}", False),
    ("{env_type_known: false}", True),
    ("{env_type_known: true}", False),
    ("{source: {path: a/b/flag, role: [env]}}", True),
    ("{source: {path: a/b/flag, role: [config]}}", False),
    ("{source: {path: a/b/flag, shared: false}}", True),
    ("{source: {path: a/b/flag, shared: true}}", False),
    ("{source: {path: a/b/flag, format: [yaml]}}", True),
    ("{source: {path: a/b/flag, format: [php]}}", False),
    ("{source: {path: a/b/none, role: [env]}}", False),
    ("true", True),
    ("false", False),
]


def test_conditions(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # One rule, one case per condition (a run per condition would be too slow for mutation testing).
    cases = "".join(
        f"    - name: c{index}\n      fail_if: {condition}\n      message: case {index}\n"
        for index, (condition, _) in enumerate(CONDITIONS)
    )
    findings = _fire(monkeypatch, capsys, tmp_path, "  cases:\n" + cases, SCOPED)
    fired = {int(f["message"].split()[1]) for f in findings}
    expected = {index for index, (_, fires) in enumerate(CONDITIONS) if fires}
    wrong = sorted(fired ^ expected)
    assert not wrong, [CONDITIONS[index] for index in wrong]


def test_for_each_scopes_and_message_placeholders(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    check = (
        "  for_each: {scope: {scopes: all}}\n"
        + _case(
            "{not: {enabled: a/b/flag}}",
            "{scope} {instance} {env_type} {env_type_source}: "
            "{value:a/b/word} {path:a/b/word} at {where:a/b/word}",
        )
        + "      at: [a/b/flag]\n"
    )
    findings = _fire(monkeypatch, capsys, tmp_path, check, SCOPED)
    messages = sorted(f["message"] for f in findings)
    assert messages == [
        "stores/de shop unknown not known: Hallo stores/de/a/b/word at shop/env.yaml:8",
        "websites/eu shop unknown not known: Bonjour websites/eu/a/b/word at shop/env.yaml:6",
    ]
    by_scope = {f["paths"][0]: (f["line"], f["column"]) for f in findings}
    # A store view without its own flag reads its website's: the finding points there.
    assert by_scope == {"websites/eu/a/b/flag": (6, 18)}


def test_for_each_scope_kinds(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    check = "  for_each: {scope: {scopes: websites}}\n" + _case("true", "{scope}")
    assert sorted(f["message"] for f in _fire(monkeypatch, capsys, tmp_path, check, SCOPED)) == [
        "websites/eu",
        "websites/us",
    ]


def test_for_each_list_and_let(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    check = (
        "  for_each: {field: [word, flag, none]}\n"
        "  let: {w: {value: a/b/word, lower: true}, k: {value: payment/gw/secret_key}}\n"
        + _case("{set: 'a/b/{field}'}", "{field}={value:a/b/{field}} {w} {k}")
    )
    messages = sorted(f["message"] for f in _fire(monkeypatch, capsys, tmp_path, check, SCOPED))
    from linter.secrets import fingerprint

    assert messages == [
        f"flag=1 hello {fingerprint('Qz7kLm9Px4Vb8Nc2')}",
        f"word=Hello hello {fingerprint('Qz7kLm9Px4Vb8Nc2')}",
    ]


def test_for_each_settings_binds_each_matching_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    check = "  for_each: {s: {settings: {paths: ['a/b/word'], scopes: [websites, stores]}}}\n" + _case(
        "{set: {var: s}}", "{s} {s.path} {s.value} {s.scope} {s.file}"
    )
    messages = sorted(f["message"] for f in _fire(monkeypatch, capsys, tmp_path, check, SCOPED))
    assert messages == [
        "stores/de/a/b/word a/b/word Hallo stores/de shop/env.yaml",
        "websites/eu/a/b/word a/b/word Bonjour websites/eu shop/env.yaml",
    ]


def test_applies_if_and_case_severity(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    applies = "  applies_if: {set: a/b/word}\n" + _case("true") + "      severity: error\n"
    findings = _fire(monkeypatch, capsys, tmp_path, applies, SCOPED)
    assert [(f["severity"], f["message"]) for f in findings] == [("error", "it failed")]
    skipped = "  applies_if: {set: a/b/none}\n" + _case("true")
    assert _fire(monkeypatch, capsys, tmp_path, skipped, SCOPED) == []


def test_secret_values_show_as_fingerprints(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from linter.secrets import fingerprint

    check = _case("{set: payment/gw/secret_key}", "{value:payment/gw/secret_key} {fp:payment/gw/secret_key}")
    findings = _fire(monkeypatch, capsys, tmp_path, check, SCOPED)
    assert [f["message"] for f in findings] == [
        f"{fingerprint('Qz7kLm9Px4Vb8Nc2')} {fingerprint('Qz7kLm9Px4Vb8Nc2')}"
    ]
    plain = _case("{set: a/b/word}", "{value:a/b/none}|{value:a/b/blank}|{fp:a/b/none}|{where:a/b/none}")
    assert (
        _fire(monkeypatch, capsys, tmp_path, plain, SCOPED)[0]["message"]
        == "(not set)|(empty)|(not set)|not set"
    )


def test_an_unknown_variable_is_a_finding_that_names_the_rule(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert "unknown variable 'nope'" in _problem(
        monkeypatch, capsys, tmp_path, _case("{set: {var: nope}}"), SCOPED
    )


def test_dynamic_values_abstain(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = {
        "app/etc/env.php": (
            "<?php\nreturn ['system' => ['default' => ['a' => ['b' => ['word' => getenv('W')]]]]];\n"
        )
    }
    assert _fire(monkeypatch, capsys, tmp_path, _case("{equals: {path: a/b/word, value: x}}"), files) == []
    assert (
        _fire(monkeypatch, capsys, tmp_path, _case("{not: {equals: {path: a/b/word, value: x}}}"), files)
        == []
    )
    shown = _fire(monkeypatch, capsys, tmp_path, _case("{dynamic: a/b/word}", "{value:a/b/word}"), files)
    assert [f["message"] for f in shown] == ["<dynamic: getenv('W')>"]


# --------------------------------------------------------------------------- named predicates

PEM_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7"


def _pem(label: str, body: str = PEM_BODY, end: str | None = None) -> str:
    return f"-----BEGIN {label}-----\n{body}\n-----END {end or label}-----"


@pytest.mark.parametrize(
    ("revealed", "expected"),
    [
        (("plain", _pem("PRIVATE KEY")), "ok"),
        (("decrypted", "  " + _pem("PRIVATE KEY") + "\n"), "ok"),
        (("plain", _pem("RSA PRIVATE KEY")), "pkcs1"),
        (("plain", _pem("RSA PRIVATE KEY", "Proc-Type: 4,ENCRYPTED\n" + PEM_BODY)), "encrypted_key"),
        (("plain", _pem("RSA PRIVATE KEY", "Proc-Type: 4,PLAIN\n" + PEM_BODY)), "bad_body"),
        (("plain", _pem("ENCRYPTED PRIVATE KEY")), "encrypted_key"),
        (("plain", _pem("PUBLIC KEY")), "public_key"),
        (("plain", _pem("RSA PUBLIC KEY")), "public_key"),
        (("plain", _pem("EC PUBLIC KEY")), "public_key"),
        (("plain", _pem("CERTIFICATE")), "certificate"),
        (("plain", _pem("TRUSTED CERTIFICATE")), "certificate"),
        (("plain", _pem("EC PRIVATE KEY")), "unexpected_label"),
        (("plain", _pem("PRIVATE KEY", end="RSA PRIVATE KEY")), "mismatched_labels"),
        (("plain", _pem("PRIVATE KEY") + "\n" + _pem("PRIVATE KEY")), "multiple_blocks"),
        (("plain", _pem("PRIVATE KEY").replace("\n", "\\n")), "literal_newlines"),
        (("plain", _pem("PRIVATE KEY", "not base64!")), "bad_body"),
        (("plain", "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----"), "bad_body"),
        (("plain", "-----BEGIN PRIVATE KEY-----"), "no_armor"),
        (("plain", PEM_BODY), "no_armor"),
        (("plain", "-----END PRIVATE KEY-----\n" + PEM_BODY + "\n-----BEGIN PRIVATE KEY-----"), "no_armor"),
        (("plain", _pem("PRIVATE KEY") + "\ntrailing"), "no_armor"),
        (("missing", None), "missing"),
        (("no_key", None), "not_verifiable"),
        (("unsupported", None), "not_verifiable"),
        (("dynamic", None), "not_verifiable"),
        (("double_encrypted", None), "unusable"),
        (("undecryptable", None), "unusable"),
        (("variable_ciphertext", None), "unusable"),
    ],
)
def test_private_key_pem(revealed: tuple[str, str | None], expected: str) -> None:
    from linter.checks.predicates import PREDICATES
    from linter.model.reveal import Revealed

    assert PREDICATES["private_key_pem"].function(Revealed(*revealed)) == expected
    assert expected in PREDICATES["private_key_pem"].results  # a verdict rules may name in `in:`


@pytest.mark.parametrize(
    ("revealed", "expected"),
    [
        (("plain", "fa4efa4e0000000000000000000000a1"), "ok"),
        (("decrypted", "fa4efa4e00000000000000000000\n"), "multiline"),  # CR or LF anywhere: not a header
        (("plain", _pem("PRIVATE KEY")), "pem"),
        (("plain", "abc-----END X"), "pem"),
        (("plain", "abc\ndef"), "multiline"),
        (("plain", "abc def"), "whitespace"),
        (("plain", "abc\tdef"), "whitespace"),
        (("missing", None), "missing"),
        (("no_key", None), "not_verifiable"),
        (("undecryptable", None), "unusable"),
    ],
)
def test_api_key_token(revealed: tuple[str, str | None], expected: str) -> None:
    from linter.checks.predicates import PREDICATES
    from linter.model.reveal import Revealed

    assert PREDICATES["api_key_token"].function(Revealed(*revealed)) == expected
    assert expected in PREDICATES["api_key_token"].results
    assert PREDICATES["key_encryption"].function(Revealed(*revealed)) == revealed[0]


# --------------------------------------------------------------------------- fleet rules

FLEET_RULES = {
    "TEST-UNIQUE": (
        "    kind: unique\n    path: x/y/space\n    message: '{value} shared by {count}: {instances}'\n"
    ),
    "TEST-CONSISTENT": (
        "    kind: consistent\n    within: project\n    reference_when: {env_type: [production]}\n"
        "    path: x/y/api_key\n    message: '{distinct} keys among {among}: {values}'\n"
    ),
    "TEST-MAX": (
        "    kind: max_distinct\n    for_each: {type: [prod, test]}\n    path: x/y/space\n"
        "    where: {equals: {path: x/y/type, value: '{type}'}}\n"
        "    limit: {prod: 1, test: 2}\n    message: '{type}: {distinct} over {limit} ({values})'\n"
    ),
    "TEST-BOUND": (
        "    kind: bound_to\n    reference_when: {env_type: [production]}\n    path: x/y/merchant\n"
        "    with: x/y/space\n    message: '{value} with {partners}'\n"
    ),
    "TEST-RESERVED": (
        "    kind: reserved\n    path: x/y/space\n    reserved_when: {env_type: [production]}\n"
        "    allowed_when: {env_type: [production]}\n    message: '{value} used by {intruders}'\n"
    ),
}


def _fleet(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    instances: dict[str, dict[str, str]],
) -> dict[str, list[str]]:
    """Rule id -> the messages of its findings, over a fleet of ``instances`` (name -> x/y fields)."""
    folder = tmp_path / "rules"
    folder.mkdir()
    for rule_id, spec in FLEET_RULES.items():
        (folder / f"{rule_id}.yaml").write_text(
            f"id: {rule_id}\ntitle: A test rule\nseverity: warning\nlevel: fleet\n"
            "rationale: testing the engine\nsource: [{document: test}]\nremediation: fix the value\n"
            f"check:\n  fleet:\n{spec}examples: [{{name: a, expect: pass}}, {{name: b, expect: fail}}]\n"
        )
    for name, fields in instances.items():
        values = ", ".join(f"{key}: '{value}'" for key, value in fields.items() if key != "project")
        (tmp_path / "fleet" / name).mkdir(parents=True)
        (tmp_path / "fleet" / name / "env.yaml").write_text(
            f"system:\n  default:\n    x: {{y: {{{values}}}}}\n"
        )
        if "project" in fields:
            (tmp_path / "fleet" / name / "instance.yaml").write_text(f"project: {fields['project']}\n")
    monkeypatch.chdir(tmp_path)
    report = _json(monkeypatch, capsys, "fleet", "--rules", "rules", "--select", "TEST-*")
    found: dict[str, list[str]] = {}
    for finding in report["findings"]:
        found.setdefault(finding["rule"], []).append(finding["message"])
    return found


def test_fleet_kinds(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    found = _fleet(
        monkeypatch,
        capsys,
        tmp_path,
        {
            "prod": {"space": "s1", "api_key": "k1", "type": "prod", "merchant": "m1", "project": "p"},
            "stg": {"space": "s1", "api_key": "k2", "type": "prod", "merchant": "m1", "project": "p"},
            "dev": {"space": "s2", "api_key": "k1", "type": "prod", "merchant": "m2", "project": "p"},
            "qa": {"space": "s3", "api_key": "k9", "type": "test", "merchant": "m1"},
        },
    )
    assert found["TEST-UNIQUE"] == [
        "s1 shared by 2: prod (production, fleet/prod/env.yaml:3:13), stg (staging, fleet/stg/env.yaml:3:13)"
    ]
    # qa has no project: it joins the only project the fleet declares. Keys show as fingerprints.
    from linter.secrets import fingerprint

    k1, k2, k9 = (fingerprint(key) for key in ("k1", "k2", "k9"))
    assert found["TEST-CONSISTENT"] == [f"3 keys among project p: {k1} on dev, prod; {k9} on qa; {k2} on stg"]
    assert found["TEST-MAX"] == ["prod: 2 over 1 (s1, s2)"]
    assert found["TEST-BOUND"] == ["m1 with prod, stg: s1; qa: s3"]
    assert found["TEST-RESERVED"] == ["s1 used by stg (staging)"]


def test_fleet_rules_pass_on_a_tidy_fleet(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    found = _fleet(
        monkeypatch,
        capsys,
        tmp_path,
        {
            "prod": {"space": "s1", "api_key": "k1", "type": "prod", "merchant": "m1"},
            "stg": {"space": "s2", "api_key": "k1", "type": "test", "merchant": "m2"},
            "dev": {"space": "s3", "api_key": "k1", "type": "test", "merchant": "m3"},
        },
    )
    assert found == {}


# --------------------------------------------------------------------------- more of the rule language


def test_duplicate_keys_point_at_both_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    check = "  for_each: {d: {duplicate_keys: true}}\n" + _case(
        "{source: {var: d, format: [php]}}", "{d} in {d.file} {d.first}/{d.second}"
    )
    env = "<?php\nreturn [\n  'db' => ['host' => 'a',\n    'host' => 'b'],\n];\n"
    findings = _fire(monkeypatch, capsys, tmp_path, check, {"app/etc/env.php": env})
    assert [f["message"] for f in findings] == ["db.host in shop/app/etc/env.php 3/4"]
    assert (findings[0]["line"], findings[0]["paths"]) == (4, ["db/host"])
    yaml_only = _fire(monkeypatch, capsys, tmp_path, check, {"app/etc/env.php": "<?php return [];"})
    assert yaml_only == []


def test_placeholders_for_where_a_value_comes_from(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = {
        "env.yaml": "system:\n  default:\n    a: {b: {c: '1'}}\n",
        "environment.json": '{"CONFIG__DEFAULT__A__B__V": "2"}',
    }
    message = "{where:a/b/c}|{where:a/b/v}|{where:a/b/none}|{path:a/b/v}|{scope}"
    findings = _fire(monkeypatch, capsys, tmp_path, _case("true", message), files)
    assert [f["message"] for f in findings] == [
        "shop/env.yaml:3|variable CONFIG__DEFAULT__A__B__V in shop/environment.json|not set|a/b/v|default"
    ]


def test_long_values_are_cut_and_unknown_placeholders_fail(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = {"env.yaml": "system:\n  default:\n    a: {b: {long: '" + "x" * 100 + "'}}\n"}
    findings = _fire(monkeypatch, capsys, tmp_path, _case("true", "{value:a/b/long}"), files)
    assert [f["message"] for f in findings] == ["x" * 77 + "..."]
    exact = {"env.yaml": "system:\n  default:\n    a: {b: {long: '" + "y" * 80 + "'}}\n"}
    assert (
        _fire(monkeypatch, capsys, tmp_path, _case("true", "{value:a/b/long}"), exact)[0]["message"]
        == "y" * 80
    )
    bad = _problem(monkeypatch, capsys, tmp_path, _case("true", "{nope:a/b/long}"), files)
    assert "unknown placeholder {nope:" in bad
    check = "  for_each: {s: {scopes: all}}\n" + _case("true", "{s.upper}")
    assert "unknown variable {s.upper}" in _problem(monkeypatch, capsys, tmp_path, check, files)


def _change(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    check: str,
    before: str,
    after: str,
) -> list[dict]:  # type: ignore[type-arg]
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / "TEST-CHANGE.yaml").write_text(
        "id: TEST-CHANGE\ntitle: A test rule\nseverity: warning\nlevel: change\n"
        "rationale: testing the engine\nsource: [{document: test}]\nremediation: fix the value\n"
        f"check:\n{check}\nexamples: [{{name: a, expect: pass}}, {{name: b, expect: fail}}]\n"
    )
    for side, text in (("before", before), ("after", after)):
        (tmp_path / side / "shop").mkdir(parents=True, exist_ok=True)
        (tmp_path / side / "shop" / "env.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    report = _json(
        monkeypatch,
        capsys,
        "after/shop",
        "--before",
        "before/shop",
        "--rules",
        "rules",
        "--select",
        "TEST-CHANGE",
    )
    return report["findings"]  # type: ignore[no-any-return]


def test_change_conditions_and_the_changes_placeholder(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from linter.secrets import fingerprint

    before = "system:\n  default:\n    a: {b: {c: old, same: s, secret_key: Qz7kLm9Px4Vb8Nc2}}\n"
    after = "system:\n  default:\n    a: {b: {c: new, same: s, secret_key: Zz9yXx8wVv7uTt6s, added: x}}\n"
    cases = (
        "  cases:\n"
        "    - {name: a, fail_if: {changed: [a/b/c]}, message: '{changes:a/b/c, a/b/same, a/b/secret_key}'}\n"
        "    - {name: b, fail_if: {unchanged: [a/b/same]}, message: 'same {changes:a/b/same}'}\n"
        "    - {name: c, fail_if: {before: {equals: {path: a/b/c, value: old}}}, message: was old}\n"
        "    - {name: d, fail_if: {after: {equals: {path: a/b/c, value: new}}}, message: is new}\n"
        "    - {name: e, fail_if: {changed: [a/b/same]}, message: wrong}\n"
        "    - {name: f, fail_if: {before: {set: a/b/added}}, message: wrong too}\n"
        "    - {name: g, fail_if: {changed: [a/b/added]}, message: '{changes:a/b/added}'}\n"
        "    - {name: h, fail_if: {set: {path: a/b/c, state: before}}, message: '{value:before:a/b/c}"
        " {value:after:a/b/c}'}\n"
    )
    messages = sorted(f["message"] for f in _change(monkeypatch, capsys, tmp_path, cases, before, after))
    old, new = fingerprint("Qz7kLm9Px4Vb8Nc2"), fingerprint("Zz9yXx8wVv7uTt6s")
    assert messages == sorted(
        [
            f"c changed (old → new), secret_key rotated ({old} → {new})",
            "same (no change)",
            "was old",
            "is new",
            "added changed (not set → x)",
            "old new",
        ]
    )


def test_a_condition_on_before_in_an_instance_rule_is_a_rule_file_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = {"env.yaml": "system: {default: {a: {b: {c: '1'}}}}\n"}
    for condition, word in (
        ("{changed: [a/b/c]}", "changed"),
        ("{before: {set: a/b/c}}", "before"),
        ("{set: {path: a/b/c, state: before}}", "state"),
    ):
        problem = _problem(monkeypatch, capsys, tmp_path, _case(condition), files)
        # A load error at the key, not a finding when the rule fires.
        assert f"'{word}' needs a before state: only change rules have one" in problem, condition


def test_for_each_settings_dynamic_values_and_every_layer(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    env = (
        "<?php\nreturn ['system' => ['default' => ['a' => ['b' => "
        "['c' => 'plain', 'd' => getenv('D'), 'e' => 'plain', 'f' => getenv('F')]]]]];\n"
    )
    files = {
        "app/etc/env.php": env,
        "app/etc/config.php": "<?php\nreturn ['system' => ['default' => "
        "['a' => ['b' => ['c' => 'shared']]]]];\n",
    }
    dynamic = "  for_each: {s: {settings: {paths: ['a/b/*'], values: dynamic}}}\n" + _case("true", "{s.path}")
    assert sorted(f["message"] for f in _fire(monkeypatch, capsys, tmp_path, dynamic, files)) == [
        "a/b/d",
        "a/b/f",
    ]
    every = "  for_each: {s: {settings: {paths: ['a/b/c'], layers: all}}}\n" + _case(
        "true", "{s.value} in {s.file}"
    )
    assert sorted(f["message"] for f in _fire(monkeypatch, capsys, tmp_path, every, files)) == [
        "plain in shop/app/etc/env.php",
        "shared in shop/app/etc/config.php",
    ]
    winners = "  for_each: {s: {settings: {paths: ['a/b/c']}}}\n" + _case("true", "{s.value}")
    assert [f["message"] for f in _fire(monkeypatch, capsys, tmp_path, winners, files)] == ["plain"]


def test_fleet_messages_name_ten_instances_then_count(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fleet = {f"i{n:02}": {"space": "s", "api_key": "k", "type": "x", "merchant": f"m{n}"} for n in range(12)}
    found = _fleet(monkeypatch, capsys, tmp_path, fleet)
    (message,) = found["TEST-UNIQUE"]
    assert message.startswith("s shared by 12: i00 (type unknown, fleet/i00/env.yaml:3:13), i01 (")
    assert "i09 (type unknown, fleet/i09/env.yaml:3:13), and 2 more" in message
    assert "i10" not in message
    assert set(found) == {"TEST-UNIQUE"}


def test_environment_type_in_conditions_and_messages(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = {**SCOPED, "instance.yaml": "environment_type: production\n"}
    cases = (
        "  cases:\n"
        "    - {name: a, fail_if: {env_type: [production]}, message: '{env_type} from {env_type_source}'}\n"
        "    - {name: b, fail_if: {env_type: [staging, development]}, message: wrong}\n"
        "    - {name: c, fail_if: {env_type_known: true}, message: known}\n"
    )
    messages = sorted(f["message"] for f in _fire(monkeypatch, capsys, tmp_path, cases, files))
    assert messages == ["known", "production from manifest shop/instance.yaml"]


def test_a_rule_that_needs_the_environment_type_waits_for_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    check = _case("true") + "requires: [environment_type]"
    assert _fire(monkeypatch, capsys, tmp_path, check, SCOPED) == []
    known = {**SCOPED, "instance.yaml": "environment_type: staging\n"}
    assert len(_fire(monkeypatch, capsys, tmp_path, check, known)) == 1


def test_each_case_of_a_rule_has_its_own_fingerprint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Kills: the case name left out of the finding's key (two cases on one path would share a
    # fingerprint, since the wording is not part of it, and baselining one would hide the other).
    cases = (
        "  cases:\n"
        "    - {name: first, fail_if: {set: a/b/word}, message: one wording, at: [a/b/word]}\n"
        "    - {name: second, fail_if: {set: a/b/word}, message: another wording, at: [a/b/word]}\n"
    )
    findings = _fire(monkeypatch, capsys, tmp_path, cases, SCOPED)
    assert len(findings) == 2
    assert findings[0]["fingerprint"] != findings[1]["fingerprint"]
    # ...and the same finding keeps its fingerprint when the line moves.
    moved = {**SCOPED, "env.yaml": "\n\n" + SCOPED["env.yaml"]}
    again = _fire(monkeypatch, capsys, tmp_path, cases, moved)
    assert sorted(f["fingerprint"] for f in again) == sorted(f["fingerprint"] for f in findings)
    assert again[0]["line"] == findings[0]["line"] + 2


def test_bound_variables_are_part_of_the_fingerprint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    check = "  for_each: {f: [one, two]}\n" + _case("true", "{f}")
    findings = _fire(monkeypatch, capsys, tmp_path, check, SCOPED)
    assert len(findings) == 2 and findings[0]["fingerprint"] != findings[1]["fingerprint"]


def test_schema_findings_name_config_paths(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shop = tmp_path / "shop"
    shop.mkdir()
    (shop / "env.yaml").write_text(
        'system:\n  default:\n    payment: "oops"\n  websites:\n    eu: {payment: 5}\n  stores: [1]\ndb: 5\n'
    )
    monkeypatch.chdir(tmp_path)
    report = _json(monkeypatch, capsys, "shop", "--select", "INPUT-SCHEMA")
    found = [(f["message"], f["paths"], f["line"], f["column"]) for f in report["findings"]]
    assert found == [
        ("payment: must be of type object", ["payment"], 3, 5),
        ("websites/eu/payment: must be of type object", ["websites/eu/payment"], 5, 10),
        ("stores/0: must be of type object or array", ["stores/0"], 6, 12),  # [1]: store "0" => 1
        ("db: must be of type object", ["db"], 7, 1),
    ]


def test_fingerprints_do_not_depend_on_the_working_directory(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _write_rule(tmp_path, _case("{set: a/b/word}"), SCOPED)
    monkeypatch.chdir(tmp_path)
    here = _json(monkeypatch, capsys, "shop", "--rules", "rules", "--select", "TEST-RULE")
    monkeypatch.chdir(tmp_path / "shop")
    inside = _json(monkeypatch, capsys, ".", "--rules", "../rules", "--select", "TEST-RULE")
    assert here["findings"][0]["file"] != inside["findings"][0]["file"]
    assert here["findings"][0]["fingerprint"] == inside["findings"][0]["fingerprint"]


def test_a_fingerprint_is_stable_across_releases(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A baseline written by an earlier release must keep matching: the fingerprint is the documented
    # hash of rule, instance, the file relative to the instance, the paths and the case's key.
    import hashlib

    files = {
        "app/etc/env.php": "<?php\nreturn ['system' => ['default' => ['a' => ['b' => ['c' => 'x']]]]];\n"
    }
    findings = _fire(monkeypatch, capsys, tmp_path, _case("{set: a/b/c}") + "      at: [a/b/c]\n", files)
    basis = "TEST-RULE|shop|app/etc/env.php|a/b/c|c"
    assert [f["fingerprint"] for f in findings] == [hashlib.sha256(basis.encode()).hexdigest()[:16]]
