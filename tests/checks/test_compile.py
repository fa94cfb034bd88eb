"""Rule checks compile at load: typed specs, and every typo a rule-file error at its key's line."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from linter.catalog.cache import RuleCache
from linter.catalog.loader import load_catalog, load_rule
from linter.checks.cases import CasesSpec
from linter.checks.compiling import Names
from linter.checks.conditions import CONDITIONS, Condition, compile_condition
from linter.checks.context import Context
from linter.checks.fleet_spec import FleetSpec
from linter.checks.kinds import CHECK_KINDS, NoticeSpec, compile_check
from linter.checks.schema_check import SchemaSpec
from linter.checks.vocabulary import Level
from linter.errors import RuleFileError
from linter.model.instance import Instance
from linter.ruletest.runner import build_instance
from tests.conftest import run_cli

_HEAD = (
    "id: ACME-TEST\ntitle: A test rule\nseverity: error\nlevel: {level}\n"
    "rationale: a rule for the tests\nsource: [{{document: test}}]\nremediation: fix the value\n"
)
_EXAMPLES = "examples: [{name: a, expect: pass}, {name: b, expect: fail}]\n"


def _instance_rule(folder: Path, check: str) -> Path:
    """A rule file whose ``check:`` block (indented by two) starts on line 8."""
    folder.mkdir(exist_ok=True)
    path = folder / "ACME-TEST.yaml"
    path.write_text(_HEAD.format(level="instance") + "check:\n" + check + _EXAMPLES)
    return path


def _fleet_rule(folder: Path, message: str, extra: str = "") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "ACME-TEST.yaml"
    path.write_text(
        _HEAD.format(level="fleet")
        + "check:\n  fleet:\n    kind: unique\n"  # line 8, 9, 10
        + "    path: services_connector/services_id/environment_id\n"  # line 11
        + extra
        + f"    message: '{message}'\n"
        + _EXAMPLES
    )
    return path


_CASE = "  cases:\n    - fail_if: {fail_if}\n      message: '{message}'\n"  # lines 9, 10, 11
_SETTING = "  for_each:\n    setting: {settings: {paths: [payment/*]}}\n"  # lines 9, 10


@pytest.mark.parametrize(
    ("check", "line", "wanted"),
    [
        (_CASE.format(fail_if="{set: a/b/c}", message="{valeu} is set"), 11, "unknown variable {valeu}"),
        (_CASE.format(fail_if="{set: a/b/c}", message="{value:a/b/c} {valeu:a/b/c}"), 11, "{valeu:...}"),
        (_CASE.format(fail_if="{set: a/b/c}", message="on {instance.name}"), 11, "{instance.name}"),
        (_CASE.format(fail_if="{set: 'a/{nope}/c'}", message="x"), 10, "unknown variable {nope}"),
        (_CASE.format(fail_if="{set: {var: setting}}", message="x"), 10, "unknown variable 'setting'"),
        (
            _CASE.format(fail_if="{classify: {path: a/b, with: api_key_token, in: [okay]}}", message="x"),
            10,
            "api_key_token never returns 'okay'",
        ),
        (
            _SETTING + _CASE.format(fail_if="{set: {var: setting}}", message="{setting.vaule}"),
            13,
            "unknown variable {setting.vaule}",
        ),
        ("  let:\n    m: {value: 'x/{pair}'}\n" + _CASE.format(fail_if="true", message="x"), 10, "{pair}"),
    ],
)
def test_a_typo_in_a_check_is_a_rule_file_error_at_its_line(
    tmp_path: Path, check: str, line: int, wanted: str
) -> None:
    path = _instance_rule(tmp_path, check)
    with pytest.raises(RuleFileError) as caught:
        load_rule(path)
    assert caught.value.file.endswith("ACME-TEST.yaml")
    assert caught.value.line == line, caught.value.message
    assert wanted in caught.value.message


def test_the_variables_a_check_binds_are_known(tmp_path: Path) -> None:
    check = (
        _SETTING
        + "    site: {scopes: websites}\n    pair: [a, b]\n"
        + "  let:\n    mode: {value: 'x/{pair}/{site.code}'}\n"
        + _CASE.format(fail_if="{set: {var: setting}}", message="{setting.file} {site.label} {mode} {scope}")
    )
    rule = load_rule(_instance_rule(tmp_path, check))
    assert isinstance(rule.check, CasesSpec)
    assert [name for name, _ in rule.check.for_each] == ["setting", "site", "pair"]


def test_a_fleet_message_with_an_unknown_placeholder_fails_rules_test(tmp_path: Path) -> None:
    path = _fleet_rule(tmp_path / "rules", "{count} instances share {valeu}")
    done = run_cli("rules", "test", str(path.parent))
    assert done.returncode == 2, done.stdout
    assert "ACME-TEST.yaml:12: check/fleet/message: unknown variable {valeu}" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("message", "extra", "wanted"),
    [
        ("{value} on {among}", "    for_each: {pair: [a]}\n    where: {set: 'x/{pear}'}\n", "{pear}"),
        ("{value} {fp:a/b}", "", "needs an instance"),
        ("{value} {limit}", "", "unknown variable {limit}"),  # a max_distinct variable, not unique's
        ("{value} {instance}", "", "unknown variable {instance}"),  # no instance: the finding is the fleet's
    ],
)
def test_fleet_checks_know_their_kind_s_variables(
    tmp_path: Path, message: str, extra: str, wanted: str
) -> None:
    with pytest.raises(RuleFileError) as caught:
        load_rule(_fleet_rule(tmp_path, message, extra))
    assert wanted in caught.value.message
    assert caught.value.line is not None


def test_a_fleet_message_s_variables_are_filled(tmp_path: Path) -> None:
    from linter.checks.fleet import evaluate_fleet_example

    message = "{pair}: {count} share {value} among {among} ({group}): {instances}"
    rule = load_rule(_fleet_rule(tmp_path, message, "    for_each: {pair: [sandbox]}\n"))
    assert isinstance(rule.check, FleetSpec) and rule.check.kind == "unique"
    env = {"system": {"default": {"services_connector": {"services_id": {"environment_id": "ds-1"}}}}}
    instances = {name: build_instance(name, {"env": env}) for name in ("a", "b")}
    _, findings = evaluate_fleet_example(rule, instances)
    assert [finding.message for finding in findings] == [
        "sandbox: 2 share ds-1 among the fleet ((none)): a (type unknown, <example:a>/env.yaml), "
        "b (type unknown, <example:b>/env.yaml)"
    ]


def test_a_cache_written_before_checks_compiled_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The previous cache file held files that were validated but never compiled: this one among them.
    import json

    from linter import __version__
    from linter.catalog.cache import content_key
    from linter.loaders.yaml_loader import load_yaml

    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("COMMERCE_LINT_CACHE_DIR", str(cache))
    path = _instance_rule(tmp_path / "rules", _CASE.format(fail_if="{set: a/b/c}", message="{valeu}"))
    text = path.read_text()
    entry = {content_key(text): load_yaml(text, "x", typed_numbers=True).data}
    (cache / "rules-v2.json").write_text(json.dumps({"version": __version__, "rules": entry}))
    with pytest.raises(RuleFileError) as caught:
        load_rule(path, RuleCache())
    assert caught.value.line == 11 and "{valeu}" in caught.value.message


def test_a_rule_from_the_cache_compiles_to_the_same_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMMERCE_LINT_CACHE_DIR", str(tmp_path / "cache"))
    first = load_catalog()  # validated and compiled with every test, then cached
    cache = RuleCache()
    assert len(cache.rules.entries) == len(first)
    assert load_catalog() == first  # from the cache: compiled without the tests it passed
    for data in cache.rules.entries.values():
        level = Level(data["level"])
        assert compile_check(data["check"], level, trusted=True) == compile_check(data["check"], level)


def test_every_bundled_rule_compiles_to_its_kind_s_spec() -> None:
    rules = load_catalog()
    spec_types = {kind.spec for kind in CHECK_KINDS.values()}
    assert {type(rule.check) for rule in rules} == spec_types  # each kind is used by some bundled rule
    for rule in rules:
        assert isinstance(rule.check, FleetSpec) == (rule.level == Level.FLEET), rule.id
    assert any(isinstance(r.check, SchemaSpec) for r in rules) and any(
        isinstance(r.check, NoticeSpec) for r in rules
    )


def test_compiled_rules_are_immutable_values_that_cross_process_boundaries() -> None:
    rules = load_catalog()
    hash(tuple(rule.check for rule in rules))  # immutable all the way down: no dict, no list
    assert pickle.loads(pickle.dumps(rules)) == rules  # workers started by spawn get the same rules


def test_a_condition_compiles_once_and_never_reads_its_data_again() -> None:
    data = {"all": [{"equals": {"path": "web/secure/base_url", "value": "https://a.test/"}}]}
    condition = compile_condition(data, Names({}), ("check",))
    data["all"][0]["equals"]["value"] = "https://b.test/"  # the rule file's data, changed after compiling
    env = {"system": {"default": {"web": {"secure": {"base_url": "https://a.test/"}}}}}
    context = Context(build_instance("i", {"env": env}))
    assert isinstance(condition, Condition)
    assert condition(context) is True
    assert compile_condition(False, Names({}), ())(Context(Instance("i", "i", []))) is False


def test_an_unknown_condition_names_the_registry() -> None:
    from linter.checks.compiling import CompileError

    with pytest.raises(CompileError) as caught:
        compile_condition({"equal": {"path": "a", "value": "b"}}, Names({}), ("check", "applies_if"))
    assert caught.value.path == ("check", "applies_if")
    assert all(name in caught.value.message for name in CONDITIONS)


def test_a_check_must_be_of_exactly_one_kind() -> None:
    from linter.checks.compiling import CompileError

    with pytest.raises(CompileError, match="exactly one of"):
        compile_check({"schema": "env.schema.json", "notice": "unused_waiver"}, Level.INSTANCE)
    with pytest.raises(CompileError, match="level: fleet"):
        compile_check({"notice": "unused_waiver"}, Level.FLEET)
