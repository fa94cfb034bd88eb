"""Behaviour of the rule checks that the sampled mutation run of linter/checks found unguarded (issue 14).

Each test names the mutant it kills (the key ``bench/mutate_code.py --show-survivors`` prints).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from linter.catalog.loader import load_catalog, load_rule
from linter.checks import reference
from linter.checks.compiling import CompileError, Names
from linter.checks.conditions import compile_condition
from linter.checks.context import Context, Unknown
from linter.checks.evaluate import evaluate_rule
from linter.checks.fleet_spec import compile_fleet
from linter.checks.kinds import compile_check
from linter.checks.vocabulary import Level, Outcome
from linter.errors import RuleFileError
from linter.ruletest.runner import build_instance

_RULE = (
    "id: ACME-KILL\ntitle: A test rule\nseverity: error\nlevel: {level}\n"
    "rationale: a rule for the tests\nsource: [{{document: test}}]\nremediation: fix the value\n"
    "check:\n{check}"
    "examples: [{{name: a, expect: pass}}, {{name: b, expect: fail}}]\n"
)

# env.php whose a/b/c is computed at run time (getenv), the rest of it plain.
_DYNAMIC_PHP = (
    "<?php\nreturn [\n    'system' => [\n        'default' => [\n"
    "            'a' => ['b' => ['c' => getenv('ACME_C'), 'd' => 'plain']],\n"
    "        ],\n    ],\n];\n"
)
_DYNAMIC: dict[str, Any] = {"files": {"app/etc/env.php": _DYNAMIC_PHP}}
CASE: dict[str, Any] = {"name": "k", "fail_if": True, "message": "{key}"}


def _rule_file(tmp_path: Path, check: str, level: str = "instance") -> Path:
    """A rule file whose ``check:`` block (indented by two) starts on line 8."""
    path = tmp_path / "ACME-KILL.yaml"
    path.write_text(_RULE.format(check=check, level=level))
    return path


def _evaluate(tmp_path: Path, check: str, spec: dict[str, Any]) -> Any:
    return evaluate_rule(load_rule(_rule_file(tmp_path, check)), build_instance("shop", spec))


# --- linter/checks/cases.py ----------------------------------------------------------------------


@pytest.mark.parametrize("keys", [[], "PERSIST_EXPORTED_FEED", [""], [1], None])
def test_deployment_keys_needs_a_list_of_key_names(keys: Any) -> None:
    # kills linter/checks/cases.py:statement deleted:f2ebf67bdb3e (any argument to deployment_keys
    # compiles, and the rule iterates over the characters of a string, or over nothing). The rule
    # schema refuses these first in a rule file; compile_check, which other callers reach, must too.
    check = {"for_each": {"key": {"deployment_keys": keys}}, "cases": [CASE]}
    with pytest.raises(CompileError, match="deployment_keys takes a list"):
        compile_check(check, Level.INSTANCE)
    assert compile_check({**check, "for_each": {"key": {"deployment_keys": ["A", "B"]}}}, Level.INSTANCE)


def test_a_typo_in_a_let_value_is_reported_at_the_value_line(tmp_path: Path) -> None:
    # kills linter/checks/cases.py:constant:01cccf364831 (the error points at a key that does not
    # exist, so it is reported at the let's name, not at its value)
    check = (
        "  let:\n"  # line 9
        "    m:\n"  # line 10
        "      value: 'x/{pair}'\n"  # line 11
        "  cases:\n    - name: c\n      fail_if: true\n      message: x\n"
    )
    with pytest.raises(RuleFileError) as caught:
        load_rule(_rule_file(tmp_path, check))
    assert "{pair}" in caught.value.message
    assert caught.value.line == 11, caught.value.message


# --- linter/checks/conditions.py -----------------------------------------------------------------


@pytest.mark.parametrize("condition", [{}, {"set": "a/b/c", "unset": "a/b/c"}, ["set"], "set", 1])
def test_a_condition_that_is_not_one_key_is_a_compile_error_that_says_so(condition: Any) -> None:
    # kills linter/checks/conditions.py:argument dropped:8cc6dfa22c78 (a TypeError, not the rule
    # file error with its message)
    with pytest.raises(CompileError) as caught:
        compile_condition(condition, Names({}), ("check", "cases", "0", "fail_if"))
    assert caught.value.message == "a condition is true, false or a mapping with one key"
    assert caught.value.path == ("check", "cases", "0", "fail_if")


def test_changed_against_a_value_computed_at_run_time_cannot_tell() -> None:
    # kills linter/checks/conditions.py:statement deleted:528cc3ba4c78 (a plain value that became
    # getenv(...) counts as unchanged instead of unknown)
    before = build_instance("shop", {"env": {"system": {"default": {"a": {"b": {"c": "1", "d": "plain"}}}}}})
    after = build_instance("shop", _DYNAMIC)
    context = Context(after, before)
    changed = compile_condition({"changed": ["a/b/c"]}, Names({}), ("check",))
    unchanged = compile_condition({"unchanged": ["a/b/c"]}, Names({}), ("check",))
    with pytest.raises(Unknown):
        changed(context)
    with pytest.raises(Unknown):
        unchanged(context)
    # A known path that did not change beside it: still cannot tell; one that did change: changed.
    with pytest.raises(Unknown):
        compile_condition({"changed": ["a/b/d", "a/b/c"]}, Names({}), ("check",))(context)


def test_a_change_rule_that_meets_a_new_run_time_value_is_not_evaluated(tmp_path: Path) -> None:
    # kills linter/checks/conditions.py:statement deleted:528cc3ba4c78 (through the engine: the rule
    # passes a change it could not see)
    before = build_instance("shop", {"env": {"system": {"default": {"a": {"b": {"c": "1", "d": "plain"}}}}}})
    after = build_instance("shop", _DYNAMIC)
    check = "  cases:\n    - name: c\n      fail_if: {changed: [a/b/c]}\n      message: changed\n"
    outcome = evaluate_rule(load_rule(_rule_file(tmp_path, check, "change")), after, before)
    assert outcome.status is Outcome.NOT_EVALUATED
    assert outcome.findings == []


# --- linter/checks/display.py --------------------------------------------------------------------


def test_the_fingerprint_of_a_value_computed_at_run_time_says_so(tmp_path: Path) -> None:
    # kills linter/checks/display.py:constant:d936672517ba
    check = "  cases:\n    - name: c\n      fail_if: true\n      message: 'fp {fp:a/b/c}'\n"
    outcome = _evaluate(tmp_path, check, _DYNAMIC)
    assert [finding.message for finding in outcome.findings] == ["fp (computed at run time)"]


# --- linter/checks/evaluate.py -------------------------------------------------------------------


def test_a_let_bound_to_a_value_computed_at_run_time_abstains(tmp_path: Path) -> None:
    # kills linter/checks/evaluate.py:statement deleted:5f3fb160427a (the let binds "" and the case
    # fires on a value nobody knows)
    check = (
        "  let:\n    c: {value: a/b/c}\n"
        "  cases:\n    - name: c\n      fail_if: {equals: {path: a/b/d, value: plain}}\n"
        "      message: 'c is {c}'\n"
    )
    outcome = _evaluate(tmp_path, check, _DYNAMIC)
    assert outcome.findings == []
    assert outcome.status is not Outcome.FAIL
    # The same rule with a/b/c known fires, so the case itself would hold.
    known = {"env": {"system": {"default": {"a": {"b": {"c": "1", "d": "plain"}}}}}}
    assert [f.message for f in _evaluate(tmp_path, check, known).findings] == ["c is 1"]


def test_the_schema_does_not_judge_a_website_magento_never_reads() -> None:
    # kills linter/checks/evaluate.py:constant:8c47c8c24da0 (keys under a website the site map does
    # not list are checked against the schema like the read ones)
    (rule,) = [rule for rule in load_catalog() if rule.id == "INPUT-SCHEMA"]
    wrong = {"payment": {"payment_services": {"active": {"not": "a flag"}}}}
    scopes = {"websites": {"base": {"website_id": "1", "code": "base"}}}

    def spec(code: str) -> dict[str, Any]:
        return {"config": {"scopes": scopes}, "env": {"system": {"websites": {code: wrong}}}}

    read = evaluate_rule(rule, build_instance("shop", spec("base")))
    assert read.status is Outcome.FAIL, "the schema must reject this value where it is read"
    unread = evaluate_rule(rule, build_instance("shop", spec("ghost")))
    assert unread.findings == []
    assert unread.status is Outcome.PASS


# --- linter/checks/fleet_spec.py -----------------------------------------------------------------

FOREIGN: dict[str, Any] = {
    "kind": "foreign",
    "path": "services_connector/services_id/environment_id",
    "with": "services_connector/product_recommendations/alternate_environment_id",
    "across": "a/b/c",
    "message": "{pointer} {owners} {value}",
}


def test_a_typo_in_across_is_a_compile_error_at_that_key() -> None:
    # kills linter/checks/fleet_spec.py:constant:291e6b416a38 (the across template is not checked)
    with pytest.raises(CompileError) as caught:
        compile_fleet({"fleet": {**FOREIGN, "across": "a/{nope}/c"}}, ("check",))
    assert "{nope}" in caught.value.message
    assert caught.value.path[-1] == "across"


def test_a_trusted_fleet_check_is_not_checked_again() -> None:
    # kills linter/checks/fleet_spec.py:argument dropped:3ec42e005eec (a check the cache trusts has its
    # templates checked again at every load)
    spec = {"fleet": {**FOREIGN, "path": "a/{nope}/c"}}
    with pytest.raises(CompileError):
        compile_fleet(spec, ("check",))
    compile_fleet(spec, ("check",), trusted=True)


# --- linter/checks/reference.py ------------------------------------------------------------------


def test_reference_check_reports_a_stale_page_and_leaves_it_alone(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # kills linter/checks/reference.py:statement deleted:3451b20c82de (--check rewrites the page and
    # exits 0)
    fresh = reference.regenerate(reference.DOCS.read_text(encoding="utf-8"))
    stale = fresh.replace("`{fp:PATH}`", "`{fp:STALE}`", 1)
    assert stale != fresh
    docs = tmp_path / "rules.md"
    docs.write_text(stale, encoding="utf-8")
    monkeypatch.setattr(reference, "DOCS", docs)
    assert reference.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert docs.read_text(encoding="utf-8") == stale
    docs.write_text(fresh, encoding="utf-8")
    assert reference.main(["--check"]) == 0
    assert reference.main([]) == 0
    docs.write_text(stale, encoding="utf-8")
    assert reference.main([]) == 0
    assert docs.read_text(encoding="utf-8") == fresh
