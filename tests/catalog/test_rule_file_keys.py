"""A key written twice in a rule file is an error at its second line, not a value silently dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.catalog.loader import load_rule
from linter.errors import RuleFileError
from tests.conftest import run_cli

_RULE = """id: ACME-REPEATED
title: A test rule
severity: error
level: instance
rationale: a rule for the tests
source: [{document: test}]
remediation: fix the value
check:
  cases:
    - name: unset
      fail_if: {missing: payment/payment_methods/method}
      message: first message
      message: second message
examples: [{name: a, expect: pass}, {name: b, expect: not_applicable}]
"""


def test_a_repeated_key_names_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "ACME-REPEATED.yaml"
    path.write_text(_RULE)
    with pytest.raises(RuleFileError) as raised:
        load_rule(path)
    assert raised.value.line == 13
    assert "check/cases/0/message: key repeated (first at line 12)" in raised.value.message


def test_rules_test_exits_2_on_a_repeated_key(tmp_path: Path) -> None:
    (tmp_path / "ACME-REPEATED.yaml").write_text(_RULE)
    result = run_cli("rules", "test", str(tmp_path))
    assert result.returncode == 2
    assert "ACME-REPEATED.yaml:13: check/cases/0/message: key repeated" in result.stderr


def test_the_bundled_rules_repeat_no_key() -> None:
    result = run_cli("rules", "test")
    assert result.returncode == 0, result.stderr


def test_an_unknown_top_level_key_names_its_line(tmp_path: Path) -> None:
    text = _RULE.replace("      message: second message\n", "").replace(
        "level: instance\n", "level: instance\ntagz: [x]\n"
    )
    path = tmp_path / "ACME-REPEATED.yaml"
    path.write_text(text)
    with pytest.raises(RuleFileError) as raised:
        load_rule(path)
    assert raised.value.line == 5
    assert "(top level): unknown key: tagz" in raised.value.message
