"""Behaviour of the checks that the mutation run of linter/checks found unguarded (issue 14).

Each test names the mutant it kills (the key ``bench/mutate_code.py --show-survivors`` prints).
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import pytest

from linter.catalog.loader import load_catalog
from linter.checks.compiling import CompileError
from linter.checks.kinds import CHECK_KINDS, compile_check
from linter.checks.vocabulary import Level
from linter.engine import run
from linter.model.discovery import discover
from linter.result import LintResult

_HEAD = (
    "id: {rule_id}\ntitle: A test rule\nseverity: error\nlevel: instance\n"
    "rationale: testing the checks\nsource: [{{document: test}}]\nremediation: fix the value\n"
)
_EXAMPLES = "examples: [{name: a, expect: pass}, {name: b, expect: fail}]\n"


def _main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    """``commerce-lint check ARGS --format json`` in this process: the JSON report."""
    import gc

    from linter.cli import main

    monkeypatch.setattr(sys, "argv", ["commerce-lint", "check", *args, "--format", "json"])
    monkeypatch.setenv("NO_COLOR", "1")
    with pytest.raises(SystemExit) as done:
        main()
    gc.unfreeze()
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert int(done.value.code or 0) in (0, 1), err
    report: dict = json.loads(out)  # type: ignore[type-arg]
    return report


def _check(directory: Path, rules: Path | None = None) -> LintResult:
    """The real engine over ``directory``: the bundled rules, or only the rules in ``rules``."""
    catalog = load_catalog([str(rules)], include_bundled=False) if rules else load_catalog()
    with contextlib.chdir(directory):
        return run(discover(["."]), catalog)


def _write(directory: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return directory


# --- linter/checks/kinds.py ----------------------------------------------------------------------


def test_a_check_of_no_kind_names_every_kind_comma_separated() -> None:
    # kills linter/checks/kinds.py:constant:74e0620ffb63 (", ".join -> "X, ".join)
    with pytest.raises(CompileError) as caught:
        compile_check({}, Level.INSTANCE)
    assert caught.value.message == "a check has exactly one of cases, schema, fleet, notice (found none)"
    assert list(CHECK_KINDS) == ["cases", "schema", "fleet", "notice"]
    assert caught.value.path == ("check",)


def test_instance_state_on_a_check_that_is_not_cases_is_refused_at_its_key() -> None:
    # kills linter/checks/kinds.py:constant:887da7b60765 ("instance_state" in check -> "Xinstance_state")
    with pytest.raises(CompileError) as caught:
        compile_check({"notice": "unused_waiver", "instance_state": "removed"}, Level.INSTANCE)
    assert caught.value.message == "instance_state applies to cases checks only"
    assert caught.value.path == ("check", "instance_state")


# --- linter/checks/cases.py ----------------------------------------------------------------------


def test_a_removed_production_instance_is_reported_against_the_before_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # kills linter/checks/cases.py:constant:7e6ca49de6ab (check.get("instance_state") -> "Xinstance_state"):
    # without it CHG-PRODUCTION-INSTANCE-REMOVED is an ordinary change rule, never run on a gone instance.
    env = "system:\n  default:\n    web:\n      x: '1'\n"
    before = _write(
        tmp_path / "before",
        {
            "prod/instance.yaml": "name: prod\nenvironment_type: production\n",
            "prod/env.yaml": env,
            "stage/instance.yaml": "name: stage\nenvironment_type: staging\n",
            "stage/env.yaml": env,
        },
    )
    after = _write(
        tmp_path / "after",
        {"stage/instance.yaml": "name: stage\nenvironment_type: staging\n", "stage/env.yaml": env},
    )
    monkeypatch.chdir(after)
    report = _main(monkeypatch, capsys, ".", "--before", str(before))
    removed = [f for f in report["findings"] if f["rule"] == "CHG-PRODUCTION-INSTANCE-REMOVED"]
    assert [(f["instance"], f["message"]) for f in removed] == [
        ("prod", "The production instance prod existed in the compared state but is gone now.")
    ]
    assert not report["errors"]


# --- linter/checks/evaluate.py -------------------------------------------------------------------


def test_a_duplicate_key_finding_points_at_its_instance_on_both_lines(tmp_path: Path) -> None:
    # kills linter/checks/evaluate.py:argument dropped:3cd1de1a4d2d (the place of a finding on a
    # duplicate key lost its instance name; every other finding's place carries it)
    _write(
        tmp_path,
        {
            "shop/instance.yaml": "name: shop\nenvironment_type: staging\n",
            "shop/env.yaml": "system:\n  default:\n    web:\n      x: '1'\n      x: '2'\n",
        },
    )
    result = _check(tmp_path)
    duplicates = [f for f in result.findings if f.rule == "INPUT-DUPLICATE-KEY"]
    assert len(duplicates) == 1
    (finding,) = duplicates
    assert finding.instance == "shop"
    assert (finding.place.line, finding.place.instance) == (5, "shop")
    assert [(place.line, place.instance) for place in finding.related] == [(4, "shop")]


# --- linter/checks/templates.py ------------------------------------------------------------------


def test_only_before_and_after_are_states_in_a_placeholder_the_rest_is_the_path(tmp_path: Path) -> None:
    # kills linter/checks/templates.py:and<->or:77a6a4e3797b (state in (before, after) "or rest": any
    # "word:" prefix would be taken for a state and dropped from the path)
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "ACME-SHOWN.yaml").write_text(
        _HEAD.format(rule_id="ACME-SHOWN")
        + "check:\n  cases:\n    - fail_if: {set: web/x}\n"
        + "      message: 'x is {value:web/x}; colon path is {value:now:web/x}'\n"
        + _EXAMPLES
    )
    _write(
        tmp_path / "fleet",
        {
            "shop/instance.yaml": "name: shop\nenvironment_type: staging\n",
            "shop/env.yaml": "system:\n  default:\n    web:\n      x: one\n",
        },
    )
    result = _check(tmp_path / "fleet", rules)
    assert not result.errors, result.errors
    messages = [f.message for f in result.findings if f.rule == "ACME-SHOWN"]
    assert len(messages) == 1
    assert messages[0].startswith("x is one; colon path is ")
    assert "one" not in messages[0].removeprefix("x is one; colon path is ")
