"""What only a change rule has is a load error in any other rule; the builtin scope offers its parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.catalog.loader import load_rule
from linter.errors import RuleFileError
from tests.conftest import run_cli

_HEAD = (
    "id: ACME-LEVEL\ntitle: A test rule\nseverity: error\nlevel: {level}\n"
    "rationale: a rule for the tests\nsource: [{{document: test}}]\nremediation: fix the value\n"
)
_EXAMPLES = "examples: [{name: a, expect: pass}, {name: b, expect: not_applicable}]\n"


def _rule(folder: Path, level: str, check: str) -> Path:
    path = folder / "ACME-LEVEL.yaml"
    path.write_text(_HEAD.format(level=level) + "check:\n" + check + _EXAMPLES)
    return path


@pytest.mark.parametrize(
    ("fail_if", "message", "line", "named"),
    [
        ("{changed: [a/b]}", "m", 11, "check/cases/0/fail_if/changed: 'changed' needs a before state"),
        ("{unchanged: [a/b]}", "m", 11, "'unchanged' needs a before state"),
        ("{before: {set: a/b}}", "m", 11, "'before' needs a before state"),
        ("{equals: {path: a/b, state: before, value: x}}", "m", 11, "'state' needs a before state"),
        ("{set: a/b}", "'{changes:a/b}'", 12, "check/cases/0/message: {changes:...} reads a before state"),
        ("{set: a/b}", "'{fp:before:a/b}'", 12, "{fp:before:...} reads a before state"),
    ],
)
def test_an_instance_rule_cannot_read_a_before_state(
    tmp_path: Path, fail_if: str, message: str, line: int, named: str
) -> None:
    check = f"  cases:\n    - name: c\n      fail_if: {fail_if}\n      message: {message}\n"
    path = _rule(tmp_path, "instance", check)
    with pytest.raises(RuleFileError) as raised:
        load_rule(path)
    assert raised.value.line == line
    assert named in raised.value.message


def test_a_fleet_rule_cannot_read_a_before_state(tmp_path: Path) -> None:
    check = (
        "  fleet:\n    kind: consistent\n    path: a/b\n    reference_when: {changed: [a/b]}\n"
        "    message: '{values} on {instances}'\n"
    )
    _rule(tmp_path, "fleet", check)
    done = run_cli("rules", "test", str(tmp_path))
    assert done.returncode == 2
    where = "ACME-LEVEL.yaml:12: check/fleet/reference_when/changed"
    assert f"{where}: 'changed' needs a before state" in done.stderr


def test_a_change_rule_may_read_it(tmp_path: Path) -> None:
    check = "  cases:\n    - name: c\n      fail_if: {changed: [a/b]}\n      message: '{changes:a/b}'\n"
    assert load_rule(_rule(tmp_path, "change", check)).id == "ACME-LEVEL"


def test_the_builtin_scope_offers_its_kind_code_and_label(tmp_path: Path) -> None:
    check = (
        "  for_each:\n    scope: {scopes: all}\n  cases:\n    - name: c\n"
        "      fail_if: {missing: acme/general/flag}\n"
        "      message: 'kind={scope.kind} code={scope.code} label={scope.label}'\n"
    )
    (tmp_path / "rules").mkdir()
    _rule(tmp_path / "rules", "instance", check)
    instance = tmp_path / "eu"
    instance.mkdir()
    (instance / "env.yaml").write_text("scopes:\n  websites:\n    eu: {website_id: '1', code: eu}\n")
    done = run_cli(
        "check",
        str(instance),
        "--rules",
        str(tmp_path / "rules"),
        "--select",
        "ACME-LEVEL",
        "--format",
        "json",
    )
    assert done.returncode == 1, done.stderr
    assert "kind=websites code=eu label=websites/eu" in done.stdout
    assert "kind=default code= label=default" in done.stdout


def test_a_scope_attribute_typo_is_still_an_error(tmp_path: Path) -> None:
    check = "  cases:\n    - name: c\n      fail_if: {set: a/b}\n      message: 'at {scope.lable}'\n"
    with pytest.raises(RuleFileError) as raised:
        load_rule(_rule(tmp_path, "instance", check))
    assert "unknown variable {scope.lable}" in raised.value.message


@pytest.mark.parametrize(
    ("fleet", "line", "named"),
    [
        (
            "kind: max_distinct\n    path: a/b\n    with: c/d\n    limit: 2\n",
            12,
            "check/fleet/with: 'with' means nothing to a max_distinct check (only to bound_to, foreign)",
        ),
        (
            "kind: unique\n    path: a/b\n    reference_when: {set: a/b}\n",
            12,
            "'reference_when' means nothing to a unique check (only to bound_to, consistent)",
        ),
        (
            "kind: max_distinct\n    path: '{t}/x'\n    for_each: {t: [production, testing]}\n"
            "    limit: {production: 1, tsting: 2}\n",
            13,
            "check/fleet/limit: limit for tsting, which for_each does not list",
        ),
        (
            "kind: max_distinct\n    path: '{t}/x'\n    for_each: {t: [production, testing]}\n"
            "    limit: {production: 1}\n",
            13,
            "no limit for testing (for_each lists it)",
        ),
    ],
)
def test_a_fleet_key_its_kind_never_reads_is_a_load_error(
    tmp_path: Path, fleet: str, line: int, named: str
) -> None:
    path = _rule(tmp_path, "fleet", f"  fleet:\n    {fleet}    message: '{{count}}'\n")
    with pytest.raises(RuleFileError) as raised:
        load_rule(path)
    assert named in raised.value.message
    assert raised.value.line == line


@pytest.mark.parametrize(
    ("message", "named"),
    [
        ("'at {}'", "a brace that opens or closes no placeholder"),
        ("'at {instance'", "a brace that opens or closes no placeholder"),
        ("'at instance}'", "a brace that opens or closes no placeholder"),
    ],
)
def test_a_stray_brace_in_a_message_is_a_load_error(tmp_path: Path, message: str, named: str) -> None:
    check = f"  cases:\n    - name: c\n      fail_if: {{set: a/b}}\n      message: {message}\n"
    with pytest.raises(RuleFileError) as raised:
        load_rule(_rule(tmp_path, "instance", check))
    assert named in raised.value.message
    assert raised.value.line == 12


@pytest.mark.parametrize(
    ("source", "named"),
    [
        ("{path: a/b, format: [ymll]}", "check/cases/0/fail_if/source/format: unknown format ymll"),
    ],
)
def test_an_unknown_format_or_role_in_a_source_condition_is_a_load_error(
    tmp_path: Path, source: str, named: str
) -> None:
    check = f"  cases:\n    - name: c\n      fail_if: {{source: {source}}}\n      message: m\n"
    with pytest.raises(RuleFileError) as raised:
        load_rule(_rule(tmp_path, "instance", check))
    assert named in raised.value.message
